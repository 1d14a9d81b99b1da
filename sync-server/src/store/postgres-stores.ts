/**
 * The production store: PostgreSQL (chosen by DATABASE_URL), shared by every server process.
 * Same tables, migrations and statements as SQLite; appends are safe across processes.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { ConflictError, NotFoundError } from "./errors.ts";
import { activityUser, foldDigests, mergeBuckets } from "./history.ts";
import { MIGRATIONS, POSTGRES } from "./migrations.ts";
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
import type { AppStore, DocStore, EmailFrequency, NotificationStore, Role, Stores } from "./types.ts";

export type PostgresOptions = {
  /** Schema holding the tables, created if missing (tests isolate themselves with one each). */
  schema?: string;
};

type Queryable = pg.Pool | pg.PoolClient;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The shared statements with PostgreSQL's numbered placeholders. */
const PG_SQL = Object.fromEntries(
  Object.entries(SQL).map(([name, sql]) => {
    let n = 0;
    return [name, sql.replace(/\?/g, () => `$${++n}`)];
  }),
) as Record<QueryName, string>;

/**
 * One statement: the per-document counter row is upserted and the update inserted with its value.
 * The upsert locks the doc_heads row until commit, so concurrent appends to one document (from
 * any process) queue there: seqs are distinct, gapless and committed in order. A reader that sees
 * seq n therefore sees every seq below it, and compacting up to a loaded lastSeq never drops an
 * update committed late with a smaller seq (which a global bigserial would allow).
 */
const APPEND = `
  WITH head AS (
    INSERT INTO doc_heads (doc_id, last_seq) VALUES ($1, 1)
    ON CONFLICT (doc_id) DO UPDATE SET last_seq = doc_heads.last_seq + 1
    RETURNING last_seq
  )
  INSERT INTO doc_updates (doc_id, seq, data, author_id, at_ms) SELECT $1, last_seq, $2, $3, $4 FROM head
  RETURNING seq`;

export async function openPostgresStores(
  databaseUrl: string,
  options: PostgresOptions = {},
): Promise<Stores> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new RangeError(`Nom de schéma PostgreSQL invalide : ${schema}`);
  }
  if (schema !== undefined && /[?&]options=/.test(databaseUrl)) {
    throw new RangeError("DATABASE_URL définit déjà « options » : impossible d'y ajouter le schéma.");
  }
  // The schema goes in the connection's startup parameters: every pooled connection has its
  // search_path before its first query (a `SET` from pool.on("connect") would race the first
  // query, a pattern pg 8 deprecates). A URL's own `options` would replace it, hence the check.
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle client whose connection drops is discarded by the pool and the next query reconnects
  // (and reports its own failure); without a listener this event would crash the process.
  pool.on("error", () => {});
  try {
    await migrate(pool, schema);
  } catch (error) {
    await pool.end();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    docs: docStore(pool),
    app: appStore(pool),
    notifications: notificationStore(pool),
    close: () => {
      closing ??= pool.end();
      return closing;
    },
  };
}

/** Applies missing migrations under an advisory lock, so processes starting together take turns. */
async function migrate(pool: pg.Pool, schema: string | undefined): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [
      `refstudio-migrations:${schema ?? ""}`,
    ]);
    if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)",
    );
    const { rows } = await client.query("SELECT coalesce(max(version), 0) AS applied FROM schema_migrations");
    const applied = Number(rows[0].applied);
    const latest = MIGRATIONS.at(-1)?.version ?? 0;
    if (applied > latest) {
      throw new Error(
        `La base de données (schéma ${applied}) vient d'une version plus récente (attendu ${latest}).`,
      );
    }
    for (const migration of MIGRATIONS.filter((m) => m.version > applied)) {
      await client.query(migration.sql(POSTGRES));
      await client.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", [
        migration.version,
        migration.name,
        nowIso(),
      ]);
    }
  });
}

async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    client.release();
    return result;
  } catch (error) {
    // A client that cannot even roll back is destroyed rather than returned to the pool.
    const failed = await client.query("ROLLBACK").then(
      () => undefined,
      (rollbackError: Error) => rollbackError,
    );
    client.release(failed);
    throw error;
  }
}

/** Runs a shared statement as a named (prepared once per connection) query. */
async function run<Row extends pg.QueryResultRow = Record<string, unknown>>(
  db: Queryable,
  name: QueryName,
  values: unknown[] = [],
): Promise<pg.QueryResult<Row>> {
  return db.query<Row>({ name, text: PG_SQL[name], values });
}

/** Turns PostgreSQL constraint violations into the store's coded errors. */
function rethrow(error: unknown, duplicate: string): never {
  const code = (error as { code?: unknown }).code;
  if (code === "23505") throw new ConflictError(duplicate);
  if (code === "23503") throw new NotFoundError(MESSAGES.missingReference);
  throw error;
}

function docStore(pool: pg.Pool): DocStore {
  return {
    load: async (docId) => toStoredDoc((await run<DocPartRow>(pool, "loadDoc", [docId, docId])).rows),
    loadSince: async (docId, afterSeq) =>
      toStoredDoc(
        (await run<DocPartRow>(pool, "loadDocSince", [docId, afterSeq, docId, afterSeq])).rows,
        afterSeq,
      ),
    lastSeqs: async (docIds) => {
      const { rows } = await pool.query<{ doc_id: string; last_seq: string }>({
        name: "lastSeqs",
        text: "SELECT doc_id, last_seq FROM doc_heads WHERE doc_id = ANY($1::text[])",
        values: [docIds],
      });
      return new Map(rows.map((row) => [row.doc_id, Number(row.last_seq)]));
    },
    append: async (docId, update, author) => {
      const { rows } = await pool.query({
        name: "append",
        text: APPEND,
        values: [docId, asBuffer(update), author?.userId ?? null, author?.at ?? null],
      });
      return Number(rows[0].seq);
    },
    compact: (docId, snapshot, upToSeq, digests = []) =>
      inTransaction(pool, async (client) => {
        const { rows } = await run(client, "lastSeq", [docId]);
        checkCompactionBound(upToSeq, Number(rows[0]?.last_seq ?? 0));
        // Locks the snapshot row: a concurrent compaction folds only what this one did not.
        await client.query("SELECT 1 FROM doc_snapshots WHERE doc_id = $1 FOR UPDATE", [docId]);
        const compacted = Number((await run(client, "compactedSeq", [docId])).rows[0]?.up_to_seq ?? 0);
        const { fields, buckets } = foldDigests(
          digests.filter((digest) => digest.seq > compacted && digest.seq <= upToSeq),
        );
        for (const field of fields) {
          await run(client, "upsertFieldChange", [docId, field.target, field.field, field.userId, field.at]);
        }
        for (const bucket of buckets) {
          const values = [docId, bucket.bucket, activityUser(bucket.userId)];
          const row = (await run<ActivityRow>(client, "activityBucket", values)).rows[0];
          const merged = row ? mergeBuckets(toActivityBucket(row), bucket) : bucket;
          await run(client, "upsertActivity", [docId, ...activityValues(merged)]);
        }
        await run(client, "writeSnapshot", [docId, asBuffer(snapshot), upToSeq]);
        await run(client, "deleteUpdates", [docId, upToSeq]);
      }),
    pendingUpdates: async (docId) => Number((await run(pool, "pendingUpdates", [docId])).rows[0]!.n),
    log: async (docId) => (await run<LogRow>(pool, "log", [docId])).rows.map(toLoggedUpdate),
    attributions: async (docId) =>
      (await run<FieldChangeRow>(pool, "fieldChanges", [docId])).rows.map(toFieldAttribution),
    activity: async (docId, since = 0) =>
      (await run<ActivityRow>(pool, "activity", [docId, since])).rows.map(toActivityBucket),
    remove: (docId) =>
      inTransaction(pool, async (client) => {
        for (const statement of REMOVE_DOC) await run(client, statement, [docId]);
      }),
  };
}

function appStore(pool: pg.Pool): AppStore {
  const referential = async (db: Queryable, id: string) => {
    const row = (await run<ReferentialRow>(db, "referential", [id])).rows[0];
    return row ? toReferential(row) : null;
  };
  const invitation = async (token: string) => {
    const row = (await run<InvitationRow>(pool, "invitation", [token])).rows[0];
    return row ? toInvitation(row) : null;
  };
  const account = async (id: string) => {
    const row = (await run<AccountRow>(pool, "account", [id])).rows[0];
    return row ? toAccount(row) : null;
  };

  return {
    countUsers: async () => Number((await run(pool, "countUsers")).rows[0]!.n),
    createUser: async ({ email, name, passwordHash, admin }) => {
      const user = { id: randomUUID(), email: email.trim(), name, admin, createdAt: nowIso() };
      await run(pool, "insertUser", [
        user.id,
        user.email,
        emailKey(email),
        name,
        passwordHash,
        admin,
        user.createdAt,
      ]).catch((error) => rethrow(error, MESSAGES.emailTaken));
      return user;
    },
    userByEmail: async (email) => {
      const row = (await run<UserWithHashRow>(pool, "userByEmail", [emailKey(email)])).rows[0];
      return row
        ? { ...toUser(row), passwordHash: row.password_hash, disabled: row.disabled_at !== null }
        : null;
    },
    userById: async (id) => {
      const row = (await run<UserRow>(pool, "userById", [id])).rows[0];
      return row ? toUser(row) : null;
    },

    createSession: async (tokenHash, userId, expiresAt) => {
      const now = nowIso();
      await run(pool, "purgeSessions", [now]);
      await run(pool, "insertSession", [tokenHash, userId, isoTime(expiresAt), now]).catch((error) =>
        rethrow(error, MESSAGES.sessionExists),
      );
    },
    sessionUser: async (tokenHash, now) => {
      const row = (await run<UserRow>(pool, "sessionUser", [tokenHash, isoTime(now)])).rows[0];
      return row ? toUser(row) : null;
    },
    signInFailures: async (key) => {
      const row = (await run<{ failures: number; last_at: Date }>(pool, "signInFailures", [key])).rows[0];
      return row ? { failures: row.failures, lastAt: isoTime(row.last_at) } : null;
    },
    recordSignInFailure: async (key, at, forgetBefore) => {
      await run(pool, "purgeSignInFailures", [isoTime(forgetBefore)]);
      await run(pool, "recordSignInFailure", [key, isoTime(at), isoTime(forgetBefore)]);
    },
    clearSignInFailures: async (key) => {
      await run(pool, "clearSignInFailures", [key]);
    },
    sessionExpiry: async (tokenHash) => {
      const row = (await run<{ expires_at: Date }>(pool, "sessionExpiry", [tokenHash])).rows[0];
      return row ? isoTime(row.expires_at) : null;
    },
    deleteSession: async (tokenHash) => {
      await run(pool, "deleteSession", [tokenHash]);
    },

    createReferential: (record) =>
      inTransaction(pool, async (client) => {
        const now = nowIso();
        await run(client, "insertReferential", [
          record.id,
          record.title,
          record.rncpCode,
          "draft",
          false,
          now,
          now,
        ]);
        await run(client, "setMember", [record.id, record.ownerId, "owner", now]);
        return (await referential(client, record.id))!;
      }).catch((error) => rethrow(error, MESSAGES.referentialExists)),
    referential: (id) => referential(pool, id),
    updateReferential: async (id, patch) => {
      await run(pool, "updateReferential", [
        patch.title ?? null,
        patch.rncpCode ?? null,
        patch.status ?? null,
        patch.archived ?? null,
        nowIso(),
        id,
      ]);
      return referential(pool, id);
    },
    referentialsOf: async (userId) =>
      (await run<ReferentialRow & { role: Role }>(pool, "referentialsOf", [userId])).rows.map((row) => ({
        ...toReferential(row),
        role: row.role,
      })),

    roleOf: async (referentialId, userId) =>
      (await run<{ role: Role }>(pool, "roleOf", [referentialId, userId])).rows[0]?.role ?? null,
    setMember: async (referentialId, userId, role) => {
      await run(pool, "setMember", [referentialId, userId, role, nowIso()]).catch((error) =>
        rethrow(error, MESSAGES.missingReference),
      );
    },
    deleteReferential: async (id) => ((await run(pool, "deleteReferential", [id])).rowCount ?? 0) > 0,
    removeMember: async (referentialId, userId) => {
      await run(pool, "removeMember", [referentialId, userId]);
    },
    members: async (referentialId) =>
      (await run<MemberRow>(pool, "members", [referentialId])).rows.map(toMember),

    createInvitation: async ({ token, referentialId, email, role, createdBy }) => {
      await run(pool, "insertInvitation", [token, referentialId, email, role, createdBy, nowIso()]).catch(
        (error) => rethrow(error, MESSAGES.invitationExists),
      );
      return (await invitation(token))!;
    },
    invitation,
    invitationsOf: async (referentialId) =>
      (await run<InvitationRow>(pool, "invitationsOf", [referentialId])).rows.map(toInvitation),
    useInvitation: async (token, userId) => {
      const result = await run(pool, "useInvitation", [userId, nowIso(), token]).catch((error) =>
        rethrow(error, MESSAGES.missingReference),
      );
      return result.rowCount === 1;
    },

    accounts: async () => (await run<AccountRow>(pool, "accounts")).rows.map(toAccount),
    account,
    updateAccount: async (id, patch) => {
      const disabled = patch.disabled === undefined ? "keep" : patch.disabled ? "on" : "off";
      await run(pool, "updateAccount", [
        patch.name ?? null,
        patch.passwordHash ?? null,
        patch.admin ?? null,
        patch.emailNotifications ?? null,
        disabled,
        nowIso(),
        id,
      ]);
      return account(id);
    },
    deleteSessionsOf: async (userId, keep = "") =>
      (await run<{ token_hash: string }>(pool, "deleteSessionsOf", [userId, keep])).rows.map(
        (row) => row.token_hash,
      ),
    unsubscribeToken: async (userId) => {
      const row = (await run<{ unsubscribe_token: string }>(pool, "unsubscribeToken", [randomUUID(), userId]))
        .rows[0];
      if (!row) throw new NotFoundError(MESSAGES.missingReference);
      return row.unsubscribe_token;
    },
    userByUnsubscribeToken: async (token) => {
      const row = (await run<AccountRow>(pool, "userByUnsubscribeToken", [token])).rows[0];
      return row ? toAccount(row) : null;
    },

    createPasswordReset: async ({ tokenHash, userId, createdBy, expiresAt }) => {
      await run(pool, "insertPasswordReset", [
        tokenHash,
        userId,
        createdBy,
        nowIso(),
        isoTime(expiresAt),
      ]).catch((error) => rethrow(error, MESSAGES.resetExists));
    },
    passwordResetUser: async (tokenHash, now) => {
      const row = (await run<AccountRow>(pool, "passwordResetUser", [tokenHash, isoTime(now)])).rows[0];
      return row ? toAccount(row) : null;
    },
    usePasswordReset: async (tokenHash, now) =>
      (await run<{ user_id: string }>(pool, "usePasswordReset", [isoTime(now), tokenHash, isoTime(now)]))
        .rows[0]?.user_id ?? null,

    setting: async (key) => (await run<{ value: string }>(pool, "setting", [key])).rows[0]?.value ?? null,
    setSetting: async (key, value) => {
      await run(pool, "setSetting", [key, value]);
    },
    referentialOverview: async () => {
      const [referentials, owners, counts] = await Promise.all([
        run<ReferentialRow>(pool, "allReferentials"),
        run<OwnerRow>(pool, "allOwners"),
        run<{ referential_id: string; n: string }>(pool, "memberCounts"),
      ]);
      return toOverview(referentials.rows, owners.rows, counts.rows);
    },

    addVersion: async (v) => {
      await run(pool, "insertVersion", [
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
        v.validated,
      ]).catch((error) => rethrow(error, MESSAGES.versionExists));
    },
    versions: async (referentialId) =>
      (await run<VersionSummaryRow>(pool, "versions", [referentialId])).rows.map(toVersionSummary),
    version: async (referentialId, versionId) => {
      const row = (await run<VersionRow>(pool, "version", [referentialId, versionId])).rows[0];
      return row ? toVersion(row) : null;
    },
    deleteCheckpoints: (referentialId, ids) =>
      inTransaction(pool, async (client) => {
        let count = 0;
        for (const id of ids)
          count += (await run(client, "deleteCheckpoint", [referentialId, id])).rowCount ?? 0;
        return count;
      }),

    setPublication: async (referentialId, versionId) => {
      if (versionId === null) await run(pool, "unpublish", [referentialId]);
      else
        await run(pool, "publish", [referentialId, versionId, nowIso()]).catch((error) =>
          rethrow(error, MESSAGES.missingReference),
        );
    },
    publication: async (referentialId) => {
      const row = (await run<PublicationRow>(pool, "publication", [referentialId])).rows[0];
      return row ? toPublication(row) : null;
    },
    publications: async () => (await run<PublicationRow>(pool, "publications", [])).rows.map(toPublication),
  };
}

function notificationStore(pool: pg.Pool): NotificationStore {
  return {
    add: (rows) =>
      inTransaction(pool, async (client) => {
        for (const n of rows) {
          const createdAt = isoTime(n.createdAt);
          await run(client, "insertNotification", [
            n.id,
            n.userId,
            n.referentialId,
            n.kind,
            n.actorId,
            JSON.stringify(n.target),
            n.excerpt,
            createdAt,
            n.mailDue ? null : createdAt,
          ]);
        }
      }).catch((error) => rethrow(error, MESSAGES.notificationExists)),
    list: async (userId, limit) =>
      (await run<NotificationRow>(pool, "notifications", [userId, limit])).rows.map(toNotification),
    unreadCount: async (userId) => Number((await run(pool, "unreadCount", [userId])).rows[0]!.n),
    markRead: async (userId, ids) => {
      const now = nowIso();
      if (ids === undefined) {
        await run(pool, "markAllRead", [now, userId]);
        return;
      }
      await inTransaction(pool, async (client) => {
        for (const id of ids) await run(client, "markRead", [now, userId, id]);
      });
    },
    claimMails: async (userId, upTo) =>
      (await run<NotificationRow>(pool, "claimMails", [nowIso(), userId, isoTime(upTo)])).rows
        .map(toNotification)
        .sort(byCreation),
    releaseMails: async (ids) => {
      await inTransaction(pool, async (client) => {
        for (const id of ids) await run(client, "releaseMail", [id]);
      });
    },
    mailsDue: async (upTo) =>
      (
        await run<{ user_id: string; email_notifications: EmailFrequency }>(pool, "mailsDue", [isoTime(upTo)])
      ).rows.map((row) => ({ userId: row.user_id, frequency: row.email_notifications })),
  };
}
