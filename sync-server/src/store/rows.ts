/**
 * Database rows and their mapping to the store records, shared by both backends: SQLite hands
 * back 0/1 and ISO text, PostgreSQL booleans, Dates and int8 as strings; both hand back Buffers.
 */

import { activityUser } from "./history.ts";
import type {
  Account,
  ActivityBucket,
  EmailFrequency,
  FieldAttribution,
  Invitation,
  LoggedUpdate,
  Member,
  Notification,
  NotificationKind,
  Publication,
  ReferentialOverview,
  ReferentialRecord,
  Role,
  StoredDoc,
  User,
  VersionKind,
  VersionRecord,
  VersionSummary,
} from "./types.ts";

type Time = string | Date;
type Flag = number | boolean;
type Int = number | string;

export type UserRow = { id: string; email: string; name: string; admin: Flag; created_at: Time };
export type UserWithHashRow = UserRow & { password_hash: string; disabled_at: Time | null };
export type AccountRow = UserRow & { disabled_at: Time | null; email_notifications: EmailFrequency };
export type NotificationRow = {
  id: string;
  user_id: string;
  referential_id: string | null;
  kind: NotificationKind;
  actor_id: string | null;
  target: string;
  excerpt: string;
  created_at: Time;
  read_at: Time | null;
  mailed_at: Time | null;
};
export type OwnerRow = { referential_id: string; user_id: string; name: string; email: string };
export type ReferentialRow = {
  id: string;
  title: string;
  rncp_code: string;
  status: string;
  archived: Flag;
  created_at: Time;
  updated_at: Time;
};
export type MemberRow = { user_id: string; email: string; name: string; role: Role };
export type InvitationRow = {
  token: string;
  referential_id: string;
  email: string;
  role: Role;
  created_by: string;
  created_at: Time;
  used_by: string | null;
};
export type VersionSummaryRow = {
  id: string;
  kind: VersionKind;
  base_id: string | null;
  referential_id: string;
  name: string;
  author_id: string;
  author_name: string;
  created_at: Time;
  sha256: string;
  errors: Int;
  warnings: Int;
  validated: Flag;
};
export type VersionRow = VersionSummaryRow & {
  state: Uint8Array;
  snapshot_json: string;
  report_json: string;
};
export type LogRow = { seq: Int; data: Uint8Array; author_id: string | null; at_ms: Int | null };
export type FieldChangeRow = { target: string; field: string; user_id: string | null; at_ms: Int };
export type ActivityRow = {
  user_id: string;
  bucket_ms: Int;
  first_ms: Int;
  last_ms: Int;
  updates: Int;
  inserted: Int;
  deleted: Int;
  targets: string;
};
/** One row of `SQL.loadDoc`: part 0 is the snapshot (seq = up_to_seq), part 1 the later updates. */
export type DocPartRow = { part: Int; seq: Int; data: Uint8Array };

/** Normalises a timestamp to `toISOString()` form, so ISO text compares and sorts correctly. */
export function isoTime(value: Time): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Date invalide : ${String(value)}`);
  return date.toISOString();
}

export const nowIso = (): string => new Date().toISOString();

/** The case-insensitive identity of an email address. */
export const emailKey = (email: string): string => email.trim().toLowerCase();

/** A plain Uint8Array copy: drivers return Buffers that may be views into a shared pool. */
export const plainBytes = (data: Uint8Array): Uint8Array => new Uint8Array(data);

/** A Buffer view of the bytes (no copy), the blob type both drivers bind. */
export const asBuffer = (data: Uint8Array): Buffer =>
  Buffer.from(data.buffer, data.byteOffset, data.byteLength);

export const toUser = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  admin: Boolean(row.admin),
  createdAt: isoTime(row.created_at),
});

export const toAccount = (row: AccountRow): Account => ({
  ...toUser(row),
  disabled: row.disabled_at !== null,
  emailNotifications: row.email_notifications,
});

const optionalTime = (value: Time | null): string | null => (value === null ? null : isoTime(value));

export const toNotification = (row: NotificationRow): Notification => ({
  id: row.id,
  userId: row.user_id,
  referentialId: row.referential_id,
  kind: row.kind,
  actorId: row.actor_id,
  target: parseTarget(row.target),
  excerpt: row.excerpt,
  createdAt: isoTime(row.created_at),
  readAt: optionalTime(row.read_at),
  mailedAt: optionalTime(row.mailed_at),
});

function parseTarget(text: string): Notification["target"] {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === "object" ? (value as Notification["target"]) : {};
  } catch {
    return {};
  }
}

/** Oldest first (then by id), the order mails list notifications in. */
export const byCreation = (a: Notification, b: Notification): number =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

export const toReferential = (row: ReferentialRow): ReferentialRecord => ({
  id: row.id,
  title: row.title,
  rncpCode: row.rncp_code,
  status: row.status,
  archived: Boolean(row.archived),
  createdAt: isoTime(row.created_at),
  updatedAt: isoTime(row.updated_at),
});

export const toMember = (row: MemberRow): Member => ({
  userId: row.user_id,
  email: row.email,
  name: row.name,
  role: row.role,
});

export const toInvitation = (row: InvitationRow): Invitation => ({
  token: row.token,
  referentialId: row.referential_id,
  email: row.email,
  role: row.role,
  createdBy: row.created_by,
  createdAt: isoTime(row.created_at),
  usedBy: row.used_by,
});

export const toVersionSummary = (row: VersionSummaryRow): VersionSummary => ({
  id: row.id,
  kind: row.kind,
  baseId: row.base_id,
  referentialId: row.referential_id,
  name: row.name,
  authorId: row.author_id,
  authorName: row.author_name,
  createdAt: isoTime(row.created_at),
  sha256: row.sha256,
  errors: Number(row.errors),
  warnings: Number(row.warnings),
  validated: Boolean(row.validated),
});

export const toVersion = (row: VersionRow): VersionRecord => ({
  ...toVersionSummary(row),
  state: plainBytes(row.state),
  snapshotJson: row.snapshot_json,
  reportJson: row.report_json,
});

/** Rebuilds a StoredDoc from the rows of `SQL.loadDoc` (snapshot row first, then updates by seq). */
export function toStoredDoc(rows: DocPartRow[], afterSeq = 0): StoredDoc {
  let snapshot: Uint8Array | null = null;
  const updates: Uint8Array[] = [];
  let lastSeq = afterSeq;
  for (const row of rows) {
    if (Number(row.part) === 0) snapshot = plainBytes(row.data);
    else updates.push(plainBytes(row.data));
    lastSeq = Math.max(lastSeq, Number(row.seq));
  }
  return { snapshot, updates, lastSeq };
}

/** Checks a compaction bound: a seq that was never handed out would hide later updates. */
export function checkCompactionBound(upToSeq: number, lastSeq: number): void {
  if (!Number.isSafeInteger(upToSeq) || upToSeq < 0 || upToSeq > lastSeq) {
    throw new RangeError(`Compaction impossible : upToSeq ${upToSeq} hors de [0, ${lastSeq}].`);
  }
}

/** Référentiels with their owners and member counts, from the three administration queries. */
export function toOverview(
  referentials: ReferentialRow[],
  owners: OwnerRow[],
  counts: { referential_id: string; n: Int }[],
): ReferentialOverview[] {
  const ownersOf = new Map<string, ReferentialOverview["owners"]>();
  for (const row of owners) {
    const list = ownersOf.get(row.referential_id) ?? [];
    list.push({ userId: row.user_id, name: row.name, email: row.email });
    ownersOf.set(row.referential_id, list);
  }
  const countOf = new Map(counts.map((row) => [row.referential_id, Number(row.n)]));
  return referentials.map((row) => ({
    ...toReferential(row),
    owners: ownersOf.get(row.id) ?? [],
    members: countOf.get(row.id) ?? 0,
  }));
}
export const toLoggedUpdate = (row: LogRow): LoggedUpdate => ({
  seq: Number(row.seq),
  update: plainBytes(row.data),
  userId: row.author_id,
  at: Number(row.at_ms ?? 0),
});

export const toFieldAttribution = (row: FieldChangeRow): FieldAttribution => ({
  target: row.target,
  field: row.field,
  userId: row.user_id,
  at: Number(row.at_ms),
});

export const toActivityBucket = (row: ActivityRow): ActivityBucket => ({
  userId: row.user_id === "" ? null : row.user_id,
  bucket: Number(row.bucket_ms),
  first: Number(row.first_ms),
  last: Number(row.last_ms),
  updates: Number(row.updates),
  inserted: Number(row.inserted),
  deleted: Number(row.deleted),
  targets: JSON.parse(row.targets) as string[],
});

/** The values of `SQL.upsertActivity` after the document id. */
export const activityValues = (bucket: ActivityBucket): unknown[] => [
  activityUser(bucket.userId),
  bucket.bucket,
  bucket.first,
  bucket.last,
  bucket.updates,
  bucket.inserted,
  bucket.deleted,
  JSON.stringify(bucket.targets),
];
export type PublicationRow = { referential_id: string; version_id: string; published_at: Time };

export const toPublication = (row: PublicationRow): Publication => ({
  referentialId: row.referential_id,
  versionId: row.version_id,
  publishedAt: isoTime(row.published_at),
});
