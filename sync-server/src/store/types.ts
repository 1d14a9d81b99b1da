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
}

export type User = { id: string; email: string; name: string; admin: boolean; createdAt: string };
export type UserWithHash = User & { passwordHash: string };

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
 * automatically while people work (or before a restore).
 */
export type VersionKind = "named" | "snapshot" | "checkpoint";

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

/** Both stores over one database connection; `close` flushes and releases it. */
export interface Stores {
  docs: DocStore;
  app: AppStore;
  close(): Promise<void>;
}
