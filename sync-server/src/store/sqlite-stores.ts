/**
 * The embedded default: one SQLite file in the data directory, zero configuration.
 * better-sqlite3 is synchronous, so each call runs to completion before the next one starts
 * (appends excepted: they are grouped, see `docStore`).
 */
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import { ConflictError, NotFoundError } from "./errors.ts";
import { activityUser, foldDigests, mergeBuckets } from "./history.ts";
import { MIGRATIONS, type Migration, SQLITE } from "./migrations.ts";
import {
  type AccountRow,
  type ActivityRow,
  activityValues,
  asBuffer,
  byCreation,
  checkCompactionBound,
  type DocPartRow,
  emailKey,
  type FieldChangeRow,
  type InvitationRow,
  isoTime,
  type LogRow,
  type MemberRow,
  type NotificationRow,
  nowIso,
  type OwnerRow,
  type PublicationRow,
  type ReferentialRow,
  toAccount,
  toActivityBucket,
  toFieldAttribution,
  toInvitation,
  toLoggedUpdate,
  toMember,
  toNotification,
  toOverview,
  toPublication,
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
import { MESSAGES, type QueryName, REMOVE_DOC, SQL } from "./sql.ts";
import type {
  AppStore,
  DocStore,
  EmailFrequency,
  NotificationStore,
  Role,
  Stores,
  UpdateAuthor,
  UpdateDigest,
} from "./types.ts";

export const SQLITE_FILE = "refstudio.sqlite";

type Db = Database.Database;

/**
 * What a commit survives. "normal": once the statement returns the commit is in the WAL (the OS
 * page cache), so it survives kill -9 of this process; an OS crash or power loss may drop the last
 * commits (never corrupts the file). "full": the WAL is also fsynced at each commit (each group of
 * appends, see `docStore`), so it survives power loss too.
 */
export type Durability = "normal" | "full";

export function openSqliteStores(dataDir: string, options: { durability?: Durability } = {}): Stores {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, SQLITE_FILE);
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma(`synchronous = ${options.durability === "full" ? "FULL" : "NORMAL"}`);
    db.pragma("busy_timeout = 5000");
    db.pragma("foreign_keys = ON");
    applyMigrations(db);
  } catch (error) {
    db.close();
    throw error;
  }
  const statements = prepareAll(db);
  // The checkpointer starts with the first document write: an idle server spares its thread.
  let stopCheckpointer: (() => Promise<void>) | null = null;
  const docs = docStore(db, statements, () => {
    stopCheckpointer ??= startCheckpointer(db, file);
  });
  return {
    docs,
    app: appStore(db, statements),
    notifications: notificationStore(db, statements),
    close: async () => {
      docs.commitAppends();
      await stopCheckpointer?.();
      if (db.open) db.close();
    },
  };
}

/** SQLite's own threshold, used again if the checkpointer stops. */
const AUTOCHECKPOINT_PAGES = 1000;
const CHECKPOINT_EVERY_MS = 1000;

/**
 * A checkpoint copies the WAL into the database file and fsyncs both: milliseconds that SQLite's
 * automatic checkpoint spends inside an append (so on the event loop) every thousand pages or so.
 * A worker thread with its own connection does it instead, PASSIVE: it neither waits for nor
 * blocks this connection's writes. Plain JavaScript, so that it needs no TypeScript loader.
 */
const CHECKPOINTER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
const timer = setInterval(() => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch {
    // Busy (another checkpointer on the same file): the next tick tries again.
  }
}, workerData.everyMs);
parentPort.once("message", () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/** Starts the checkpointer of `file`; returns the function that stops it. */
function startCheckpointer(db: Db, file: string): () => Promise<void> {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(CHECKPOINTER, {
    eval: true,
    execArgv: [],
    workerData: { driver, file, everyMs: CHECKPOINT_EVERY_MS },
  });
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  worker.unref();
  db.pragma("wal_autocheckpoint = 0");
  worker.once("error", () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  });
  return async () => {
    worker.ref(); // its exit is now awaited
    worker.postMessage("stop");
    await exited;
  };
}

/**
 * Applies the migrations of `migrations` this file has not seen, in one transaction (another
 * process may open it too). The table is a parameter so a test can migrate an older database.
 */
export function applyMigrations(db: Db, migrations: readonly Migration[] = MIGRATIONS): void {
  db.transaction(() => {
    db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
    );
    const applied = db
      .prepare("SELECT coalesce(max(version), 0) FROM schema_migrations")
      .pluck()
      .get() as number;
    const latest = migrations.at(-1)?.version ?? 0;
    if (applied > latest) {
      throw new Error(
        `La base de données (schéma ${applied}) vient d'une version plus récente (attendu ${latest}).`,
      );
    }
    const record = db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
    for (const migration of migrations.filter((m) => m.version > applied)) {
      db.exec(migration.sql(SQLITE));
      record.run(migration.version, migration.name, nowIso());
    }
  }).immediate();
}

type Statements = Record<QueryName, Database.Statement> & {
  nextSeq: Database.Statement;
  insertUpdate: Database.Statement;
  lastSeqs: Database.Statement;
};

function prepareAll(db: Db): Statements {
  const shared = Object.fromEntries(Object.entries(SQL).map(([name, sql]) => [name, db.prepare(sql)]));
  return {
    ...(shared as Record<QueryName, Database.Statement>),
    nextSeq: db.prepare(`
      INSERT INTO doc_heads (doc_id, last_seq) VALUES (?, 1)
      ON CONFLICT (doc_id) DO UPDATE SET last_seq = last_seq + 1
      RETURNING last_seq`),
    insertUpdate: db.prepare(
      "INSERT INTO doc_updates (doc_id, seq, data, author_id, at_ms) VALUES (?, ?, ?, ?, ?)",
    ),
    lastSeqs: db.prepare(
      "SELECT doc_id, last_seq FROM doc_heads WHERE doc_id IN (SELECT value FROM json_each(?))",
    ),
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

type QueuedAppend = {
  docId: string;
  update: Uint8Array;
  author: UpdateAuthor | undefined;
  resolve: (seq: number) => void;
  reject: (error: unknown) => void;
};

/**
 * Appends are committed in groups: those made in the same turn of the event loop (for any
 * documents) wait for its end and share one transaction, hence one write to the WAL; each
 * promise resolves once that transaction has committed, so "durable when resolved" still holds.
 * Any other call commits the appends made before it first, so it sees them.
 */
function docStore(db: Db, s: Statements, onFirstWrite: () => void): DocStore & { commitAppends(): void } {
  // IMMEDIATE takes the write lock first: the seq read and the insert cannot interleave with
  // another connection's append, so seqs commit in order.
  const appendOne = (docId: string, update: Uint8Array, author: UpdateAuthor | undefined): number => {
    const seq = s.nextSeq.pluck().get(docId) as number;
    s.insertUpdate.run(docId, seq, asBuffer(update), author?.userId ?? null, author?.at ?? null);
    return seq;
  };
  const appendGroup = db.transaction((group: QueuedAppend[]) =>
    group.map(({ docId, update, author }) => appendOne(docId, update, author)),
  );
  const append = db.transaction(appendOne);
  let queue: QueuedAppend[] = [];
  const commitAppends = () => {
    const group = queue;
    if (group.length === 0) return;
    queue = [];
    let seqs: number[];
    try {
      seqs = appendGroup.immediate(group);
    } catch {
      // Nothing of the group was stored: each append is tried alone, so that one failure stays its own.
      for (const entry of group) {
        try {
          entry.resolve(append.immediate(entry.docId, entry.update, entry.author));
        } catch (error) {
          entry.reject(error);
        }
      }
      return;
    }
    for (const [i, entry] of group.entries()) entry.resolve(seqs[i]!);
  };
  const compact = db.transaction(
    (docId: string, snapshot: Uint8Array, upToSeq: number, digests: UpdateDigest[]) => {
      checkCompactionBound(upToSeq, (s.lastSeq.pluck().get(docId) as number | undefined) ?? 0);
      // Only what no earlier compaction folded (another process may have compacted meanwhile).
      const compacted = (s.compactedSeq.pluck().get(docId) as number | undefined) ?? 0;
      const { fields, buckets } = foldDigests(
        digests.filter((digest) => digest.seq > compacted && digest.seq <= upToSeq),
      );
      for (const field of fields) {
        s.upsertFieldChange.run(docId, field.target, field.field, field.userId, field.at);
      }
      for (const bucket of buckets) {
        const row = s.activityBucket.get(docId, bucket.bucket, activityUser(bucket.userId)) as
          | ActivityRow
          | undefined;
        const merged = row ? mergeBuckets(toActivityBucket(row), bucket) : bucket;
        s.upsertActivity.run(docId, ...activityValues(merged));
      }
      s.writeSnapshot.run(docId, asBuffer(snapshot), upToSeq);
      s.deleteUpdates.run(docId, upToSeq);
    },
  );
  const removeDoc = db.transaction((docId: string) => {
    for (const statement of REMOVE_DOC) s[statement].run(docId);
  });
  return {
    load: async (docId) => {
      commitAppends();
      return toStoredDoc(s.loadDoc.all(docId, docId) as DocPartRow[]);
    },
    loadSince: async (docId, afterSeq) => {
      commitAppends();
      return toStoredDoc(s.loadDocSince.all(docId, afterSeq, docId, afterSeq) as DocPartRow[], afterSeq);
    },
    lastSeqs: async (docIds) => {
      commitAppends();
      const rows = s.lastSeqs.all(JSON.stringify(docIds)) as { doc_id: string; last_seq: number }[];
      return new Map(rows.map((row) => [row.doc_id, row.last_seq]));
    },
    append: (docId, update, author) =>
      new Promise((resolve, reject) => {
        onFirstWrite();
        if (queue.length === 0) setImmediate(commitAppends);
        queue.push({ docId, update, author, resolve, reject });
      }),
    compact: async (docId, snapshot, upToSeq, digests = []) => {
      commitAppends();
      compact.immediate(docId, snapshot, upToSeq, digests);
    },
    pendingUpdates: async (docId) => {
      commitAppends();
      return s.pendingUpdates.pluck().get(docId) as number;
    },
    log: async (docId) => {
      commitAppends();
      return (s.log.all(docId) as LogRow[]).map(toLoggedUpdate);
    },
    attributions: async (docId) => (s.fieldChanges.all(docId) as FieldChangeRow[]).map(toFieldAttribution),
    activity: async (docId, since = 0) =>
      (s.activity.all(docId, since) as ActivityRow[]).map(toActivityBucket),
    remove: async (docId) => {
      commitAppends();
      removeDoc.immediate(docId);
    },
    commitAppends,
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
  const account = (id: string) => {
    const row = s.account.get(id) as AccountRow | undefined;
    return row ? toAccount(row) : null;
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
      return row
        ? { ...toUser(row), passwordHash: row.password_hash, disabled: row.disabled_at !== null }
        : null;
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
    signInFailures: async (key) => {
      const row = s.signInFailures.get(key) as { failures: number; last_at: string } | undefined;
      return row ? { failures: row.failures, lastAt: isoTime(row.last_at) } : null;
    },
    recordSignInFailure: async (key, at, forgetBefore) => {
      s.purgeSignInFailures.run(isoTime(forgetBefore));
      s.recordSignInFailure.run(key, isoTime(at), isoTime(forgetBefore));
    },
    clearSignInFailures: async (key) => {
      s.clearSignInFailures.run(key);
    },
    sessionExpiry: async (tokenHash) => {
      const expiresAt = s.sessionExpiry.pluck().get(tokenHash) as string | undefined;
      return expiresAt === undefined ? null : isoTime(expiresAt);
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
    deleteReferential: async (id) => s.deleteReferential.run(id).changes > 0,
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

    accounts: async () => (s.accounts.all() as AccountRow[]).map(toAccount),
    account: async (id) => account(id),
    updateAccount: async (id, patch) => {
      const disabled = patch.disabled === undefined ? "keep" : patch.disabled ? "on" : "off";
      s.updateAccount.run(
        patch.name ?? null,
        patch.passwordHash ?? null,
        flag(patch.admin),
        patch.emailNotifications ?? null,
        disabled,
        nowIso(),
        id,
      );
      return account(id);
    },
    deleteSessionsOf: async (userId, keep = "") => s.deleteSessionsOf.pluck().all(userId, keep) as string[],
    unsubscribeToken: async (userId) => {
      const token = s.unsubscribeToken.pluck().get(randomUUID(), userId) as string | undefined;
      if (!token) throw new NotFoundError(MESSAGES.missingReference);
      return token;
    },
    userByUnsubscribeToken: async (token) => {
      const row = s.userByUnsubscribeToken.get(token) as AccountRow | undefined;
      return row ? toAccount(row) : null;
    },

    createPasswordReset: async ({ tokenHash, userId, createdBy, expiresAt }) => {
      try {
        s.insertPasswordReset.run(tokenHash, userId, createdBy, nowIso(), isoTime(expiresAt));
      } catch (error) {
        rethrow(error, MESSAGES.resetExists);
      }
    },
    passwordResetUser: async (tokenHash, now) => {
      const row = s.passwordResetUser.get(tokenHash, isoTime(now)) as AccountRow | undefined;
      return row ? toAccount(row) : null;
    },
    usePasswordReset: async (tokenHash, now) =>
      (s.usePasswordReset.pluck().get(isoTime(now), tokenHash, isoTime(now)) as string | undefined) ?? null,

    setting: async (key) => (s.setting.pluck().get(key) as string | undefined) ?? null,
    setSetting: async (key, value) => {
      s.setSetting.run(key, value);
    },
    referentialOverview: async () =>
      toOverview(
        s.allReferentials.all() as ReferentialRow[],
        s.allOwners.all() as OwnerRow[],
        s.memberCounts.all() as { referential_id: string; n: number }[],
      ),

    addVersion: async (v) => {
      try {
        s.insertVersion.run(
          v.id,
          v.kind,
          v.baseId,
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
    deleteCheckpoints: async (referentialId, ids) =>
      db.transaction(() =>
        ids.reduce((count, id) => count + s.deleteCheckpoint.run(referentialId, id).changes, 0),
      )(),

    setPublication: async (referentialId, versionId) => {
      try {
        if (versionId === null) s.unpublish.run(referentialId);
        else s.publish.run(referentialId, versionId, nowIso());
      } catch (error) {
        rethrow(error, MESSAGES.missingReference);
      }
    },
    publication: async (referentialId) => {
      const row = s.publication.get(referentialId) as PublicationRow | undefined;
      return row ? toPublication(row) : null;
    },
    publications: async () => (s.publications.all() as PublicationRow[]).map(toPublication),
  };
}

function notificationStore(db: Db, s: Statements): NotificationStore {
  const add = db.transaction((rows: Parameters<NotificationStore["add"]>[0]) => {
    for (const n of rows) {
      const createdAt = isoTime(n.createdAt);
      s.insertNotification.run(
        n.id,
        n.userId,
        n.referentialId,
        n.kind,
        n.actorId,
        JSON.stringify(n.target),
        n.excerpt,
        createdAt,
        n.mailDue ? null : createdAt,
      );
    }
  });
  const markRead = db.transaction((userId: string, ids: string[], now: string) => {
    for (const id of ids) s.markRead.run(now, userId, id);
  });
  const release = db.transaction((ids: string[]) => {
    for (const id of ids) s.releaseMail.run(id);
  });
  return {
    add: async (rows) => {
      try {
        add.immediate(rows);
      } catch (error) {
        rethrow(error, MESSAGES.notificationExists);
      }
    },
    list: async (userId, limit) =>
      (s.notifications.all(userId, limit) as NotificationRow[]).map(toNotification),
    unreadCount: async (userId) => s.unreadCount.pluck().get(userId) as number,
    markRead: async (userId, ids) => {
      if (ids === undefined) s.markAllRead.run(nowIso(), userId);
      else markRead.immediate(userId, ids, nowIso());
    },
    claimMails: async (userId, upTo) =>
      (s.claimMails.all(nowIso(), userId, isoTime(upTo)) as NotificationRow[])
        .map(toNotification)
        .sort(byCreation),
    releaseMails: async (ids) => {
      release.immediate(ids);
    },
    mailsDue: async (upTo) =>
      (s.mailsDue.all(isoTime(upTo)) as { user_id: string; email_notifications: EmailFrequency }[]).map(
        (row) => ({ userId: row.user_id, frequency: row.email_notifications }),
      ),
  };
}
