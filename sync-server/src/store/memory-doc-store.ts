import { checkCompactionBound } from "./rows.ts";
import type { DocStore, StoredDoc } from "./types.ts";

type MemoryDoc = {
  snapshot: Uint8Array | null;
  snapshotSeq: number;
  updates: { seq: number; update: Uint8Array }[];
  lastSeq: number;
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

  async append(docId: string, update: Uint8Array): Promise<number> {
    const doc = this.entry(docId);
    doc.lastSeq++;
    doc.updates.push({ seq: doc.lastSeq, update: copy(update) });
    return doc.lastSeq;
  }

  async compact(docId: string, snapshot: Uint8Array, upToSeq: number): Promise<void> {
    checkCompactionBound(upToSeq, this.docs.get(docId)?.lastSeq ?? 0);
    const doc = this.entry(docId);
    // A compaction that arrives after a newer one keeps the newer snapshot.
    if (upToSeq < doc.snapshotSeq) return;
    doc.snapshot = copy(snapshot);
    doc.snapshotSeq = upToSeq;
    doc.updates = doc.updates.filter((entry) => entry.seq > upToSeq);
  }

  async pendingUpdates(docId: string): Promise<number> {
    return this.docs.get(docId)?.updates.length ?? 0;
  }

  private entry(docId: string): MemoryDoc {
    let doc = this.docs.get(docId);
    if (!doc) {
      doc = { snapshot: null, snapshotSeq: 0, updates: [], lastSeq: 0 };
      this.docs.set(docId, doc);
    }
    return doc;
  }
}

/** Callers keep and reuse their buffers: the store holds its own copy. */
const copy = (bytes: Uint8Array): Uint8Array => new Uint8Array(bytes);
