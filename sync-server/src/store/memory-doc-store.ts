import { activityUser, foldDigests, mergeBuckets } from "./history.ts";
import { checkCompactionBound } from "./rows.ts";
import type {
  ActivityBucket,
  DocStore,
  FieldAttribution,
  LoggedUpdate,
  StoredDoc,
  UpdateAuthor,
  UpdateDigest,
} from "./types.ts";

type MemoryDoc = {
  snapshot: Uint8Array | null;
  snapshotSeq: number;
  updates: LoggedUpdate[];
  lastSeq: number;
  /** Field attributions and activity buckets, by their key. */
  fields: Map<string, FieldAttribution>;
  buckets: Map<string, ActivityBucket>;
};

/**
 * A DocStore in this process's memory, under the same contract as SQLite and PostgreSQL: for
 * tests that exercise a room without a database. Nothing survives the process.
 */
export class MemoryDocStore implements DocStore {
  private readonly docs = new Map<string, MemoryDoc>();

  async load(docId: string): Promise<StoredDoc> {
    const doc = this.docs.get(docId);
    if (!doc) return { snapshot: null, updates: [], lastSeq: 0 };
    return {
      snapshot: doc.snapshot && copy(doc.snapshot),
      updates: doc.updates.map((entry) => copy(entry.update)),
      lastSeq: doc.lastSeq,
    };
  }

  async loadSince(docId: string, afterSeq: number): Promise<StoredDoc> {
    const doc = this.docs.get(docId);
    if (!doc) return { snapshot: null, updates: [], lastSeq: afterSeq };
    return {
      snapshot: doc.snapshot && doc.snapshotSeq > afterSeq ? copy(doc.snapshot) : null,
      updates: doc.updates.filter((entry) => entry.seq > afterSeq).map((entry) => copy(entry.update)),
      lastSeq: Math.max(afterSeq, doc.lastSeq),
    };
  }

  async lastSeqs(docIds: readonly string[]): Promise<Map<string, number>> {
    const heads = new Map<string, number>();
    for (const id of docIds) {
      const doc = this.docs.get(id);
      if (doc) heads.set(id, doc.lastSeq);
    }
    return heads;
  }

  async append(docId: string, update: Uint8Array, author?: UpdateAuthor): Promise<number> {
    const doc = this.entry(docId);
    doc.lastSeq++;
    doc.updates.push({
      seq: doc.lastSeq,
      update: copy(update),
      userId: author?.userId ?? null,
      at: author?.at ?? 0,
    });
    return doc.lastSeq;
  }

  async compact(
    docId: string,
    snapshot: Uint8Array,
    upToSeq: number,
    digests: UpdateDigest[] = [],
  ): Promise<void> {
    checkCompactionBound(upToSeq, this.docs.get(docId)?.lastSeq ?? 0);
    const doc = this.entry(docId);
    // Only what no earlier compaction folded (another process may have compacted meanwhile).
    const { fields, buckets } = foldDigests(
      digests.filter((digest) => digest.seq > doc.snapshotSeq && digest.seq <= upToSeq),
    );
    for (const field of fields) {
      const key = `${field.target}\u0000${field.field}`;
      const known = doc.fields.get(key);
      if (!known || known.at <= field.at) doc.fields.set(key, field);
    }
    for (const bucket of buckets) {
      const key = `${bucket.bucket}\u0000${activityUser(bucket.userId)}`;
      const known = doc.buckets.get(key);
      doc.buckets.set(key, known ? mergeBuckets(known, bucket) : bucket);
    }
    // A compaction that arrives after a newer one keeps the newer snapshot.
    if (upToSeq >= doc.snapshotSeq) {
      doc.snapshot = copy(snapshot);
      doc.snapshotSeq = upToSeq;
    }
    doc.updates = doc.updates.filter((entry) => entry.seq > upToSeq);
  }

  async pendingUpdates(docId: string): Promise<number> {
    return this.docs.get(docId)?.updates.length ?? 0;
  }

  async log(docId: string): Promise<LoggedUpdate[]> {
    return (this.docs.get(docId)?.updates ?? []).map((entry) => ({ ...entry, update: copy(entry.update) }));
  }

  async attributions(docId: string): Promise<FieldAttribution[]> {
    return [...(this.docs.get(docId)?.fields.values() ?? [])];
  }

  async activity(docId: string, since = 0): Promise<ActivityBucket[]> {
    return [...(this.docs.get(docId)?.buckets.values() ?? [])]
      .filter((bucket) => bucket.bucket >= since)
      .sort((a, b) => a.bucket - b.bucket || (activityUser(a.userId) < activityUser(b.userId) ? -1 : 1));
  }

  async remove(docId: string): Promise<void> {
    this.docs.delete(docId);
  }

  private entry(docId: string): MemoryDoc {
    let doc = this.docs.get(docId);
    if (!doc) {
      doc = {
        snapshot: null,
        snapshotSeq: 0,
        updates: [],
        lastSeq: 0,
        fields: new Map(),
        buckets: new Map(),
      };
      this.docs.set(docId, doc);
    }
    return doc;
  }
}

/** Callers keep and reuse their buffers: the store holds its own copy. */
const copy = (bytes: Uint8Array): Uint8Array => new Uint8Array(bytes);
