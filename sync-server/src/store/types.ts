/**
 * Persistence contracts. Two implementations sit beside this file (SQLite, the embedded default,
 * and PostgreSQL, chosen by DATABASE_URL); one contract test runs against both.
 */

export type Role = "owner" | "editor" | "reviewer" | "viewer";

/** The Yjs state of one document: a compacted snapshot plus the updates appended after it. */
export type StoredDoc = {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
  /** Sequence number of the last update in `updates` (or of the last compacted one): pass to `compact`. */
  lastSeq: number;
};

/** Who sent a stored update and when (ms since the epoch); `userId` null for the server's own changes without a user. */
export type UpdateAuthor = { userId: string | null; at: number };

/** One update of the log with its author. */
export type LoggedUpdate = UpdateAuthor & { seq: number; update: Uint8Array };

/** A place of the document an update changed: a node (or "meta", "comments") and one of its fields. */
export type Touch = { target: string; field: string };

/**
 * What one stored update did, as history keeps it once the update itself is compacted away:
 * who, when, where, and how much (characters or values inserted and deleted).
 */
export type UpdateDigest = UpdateAuthor & {
  seq: number;
  inserted: number;
  deleted: number;
  touched: Touch[];
};

/** The last change of one field of one node (or of the fiche, target "meta"). */
export type FieldAttribution = Touch & UpdateAuthor;

/**
 * The work of one user during one time bucket (`ACTIVITY_BUCKET_MS`): how many updates, characters
 * inserted and deleted, and the nodes touched. Sessions are runs of buckets (see history/activity.ts).
 */
export type ActivityBucket = {
  userId: string | null;
  bucket: number;
  first: number;
  last: number;
  updates: number;
  inserted: number;
  deleted: number;
  targets: string[];
};

/** The append-only update log of every référentiel document. */
export interface DocStore {
  /** Snapshot + every later update, in order. A document never written loads as empty. */
  load(docId: string): Promise<StoredDoc>;
  /**
   * What was stored after `afterSeq` (a process that may have missed relayed updates catches up
   * with it): the later updates, plus the snapshot when a compaction absorbed some of them;
   * `lastSeq` is `afterSeq` when nothing is new.
   */
  loadSince(docId: string, afterSeq: number): Promise<StoredDoc>;
  /** Sequence number of the last update appended to each document (absent: none), in one query. */
  lastSeqs(docIds: readonly string[]): Promise<Map<string, number>>;
  /**
   * Durably appends one update (committed when the promise resolves) with who sent it; returns
   * its sequence number.
   */
  append(docId: string, update: Uint8Array, author?: UpdateAuthor): Promise<number>;
  /**
   * Replaces the snapshot and every update with seq <= upToSeq by `snapshot`, atomically, and
   * keeps the history of those updates: the digests of the ones not compacted before are folded
   * into the field attributions and activity buckets in the same transaction.
   */
  compact(docId: string, snapshot: Uint8Array, upToSeq: number, digests?: UpdateDigest[]): Promise<void>;
  /** Number of updates appended since the last compaction. */
  pendingUpdates(docId: string): Promise<number>;
  /** The updates appended since the last compaction, with their authors, in order. */
  log(docId: string): Promise<LoggedUpdate[]>;
  /** The last change of every field ever changed (folded at compaction). */
  attributions(docId: string): Promise<FieldAttribution[]>;
  /** Activity buckets from `since` (ms) on, oldest first (folded at compaction). */
  activity(docId: string, since?: number): Promise<ActivityBucket[]>;
  /** Forgets a document (its référentiel was deleted): snapshot, updates, history; it then loads as empty. */
  remove(docId: string): Promise<void>;
}

/** Failed sign-ins under one limiter key: how many, and when the last one was (ISO). */
export type SignInFailures = { failures: number; lastAt: string };

export type User = { id: string; email: string; name: string; admin: boolean; createdAt: string };
export type UserWithHash = User & { passwordHash: string; disabled: boolean };

/** How often a person wants notifications by e-mail. */
export type EmailFrequency = "immediate" | "daily" | "never";
export const EMAIL_FREQUENCIES: readonly EmailFrequency[] = ["immediate", "daily", "never"];

/** A user as the account screens and administrators see it. */
export type Account = User & { disabled: boolean; emailNotifications: EmailFrequency };

export type AccountPatch = Partial<{
  name: string;
  passwordHash: string;
  admin: boolean;
  disabled: boolean;
  emailNotifications: EmailFrequency;
}>;

/** A référentiel as administrators list them: with its owners. */
export type ReferentialOverview = ReferentialRecord & {
  owners: { userId: string; name: string; email: string }[];
  members: number;
};

export type PasswordReset = {
  tokenHash: string;
  userId: string;
  /** The administrator who made it to hand over, or null when asked for by e-mail. */
  createdBy: string | null;
  expiresAt: string;
};

export type ReferentialRecord = {
  id: string;
  title: string;
  rncpCode: string;
  status: string;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
};

export type Member = { userId: string; email: string; name: string; role: Role };

export type Invitation = {
  token: string;
  referentialId: string;
  email: string;
  role: Role;
  createdBy: string;
  createdAt: string;
  usedBy: string | null;
};

/**
 * named: « Créer la version »; snapshot: the validated snapshot of the export; checkpoint: saved
 * automatically while people work (or before a restore); restore: a restore, stored as the one
 * update it made over the checkpoint saved just before it (its base), so it can be undone alone.
 */
export type VersionKind = "named" | "snapshot" | "checkpoint" | "restore";

export type VersionRecord = {
  id: string;
  kind: VersionKind;
  /**
   * When set, `state` is only what changed since that version (Y.encodeStateAsUpdate against its
   * state vector): the version's state is the base's plus this. Light checkpoints use it.
   */
  baseId: string | null;
  referentialId: string;
  name: string;
  authorId: string;
  authorName: string;
  createdAt: string;
  /** Yjs state (Y.encodeStateAsUpdate) of the document at that moment, or its delta over `baseId`. */
  state: Uint8Array;
  /** Canonical snapshot JSON ("" for a checkpoint: computed when it is opened) and its sha256. */
  snapshotJson: string;
  sha256: string;
  /** The ValidationReport as JSON ("" for a checkpoint). */
  reportJson: string;
  errors: number;
  warnings: number;
  /** True when full validation found zero errors: the same content is validated whatever its kind. */
  validated: boolean;
};

export type VersionSummary = Omit<VersionRecord, "state" | "snapshotJson" | "reportJson">;

/** The version of a référentiel that the CASE provider serves (one per référentiel at most). */
export type Publication = { referentialId: string; versionId: string; publishedAt: string };

/** Accounts, sessions, référentiels, memberships, invitations and versions. */
export interface AppStore {
  countUsers(): Promise<number>;
  /** Throws an error with `code = "conflict"` when the email is taken (emails compare case-insensitively). */
  createUser(user: { email: string; name: string; passwordHash: string; admin: boolean }): Promise<User>;
  userByEmail(email: string): Promise<UserWithHash | null>;
  userById(id: string): Promise<User | null>;

  /** Sessions are stored by the sha256 of their token, never the token itself. */
  createSession(tokenHash: string, userId: string, expiresAt: string): Promise<void>;
  sessionUser(tokenHash: string, now: string): Promise<User | null>;
  /** The failed sign-ins counted under a limiter key (see auth/sign-in-limiter.ts). */
  signInFailures(key: string): Promise<SignInFailures | null>;
  /**
   * Counts one more failure at `at` (ISO) — from 1 again when the last one is before `forgetBefore`
   * — and forgets every key whose last failure is before `forgetBefore`.
   */
  recordSignInFailure(key: string, at: string, forgetBefore: string): Promise<void>;
  clearSignInFailures(key: string): Promise<void>;
  /** When a session ends (ISO time), or null for an unknown one: open connections close then. */
  sessionExpiry(tokenHash: string): Promise<string | null>;
  deleteSession(tokenHash: string): Promise<void>;

  createReferential(record: {
    id: string;
    title: string;
    rncpCode: string;
    ownerId: string;
  }): Promise<ReferentialRecord>;
  referential(id: string): Promise<ReferentialRecord | null>;
  updateReferential(
    id: string,
    patch: Partial<Pick<ReferentialRecord, "title" | "rncpCode" | "status" | "archived">>,
  ): Promise<ReferentialRecord | null>;
  /**
   * Deletes a référentiel record with its members, invitations, versions, publication and
   * notifications (not its document: `DocStore.remove`); false when there was none.
   */
  deleteReferential(id: string): Promise<boolean>;
  /** The référentiels a user is a member of, with the user's role, most recently updated first. */
  referentialsOf(userId: string): Promise<(ReferentialRecord & { role: Role })[]>;

  roleOf(referentialId: string, userId: string): Promise<Role | null>;
  setMember(referentialId: string, userId: string, role: Role): Promise<void>;
  removeMember(referentialId: string, userId: string): Promise<void>;
  members(referentialId: string): Promise<Member[]>;

  createInvitation(invitation: Omit<Invitation, "createdAt" | "usedBy">): Promise<Invitation>;
  invitation(token: string): Promise<Invitation | null>;
  invitationsOf(referentialId: string): Promise<Invitation[]>;
  /** Marks an unused invitation used; false if it was already used or does not exist. */
  useInvitation(token: string, userId: string): Promise<boolean>;

  /** Every account (administration), oldest first. */
  accounts(): Promise<Account[]>;
  account(id: string): Promise<Account | null>;
  /** Changes an account; null when it does not exist. */
  updateAccount(id: string, patch: AccountPatch): Promise<Account | null>;
  /** Deletes the sessions of a user except `keep` (sign out elsewhere, disable); returns their hashes. */
  deleteSessionsOf(userId: string, keep?: string): Promise<string[]>;
  /** The secret of a user's unsubscribe link, made on first use. */
  unsubscribeToken(userId: string): Promise<string>;
  userByUnsubscribeToken(token: string): Promise<Account | null>;

  createPasswordReset(reset: PasswordReset): Promise<void>;
  /** The user of a reset link still usable at `now` (not used, not expired), or null. */
  passwordResetUser(tokenHash: string, now: string): Promise<Account | null>;
  /** Marks a usable reset link used and returns its user id; null when it is not usable (used, expired, unknown). */
  usePasswordReset(tokenHash: string, now: string): Promise<string | null>;

  setting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;
  /** Every référentiel with its owners and member count (administration), most recently updated first. */
  referentialOverview(): Promise<ReferentialOverview[]>;

  addVersion(version: VersionRecord): Promise<void>;
  versions(referentialId: string): Promise<VersionSummary[]>;
  version(referentialId: string, versionId: string): Promise<VersionRecord | null>;
  /** Deletes checkpoints (never named versions or snapshots, nor a version other versions are based on). */
  deleteCheckpoints(referentialId: string, ids: string[]): Promise<number>;

  /** Publishes a version of the référentiel through CASE (replacing the one published), or nothing with null. */
  setPublication(referentialId: string, versionId: string | null): Promise<void>;
  publication(referentialId: string): Promise<Publication | null>;
  /** Every published version, oldest publication first. */
  publications(): Promise<Publication[]>;
}

export type NotificationKind = "mention" | "reply" | "suggestion" | "decision" | "role" | "invitation";

/** Where a notification leads: a référentiel, and in it a thread, a suggestion or a node. */
export type NotificationTarget = {
  thread?: string;
  suggestion?: string;
  node?: string;
  /** The new role (kinds "role" and "invitation"). */
  role?: string;
  /** The invitation to accept (kind "invitation"). */
  invitation?: string;
  /** What became of a suggestion (kind "decision"). */
  decision?: "accepted" | "rejected";
};

export type Notification = {
  id: string;
  userId: string;
  referentialId: string | null;
  kind: NotificationKind;
  actorId: string | null;
  target: NotificationTarget;
  excerpt: string;
  createdAt: string;
  readAt: string | null;
  mailedAt: string | null;
};

/** A notification to add; `mailDue` when the person's choice asks for a mail about it. */
export type NewNotification = Omit<Notification, "readAt" | "mailedAt"> & { mailDue: boolean };

/** In-app notifications and the mails due for them. */
export interface NotificationStore {
  /** Adds a batch in one transaction. */
  add(notifications: NewNotification[]): Promise<void>;
  /** A user's notifications, newest first. */
  list(userId: string, limit: number): Promise<Notification[]>;
  unreadCount(userId: string): Promise<number>;
  /** Marks some (or, without ids, all) of a user's notifications read. */
  markRead(userId: string, ids?: string[]): Promise<void>;
  /**
   * Claims the mails due for a user's notifications created up to `upTo` (marks them mailed) and
   * returns them, oldest first: two processes never claim the same one.
   */
  claimMails(userId: string, upTo: string): Promise<Notification[]>;
  /** Gives claimed notifications back (their mail could not be sent): they are due again. */
  releaseMails(ids: string[]): Promise<void>;
  /** Users with mails due for notifications created up to `upTo`, and their choice of frequency. */
  mailsDue(upTo: string): Promise<{ userId: string; frequency: EmailFrequency }[]>;
}

/** Both stores over one database connection; `close` flushes and releases it. */
export interface Stores {
  docs: DocStore;
  app: AppStore;
  notifications: NotificationStore;
  close(): Promise<void>;
}
