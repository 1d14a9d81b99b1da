/**
 * Statements both backends run as they are, with `?` placeholders (PostgreSQL numbers them).
 * The few that differ (appending, transactions) live in each backend.
 */

const USER = "u.id, u.email, u.name, u.admin, u.created_at";
const ACCOUNT = `${USER}, u.disabled_at, u.email_notifications`;
const NOTIFICATION =
  "id, user_id, referential_id, kind, actor_id, target, excerpt, created_at, read_at, mailed_at";
const REFERENTIAL = "r.id, r.title, r.rncp_code, r.status, r.archived, r.created_at, r.updated_at";
const INVITATION = "token, referential_id, email, role, created_by, created_at, used_by";
const VERSION_SUMMARY =
  "id, kind, base_id, referential_id, name, author_id, author_name, created_at, sha256, errors, warnings, validated";
const ACTIVITY = "user_id, bucket_ms, first_ms, last_ms, updates, inserted, deleted, targets";

export const SQL = {
  /** The snapshot (part 0) then the updates after it (part 1), read in one consistent statement. */
  loadDoc: `
    SELECT 0 AS part, up_to_seq AS seq, state AS data FROM doc_snapshots WHERE doc_id = ?
    UNION ALL
    SELECT 1 AS part, seq, data FROM doc_updates WHERE doc_id = ?
    ORDER BY part, seq`,
  /**
   * What was stored after a seq: the updates after it, and the snapshot when a compaction has
   * absorbed updates after it (parts as in loadDoc).
   */
  loadDocSince: `
    SELECT 0 AS part, up_to_seq AS seq, state AS data FROM doc_snapshots WHERE doc_id = ? AND up_to_seq > ?
    UNION ALL
    SELECT 1 AS part, seq, data FROM doc_updates WHERE doc_id = ? AND seq > ?
    ORDER BY part, seq`,
  lastSeq: "SELECT last_seq FROM doc_heads WHERE doc_id = ?",
  /** A compaction that lost a race to a later one keeps the later snapshot. */
  writeSnapshot: `
    INSERT INTO doc_snapshots (doc_id, state, up_to_seq) VALUES (?, ?, ?)
    ON CONFLICT (doc_id) DO UPDATE SET state = excluded.state, up_to_seq = excluded.up_to_seq
    WHERE doc_snapshots.up_to_seq <= excluded.up_to_seq`,
  deleteUpdates: "DELETE FROM doc_updates WHERE doc_id = ? AND seq <= ?",
  pendingUpdates: "SELECT count(*) AS n FROM doc_updates WHERE doc_id = ?",
  log: "SELECT seq, data, author_id, at_ms FROM doc_updates WHERE doc_id = ? ORDER BY seq",
  /** The seq up to which the log was compacted (and its history folded). */
  compactedSeq: "SELECT up_to_seq FROM doc_snapshots WHERE doc_id = ?",
  /** A field's last change; an older one arriving late never replaces a newer one. */
  upsertFieldChange: `
    INSERT INTO doc_field_changes (doc_id, target, field, user_id, at_ms) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (doc_id, target, field) DO UPDATE SET user_id = excluded.user_id, at_ms = excluded.at_ms
    WHERE doc_field_changes.at_ms <= excluded.at_ms`,
  fieldChanges: "SELECT target, field, user_id, at_ms FROM doc_field_changes WHERE doc_id = ?",
  activityBucket: `SELECT ${ACTIVITY} FROM doc_activity WHERE doc_id = ? AND bucket_ms = ? AND user_id = ?`,
  /** Writes a bucket already merged with the stored one. */
  upsertActivity: `
    INSERT INTO doc_activity (doc_id, user_id, bucket_ms, first_ms, last_ms, updates, inserted, deleted, targets)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (doc_id, bucket_ms, user_id) DO UPDATE SET first_ms = excluded.first_ms,
      last_ms = excluded.last_ms, updates = excluded.updates, inserted = excluded.inserted,
      deleted = excluded.deleted, targets = excluded.targets`,
  activity: `SELECT ${ACTIVITY} FROM doc_activity WHERE doc_id = ? AND bucket_ms >= ? ORDER BY bucket_ms, user_id`,
  /** Every row of a deleted document (run together, in one transaction). */
  removeDocUpdates: "DELETE FROM doc_updates WHERE doc_id = ?",
  removeDocSnapshot: "DELETE FROM doc_snapshots WHERE doc_id = ?",
  removeDocHead: "DELETE FROM doc_heads WHERE doc_id = ?",
  removeDocFieldChanges: "DELETE FROM doc_field_changes WHERE doc_id = ?",
  removeDocActivity: "DELETE FROM doc_activity WHERE doc_id = ?",

  countUsers: "SELECT count(*) AS n FROM users",
  insertUser:
    "INSERT INTO users (id, email, email_key, name, password_hash, admin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
  userByEmail: `SELECT ${USER}, u.password_hash, u.disabled_at FROM users u WHERE u.email_key = ?`,
  userById: `SELECT ${USER} FROM users u WHERE u.id = ?`,

  purgeSessions: "DELETE FROM sessions WHERE expires_at <= ?",
  insertSession: "INSERT INTO sessions (token_hash, user_id, expires_at, created_at) VALUES (?, ?, ?, ?)",
  /** A disabled account has no live session (its sessions are also deleted when it is disabled). */
  sessionUser: `SELECT ${USER} FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled_at IS NULL`,
  deleteSession: "DELETE FROM sessions WHERE token_hash = ?",
  sessionExpiry: "SELECT expires_at FROM sessions WHERE token_hash = ?",
  signInFailures: "SELECT failures, last_at FROM sign_in_failures WHERE limiter_key = ?",
  /** One more failure; a count whose last failure is older than the window starts again at 1. */
  recordSignInFailure: `
    INSERT INTO sign_in_failures (limiter_key, failures, last_at) VALUES (?, 1, ?)
    ON CONFLICT (limiter_key) DO UPDATE SET last_at = excluded.last_at,
      failures = CASE WHEN sign_in_failures.last_at < ? THEN 1 ELSE sign_in_failures.failures + 1 END`,
  purgeSignInFailures: "DELETE FROM sign_in_failures WHERE last_at < ?",
  clearSignInFailures: "DELETE FROM sign_in_failures WHERE limiter_key = ?",

  insertReferential:
    "INSERT INTO referentials (id, title, rncp_code, status, archived, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
  referential: `SELECT ${REFERENTIAL} FROM referentials r WHERE r.id = ?`,
  /** Absent fields are bound as NULL and keep their value; every update bumps updated_at. */
  updateReferential: `
    UPDATE referentials SET title = coalesce(?, title), rncp_code = coalesce(?, rncp_code),
      status = coalesce(?, status), archived = coalesce(?, archived), updated_at = ?
    WHERE id = ?`,
  referentialsOf: `
    SELECT ${REFERENTIAL}, m.role FROM members m JOIN referentials r ON r.id = m.referential_id
    WHERE m.user_id = ? ORDER BY r.updated_at DESC, r.id`,

  roleOf: "SELECT role FROM members WHERE referential_id = ? AND user_id = ?",
  setMember: `
    INSERT INTO members (referential_id, user_id, role, added_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (referential_id, user_id) DO UPDATE SET role = excluded.role`,
  removeMember: "DELETE FROM members WHERE referential_id = ? AND user_id = ?",
  /** Members, invitations, versions, its publication and notifications go with it (ON DELETE CASCADE). */
  deleteReferential: "DELETE FROM referentials WHERE id = ?",
  /** Owners first, then editors, reviewers, viewers; by arrival within a role. */
  members: `
    SELECT m.user_id, u.email, u.name, m.role FROM members m JOIN users u ON u.id = m.user_id
    WHERE m.referential_id = ?
    ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'editor' THEN 1 WHEN 'reviewer' THEN 2 ELSE 3 END,
      m.added_at, u.email_key`,

  insertInvitation:
    "INSERT INTO invitations (token, referential_id, email, role, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
  invitation: `SELECT ${INVITATION} FROM invitations WHERE token = ?`,
  invitationsOf: `SELECT ${INVITATION} FROM invitations WHERE referential_id = ? ORDER BY created_at, token`,
  /** Conditional on `used_by IS NULL`, so two concurrent uses cannot both succeed. */
  useInvitation: "UPDATE invitations SET used_by = ?, used_at = ? WHERE token = ? AND used_by IS NULL",

  accounts: `SELECT ${ACCOUNT} FROM users u ORDER BY u.created_at, u.id`,
  account: `SELECT ${ACCOUNT} FROM users u WHERE u.id = ?`,
  /**
   * Absent fields are bound as NULL and keep their value. `disabled` is 'keep', 'on' (keeps the
   * first time it was disabled) or 'off'.
   */
  updateAccount: `
    UPDATE users SET name = coalesce(?, name), password_hash = coalesce(?, password_hash),
      admin = coalesce(?, admin), email_notifications = coalesce(?, email_notifications),
      disabled_at = CASE ? WHEN 'keep' THEN disabled_at WHEN 'on' THEN coalesce(disabled_at, ?) ELSE NULL END
    WHERE id = ?`,
  deleteSessionsOf: "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ? RETURNING token_hash",
  unsubscribeToken:
    "UPDATE users SET unsubscribe_token = coalesce(unsubscribe_token, ?) WHERE id = ? RETURNING unsubscribe_token",
  userByUnsubscribeToken: `SELECT ${ACCOUNT} FROM users u WHERE u.unsubscribe_token = ?`,

  insertPasswordReset:
    "INSERT INTO password_resets (token_hash, user_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
  passwordResetUser: `
    SELECT ${ACCOUNT} FROM password_resets p JOIN users u ON u.id = p.user_id
    WHERE p.token_hash = ? AND p.used_at IS NULL AND p.expires_at > ?`,
  /** Conditional, so that a link is used once even when two requests race. */
  usePasswordReset: `
    UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
    RETURNING user_id`,

  setting: "SELECT value FROM settings WHERE key = ?",
  setSetting:
    "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  allReferentials: `SELECT ${REFERENTIAL} FROM referentials r ORDER BY r.updated_at DESC, r.id`,
  allOwners: `
    SELECT m.referential_id, m.user_id, u.name, u.email FROM members m JOIN users u ON u.id = m.user_id
    WHERE m.role = 'owner' ORDER BY m.added_at, u.email_key`,
  memberCounts: "SELECT referential_id, count(*) AS n FROM members GROUP BY referential_id",

  insertNotification: `
    INSERT INTO notifications (id, user_id, referential_id, kind, actor_id, target, excerpt, created_at, mailed_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  notifications: `SELECT ${NOTIFICATION} FROM notifications WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`,
  unreadCount: "SELECT count(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL",
  markAllRead: "UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL",
  markRead: "UPDATE notifications SET read_at = ? WHERE user_id = ? AND id = ? AND read_at IS NULL",
  /** Conditional on `mailed_at IS NULL`: a notification is claimed for mail by one process only. */
  claimMails: `
    UPDATE notifications SET mailed_at = ? WHERE user_id = ? AND mailed_at IS NULL AND created_at <= ?
    RETURNING ${NOTIFICATION}`,
  releaseMail: "UPDATE notifications SET mailed_at = NULL WHERE id = ?",
  mailsDue: `
    SELECT DISTINCT n.user_id, u.email_notifications FROM notifications n JOIN users u ON u.id = n.user_id
    WHERE n.mailed_at IS NULL AND n.created_at <= ? AND u.disabled_at IS NULL`,

  insertVersion: `
    INSERT INTO versions (id, kind, base_id, referential_id, name, author_id, author_name, created_at, state,
      snapshot_json, sha256, report_json, errors, warnings, validated)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  versions: `SELECT ${VERSION_SUMMARY} FROM versions WHERE referential_id = ? ORDER BY created_at DESC, id DESC`,
  version: `SELECT ${VERSION_SUMMARY}, state, snapshot_json, report_json FROM versions WHERE referential_id = ? AND id = ?`,
  /** A checkpoint nothing is based on. */
  deleteCheckpoint: `
    DELETE FROM versions WHERE referential_id = ? AND id = ? AND kind = 'checkpoint'
      AND NOT EXISTS (SELECT 1 FROM versions AS later WHERE later.base_id = versions.id)`,

  publish: `
    INSERT INTO case_publications (referential_id, version_id, published_at) VALUES (?, ?, ?)
    ON CONFLICT (referential_id) DO UPDATE SET version_id = excluded.version_id, published_at = excluded.published_at`,
  unpublish: "DELETE FROM case_publications WHERE referential_id = ?",
  publication:
    "SELECT referential_id, version_id, published_at FROM case_publications WHERE referential_id = ?",
  publications:
    "SELECT referential_id, version_id, published_at FROM case_publications ORDER BY published_at, referential_id",
} as const;

export type QueryName = keyof typeof SQL;

export const MESSAGES = {
  emailTaken: "Un compte existe déjà avec cette adresse e-mail.",
  referentialExists: "Ce référentiel existe déjà.",
  versionExists: "Cette version existe déjà.",
  invitationExists: "Cette invitation existe déjà.",
  sessionExists: "Cette session existe déjà.",
  missingReference: "Utilisateur ou référentiel introuvable.",
  resetExists: "Ce lien de réinitialisation existe déjà.",
  notificationExists: "Cette notification existe déjà.",
} as const;

/** The statements that forget a document, in an order the tables allow. */
export const REMOVE_DOC = [
  "removeDocUpdates",
  "removeDocSnapshot",
  "removeDocHead",
  "removeDocFieldChanges",
  "removeDocActivity",
] as const satisfies readonly QueryName[];
