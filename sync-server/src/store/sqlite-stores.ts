/**
 * The embedded default: one SQLite file in the data directory, zero configuration.
 * better-sqlite3 is synchronous, so each call runs to completion before the next one starts.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { ConflictError, NotFoundError } from "./errors.ts";
import { MIGRATIONS, SQLITE } from "./migrations.ts";
import {
  asBuffer,
  checkCompactionBound,
  type DocPartRow,
  emailKey,
  type InvitationRow,
  isoTime,
  type MemberRow,
  nowIso,
  type ReferentialRow,
  toInvitation,
  toMember,
  toReferential,
  toStoredDoc,
  toUser,
  toVersion,
  toVersionSummary,
  type UserRow,
  type UserWithHashRow,
  type VersionRow,
  type VersionSummaryRow,
} from "./rows.ts";
import { MESSAGES, type QueryName, SQL } from "./sql.ts";
import type { AppStore, DocStore, Role, Stores } from "./types.ts";

export const SQLITE_FILE = "refstudio.sqlite";

type Db = Database.Database;

export function openSqliteStores(dataDir: string): Stores {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, SQLITE_FILE));
  try {
    db.pragma("journal_mode = WAL");
    // A commit is in the WAL (the OS page cache) when the statement returns, so it survives kill -9
    // of this process; NORMAL only lets an OS crash or power loss drop the last commits, and spares
    // the fsync per append that FULL would cost.
    db.pragma("synchronous = NORMAL");
    db.pragma("busy_timeout = 5000");
    db.pragma("foreign_keys = ON");
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  const statements = prepareAll(db);
  return {
    docs: docStore(db, statements),
    app: appStore(db, statements),
    close: async () => {
      if (db.open) db.close();
    },
  };
}

/** Applies the migrations this file has not seen, in one transaction (another process may open it too). */
function migrate(db: Db): void {
  db.transaction(() => {
    db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
    );
    const applied = db
      .prepare("SELECT coalesce(max(version), 0) FROM schema_migrations")
      .pluck()
      .get() as number;
    const latest = MIGRATIONS.at(-1)?.version ?? 0;
    if (applied > latest) {
      throw new Error(
        `La base de données (schéma ${applied}) vient d'une version plus récente (attendu ${latest}).`,
      );
    }
    const record = db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
    for (const migration of MIGRATIONS.filter((m) => m.version > applied)) {
      db.exec(migration.sql(SQLITE));
      record.run(migration.version, migration.name, nowIso());
    }
  }).immediate();
}

type Statements = Record<QueryName, Database.Statement> & {
  nextSeq: Database.Statement;
  insertUpdate: Database.Statement;
};

function prepareAll(db: Db): Statements {
  const shared = Object.fromEntries(Object.entries(SQL).map(([name, sql]) => [name, db.prepare(sql)]));
  return {
    ...(shared as Record<QueryName, Database.Statement>),
    nextSeq: db.prepare(`
      INSERT INTO doc_heads (doc_id, last_seq) VALUES (?, 1)
      ON CONFLICT (doc_id) DO UPDATE SET last_seq = last_seq + 1
      RETURNING last_seq`),
    insertUpdate: db.prepare("INSERT INTO doc_updates (doc_id, seq, data) VALUES (?, ?, ?)"),
  };
}

/** Turns SQLite constraint failures into the store's coded errors. */
function rethrow(error: unknown, duplicate: string): never {
  const code = (error as { code?: unknown }).code;
  if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY")
    throw new ConflictError(duplicate);
  if (code === "SQLITE_CONSTRAINT_FOREIGNKEY") throw new NotFoundError(MESSAGES.missingReference);
  throw error;
}

const flag = (value: boolean | undefined): number | null => (value === undefined ? null : value ? 1 : 0);

function docStore(db: Db, s: Statements): DocStore {
  // IMMEDIATE takes the write lock first: the seq read and the insert cannot interleave with
  // another connection's append, so seqs commit in order.
  const append = db.transaction((docId: string, update: Uint8Array): number => {
    const seq = s.nextSeq.pluck().get(docId) as number;
    s.insertUpdate.run(docId, seq, asBuffer(update));
    return seq;
  });
  const compact = db.transaction((docId: string, snapshot: Uint8Array, upToSeq: number) => {
    checkCompactionBound(upToSeq, (s.lastSeq.pluck().get(docId) as number | undefined) ?? 0);
    s.writeSnapshot.run(docId, asBuffer(snapshot), upToSeq);
    s.deleteUpdates.run(docId, upToSeq);
  });
  return {
    load: async (docId) => toStoredDoc(s.loadDoc.all(docId, docId) as DocPartRow[]),
    append: async (docId, update) => append.immediate(docId, update),
    compact: async (docId, snapshot, upToSeq) => compact.immediate(docId, snapshot, upToSeq),
    pendingUpdates: async (docId) => s.pendingUpdates.pluck().get(docId) as number,
  };
}

function appStore(db: Db, s: Statements): AppStore {
  const createReferential = db.transaction(
    (record: { id: string; title: string; rncpCode: string; ownerId: string }, now: string) => {
      s.insertReferential.run(record.id, record.title, record.rncpCode, "draft", 0, now, now);
      s.setMember.run(record.id, record.ownerId, "owner", now);
    },
  );
  const referential = (id: string) => {
    const row = s.referential.get(id) as ReferentialRow | undefined;
    return row ? toReferential(row) : null;
  };
  const invitation = (token: string) => {
    const row = s.invitation.get(token) as InvitationRow | undefined;
    return row ? toInvitation(row) : null;
  };

  return {
    countUsers: async () => s.countUsers.pluck().get() as number,
    createUser: async ({ email, name, passwordHash, admin }) => {
      const user = { id: randomUUID(), email: email.trim(), name, admin, createdAt: nowIso() };
      try {
        s.insertUser.run(
          user.id,
          user.email,
          emailKey(email),
          name,
          passwordHash,
          flag(admin),
          user.createdAt,
        );
      } catch (error) {
        rethrow(error, MESSAGES.emailTaken);
      }
      return user;
    },
    userByEmail: async (email) => {
      const row = s.userByEmail.get(emailKey(email)) as UserWithHashRow | undefined;
      return row ? { ...toUser(row), passwordHash: row.password_hash } : null;
    },
    userById: async (id) => {
      const row = s.userById.get(id) as UserRow | undefined;
      return row ? toUser(row) : null;
    },

    createSession: async (tokenHash, userId, expiresAt) => {
      const now = nowIso();
      s.purgeSessions.run(now);
      try {
        s.insertSession.run(tokenHash, userId, isoTime(expiresAt), now);
      } catch (error) {
        rethrow(error, MESSAGES.sessionExists);
      }
    },
    sessionUser: async (tokenHash, now) => {
      const row = s.sessionUser.get(tokenHash, isoTime(now)) as UserRow | undefined;
      return row ? toUser(row) : null;
    },
    deleteSession: async (tokenHash) => {
      s.deleteSession.run(tokenHash);
    },

    createReferential: async (record) => {
      try {
        createReferential.immediate(record, nowIso());
      } catch (error) {
        rethrow(error, MESSAGES.referentialExists);
      }
      return referential(record.id)!;
    },
    referential: async (id) => referential(id),
    updateReferential: async (id, patch) => {
      s.updateReferential.run(
        patch.title ?? null,
        patch.rncpCode ?? null,
        patch.status ?? null,
        flag(patch.archived),
        nowIso(),
        id,
      );
      return referential(id);
    },
    referentialsOf: async (userId) =>
      (s.referentialsOf.all(userId) as (ReferentialRow & { role: Role })[]).map((row) => ({
        ...toReferential(row),
        role: row.role,
      })),

    roleOf: async (referentialId, userId) =>
      (s.roleOf.pluck().get(referentialId, userId) as Role | undefined) ?? null,
    setMember: async (referentialId, userId, role) => {
      try {
        s.setMember.run(referentialId, userId, role, nowIso());
      } catch (error) {
        rethrow(error, MESSAGES.missingReference);
      }
    },
    removeMember: async (referentialId, userId) => {
      s.removeMember.run(referentialId, userId);
    },
    members: async (referentialId) => (s.members.all(referentialId) as MemberRow[]).map(toMember),

    createInvitation: async ({ token, referentialId, email, role, createdBy }) => {
      try {
        s.insertInvitation.run(token, referentialId, email, role, createdBy, nowIso());
      } catch (error) {
        rethrow(error, MESSAGES.invitationExists);
      }
      return invitation(token)!;
    },
    invitation: async (token) => invitation(token),
    invitationsOf: async (referentialId) =>
      (s.invitationsOf.all(referentialId) as InvitationRow[]).map(toInvitation),
    useInvitation: async (token, userId) => {
      try {
        return s.useInvitation.run(userId, nowIso(), token).changes === 1;
      } catch (error) {
        rethrow(error, MESSAGES.missingReference);
      }
    },

    addVersion: async (v) => {
      try {
        s.insertVersion.run(
          v.id,
          v.referentialId,
          v.name,
          v.authorId,
          v.authorName,
          isoTime(v.createdAt),
          asBuffer(v.state),
          v.snapshotJson,
          v.sha256,
          v.reportJson,
          v.errors,
          v.warnings,
          flag(v.validated),
        );
      } catch (error) {
        rethrow(error, MESSAGES.versionExists);
      }
    },
    versions: async (referentialId) =>
      (s.versions.all(referentialId) as VersionSummaryRow[]).map(toVersionSummary),
    version: async (referentialId, versionId) => {
      const row = s.version.get(referentialId, versionId) as VersionRow | undefined;
      return row ? toVersion(row) : null;
    },
  };
}
