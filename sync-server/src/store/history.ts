/**
 * How the history of compacted updates is kept, shared by both backends: the digests of the
 * updates a compaction removes are folded into the last change of each field and into activity
 * buckets (one per user and `ACTIVITY_BUCKET_MS`), so the store stays bounded by the number of
 * fields and of worked periods, not of keystrokes.
 */
import type { ActivityBucket, FieldAttribution, UpdateDigest } from "./types.ts";

export const ACTIVITY_BUCKET_MS = 5 * 60_000;
/** Nodes listed per bucket at most (a bucket that touched more says so by its counts). */
export const MAX_BUCKET_TARGETS = 200;

/** The activity key of a user: '' stands for changes without a user (the server's own). */
export const activityUser = (userId: string | null): string => userId ?? "";

/** Folds digests (any order) into the latest change per field and activity per user and bucket. */
export function foldDigests(digests: readonly UpdateDigest[]): {
  fields: FieldAttribution[];
  buckets: ActivityBucket[];
} {
  const fields = new Map<string, FieldAttribution>();
  const buckets = new Map<string, ActivityBucket>();
  for (const digest of digests) {
    // Updates stored before authors were recorded have no time: nothing to attribute them to.
    if (!(digest.at > 0)) continue;
    for (const touch of digest.touched) {
      const key = `${touch.target}\u0000${touch.field}`;
      const known = fields.get(key);
      if (!known || known.at <= digest.at)
        fields.set(key, { ...touch, userId: digest.userId, at: digest.at });
    }
    const bucket = Math.floor(digest.at / ACTIVITY_BUCKET_MS) * ACTIVITY_BUCKET_MS;
    const key = `${bucket}\u0000${activityUser(digest.userId)}`;
    const single: ActivityBucket = {
      userId: digest.userId,
      bucket,
      first: digest.at,
      last: digest.at,
      updates: 1,
      inserted: digest.inserted,
      deleted: digest.deleted,
      targets: [...new Set(digest.touched.map((touch) => touch.target))],
    };
    const known = buckets.get(key);
    buckets.set(key, known ? mergeBuckets(known, single) : single);
  }
  return { fields: [...fields.values()], buckets: [...buckets.values()] };
}

/** Two records of the same user and bucket as one. */
export function mergeBuckets(a: ActivityBucket, b: ActivityBucket): ActivityBucket {
  return {
    userId: a.userId,
    bucket: a.bucket,
    first: Math.min(a.first, b.first),
    last: Math.max(a.last, b.last),
    updates: a.updates + b.updates,
    inserted: a.inserted + b.inserted,
    deleted: a.deleted + b.deleted,
    targets: [...new Set([...a.targets, ...b.targets])].slice(0, MAX_BUCKET_TARGETS),
  };
}
