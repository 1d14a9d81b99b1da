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
  /** Durably appends one update (committed when the promise resolves); returns its sequence number. */
  append(docId: string, update: Uint8Array): Promise<number>;
  /** Replaces the snapshot and every update with seq <= upToSeq by `snapshot`, atomically. */
  compact(docId: string, snapshot: Uint8Array, upToSeq: number): Promise<void>;
  /** Number of updates appended since the last compaction. */
  pendingUpdates(docId: string): Promise<number>;
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

export type VersionRecord = {
  id: string;
  referentialId: string;
  name: string;
  authorId: string;
  authorName: string;
  createdAt: string;
  /** Yjs state (Y.encodeStateAsUpdate) of the document at that moment. */
  state: Uint8Array;
  /** Canonical snapshot JSON and its sha256. */
  snapshotJson: string;
  sha256: string;
  /** The ValidationReport as JSON. */
  reportJson: string;
  errors: number;
  warnings: number;
  /** True for a validated snapshot (zero errors, made by the export). */
  validated: boolean;
};

export type VersionSummary = Omit<VersionRecord, "state" | "snapshotJson" | "reportJson">;

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
}

/** Both stores over one database connection; `close` flushes and releases it. */
export interface Stores {
  docs: DocStore;
  app: AppStore;
  close(): Promise<void>;
}
