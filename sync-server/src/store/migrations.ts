/**
 * The database schema as an ordered list of migrations shared by SQLite and PostgreSQL: each
 * backend records the highest version applied and runs the later ones, so a release only appends.
 */

/** Column types that differ between the two backends. */
export type Dialect = {
  name: "sqlite" | "postgres";
  /** Boolean literals. */
  true: string;
  false: string;
  blob: string;
  time: string;
  bool: string;
  int64: string;
};

export const SQLITE: Dialect = {
  name: "sqlite",
  true: "1",
  false: "0",
  blob: "BLOB",
  time: "TEXT",
  bool: "INTEGER",
  int64: "INTEGER",
};
export const POSTGRES: Dialect = {
  name: "postgres",
  true: "TRUE",
  false: "FALSE",
  blob: "BYTEA",
  time: "TIMESTAMPTZ",
  bool: "BOOLEAN",
  int64: "BIGINT",
};

export type Migration = { version: number; name: string; sql: (t: Dialect) => string };

const ROLE_CHECK = "CHECK (role IN ('owner', 'editor', 'reviewer', 'viewer'))";

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "initial",
    sql: (t) => `
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL,
        -- trimmed, lower-cased email: the case-insensitive unique key
        email_key TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        admin ${t.bool} NOT NULL,
        created_at ${t.time} NOT NULL
      );
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        expires_at ${t.time} NOT NULL,
        created_at ${t.time} NOT NULL
      );
      CREATE INDEX sessions_expires_at ON sessions (expires_at);
      CREATE TABLE referentials (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        rncp_code TEXT NOT NULL,
        status TEXT NOT NULL,
        archived ${t.bool} NOT NULL,
        created_at ${t.time} NOT NULL,
        updated_at ${t.time} NOT NULL
      );
      CREATE TABLE members (
        referential_id TEXT NOT NULL REFERENCES referentials (id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role TEXT NOT NULL ${ROLE_CHECK},
        added_at ${t.time} NOT NULL,
        PRIMARY KEY (referential_id, user_id)
      );
      CREATE INDEX members_user ON members (user_id);
      CREATE TABLE invitations (
        token TEXT PRIMARY KEY,
        referential_id TEXT NOT NULL REFERENCES referentials (id) ON DELETE CASCADE,
        email TEXT NOT NULL,
        role TEXT NOT NULL ${ROLE_CHECK},
        created_by TEXT NOT NULL REFERENCES users (id),
        created_at ${t.time} NOT NULL,
        used_by TEXT REFERENCES users (id),
        used_at ${t.time}
      );
      CREATE INDEX invitations_referential ON invitations (referential_id, created_at);
      CREATE TABLE versions (
        id TEXT PRIMARY KEY,
        referential_id TEXT NOT NULL REFERENCES referentials (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        author_id TEXT NOT NULL REFERENCES users (id),
        author_name TEXT NOT NULL,
        created_at ${t.time} NOT NULL,
        state ${t.blob} NOT NULL,
        snapshot_json TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        report_json TEXT NOT NULL,
        errors INTEGER NOT NULL,
        warnings INTEGER NOT NULL,
        validated ${t.bool} NOT NULL
      );
      CREATE INDEX versions_referential ON versions (referential_id, created_at);
      -- last sequence number handed out per document: survives compaction, so no seq is reused
      CREATE TABLE doc_heads (
        doc_id TEXT PRIMARY KEY,
        last_seq ${t.int64} NOT NULL
      );
      CREATE TABLE doc_updates (
        doc_id TEXT NOT NULL,
        seq ${t.int64} NOT NULL,
        data ${t.blob} NOT NULL,
        PRIMARY KEY (doc_id, seq)
      );
      CREATE TABLE doc_snapshots (
        doc_id TEXT PRIMARY KEY,
        state ${t.blob} NOT NULL,
        up_to_seq ${t.int64} NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: "history: update authors, field attributions, activity, light versions",
    sql: (t) => `
      -- who sent each update and when (ms since the epoch); NULL for updates stored before
      ALTER TABLE doc_updates ADD COLUMN author_id TEXT;
      ALTER TABLE doc_updates ADD COLUMN at_ms ${t.int64};
      -- the last change of each field of each node ("meta" for the fiche), kept across compaction
      CREATE TABLE doc_field_changes (
        doc_id TEXT NOT NULL,
        target TEXT NOT NULL,
        field TEXT NOT NULL,
        user_id TEXT,
        at_ms ${t.int64} NOT NULL,
        PRIMARY KEY (doc_id, target, field)
      );
      -- who worked when, how much and where, per user and time bucket ('' user: the server)
      CREATE TABLE doc_activity (
        doc_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        bucket_ms ${t.int64} NOT NULL,
        first_ms ${t.int64} NOT NULL,
        last_ms ${t.int64} NOT NULL,
        updates INTEGER NOT NULL,
        inserted INTEGER NOT NULL,
        deleted INTEGER NOT NULL,
        targets TEXT NOT NULL,
        PRIMARY KEY (doc_id, bucket_ms, user_id)
      );
      ALTER TABLE versions ADD COLUMN kind TEXT NOT NULL DEFAULT 'named';
      ALTER TABLE versions ADD COLUMN base_id TEXT;
      CREATE INDEX versions_base ON versions (base_id);
      -- "validated" now says the content had no error, whichever button saved it
      UPDATE versions SET kind = CASE WHEN validated = ${t.true} THEN 'snapshot' ELSE 'named' END;
      UPDATE versions SET validated = CASE WHEN errors = 0 THEN ${t.true} ELSE ${t.false} END;
    `,
  },
  {
    version: 3,
    name: "case publications",
    sql: (t) => `
      -- the version of each référentiel that the CASE provider serves (/ims/case/v1p1)
      CREATE TABLE case_publications (
        referential_id TEXT PRIMARY KEY REFERENCES referentials (id) ON DELETE CASCADE,
        version_id TEXT NOT NULL REFERENCES versions (id) ON DELETE CASCADE,
        published_at ${t.time} NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: "accounts run by their people, notifications",
    sql: (t) => `
      -- a disabled account cannot sign in; its sessions are deleted when it is disabled
      ALTER TABLE users ADD COLUMN disabled_at ${t.time};
      ALTER TABLE users ADD COLUMN email_notifications TEXT NOT NULL DEFAULT 'immediate'
        CHECK (email_notifications IN ('immediate', 'daily', 'never'));
      -- the secret of the account's unsubscribe link, made when the first mail is sent
      ALTER TABLE users ADD COLUMN unsubscribe_token TEXT;
      CREATE UNIQUE INDEX users_unsubscribe_token ON users (unsubscribe_token);
      CREATE TABLE password_resets (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        -- the administrator who made the link to hand over; NULL when asked for by e-mail
        created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
        created_at ${t.time} NOT NULL,
        expires_at ${t.time} NOT NULL,
        used_at ${t.time}
      );
      CREATE INDEX password_resets_user ON password_resets (user_id);
      -- settings an administrator changes at run time (e.g. the sign-up policy)
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE notifications (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        referential_id TEXT REFERENCES referentials (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        actor_id TEXT REFERENCES users (id) ON DELETE SET NULL,
        -- where it points (JSON: thread, suggestion, node), and a short excerpt
        target TEXT NOT NULL,
        excerpt TEXT NOT NULL,
        created_at ${t.time} NOT NULL,
        read_at ${t.time},
        -- when it was mailed (or found not to be mailed): NULL while a mail is due
        mailed_at ${t.time}
      );
      CREATE INDEX notifications_user ON notifications (user_id, created_at);
      CREATE INDEX notifications_unmailed ON notifications (mailed_at, user_id);
    `,
  },
];
