import * as Y from "yjs";
import { digestLog } from "../history/digest.ts";
import type { Logger } from "../logger.ts";
import type { Metrics } from "../metrics.ts";
import type { DocStore } from "../store/types.ts";
import type { SerialQueue } from "./serial-queue.ts";
import { docFromStored } from "./stored-doc.ts";

type CompactionDeps = { docs: DocStore; metrics: Metrics; log: Logger; compactAfter: number };

/**
 * Rewrites a document's stored log as one snapshot, in the background once `compactAfter` updates
 * have been appended, and on flush. Two strategies:
 * - alone (no relay), this process wrote every stored update and applied it right after: between
 *   two queued tasks the room's document is the whole log, and is encoded as is;
 * - with several processes, another one may have appended updates this one has not received yet:
 *   the snapshot is then built from what the store holds, beside the room's queue.
 */
export class Compaction {
  private sinceCompaction: number;
  /** Sequence number of the last update this room stored (or found stored when it loaded). */
  private lastSeq: number;
  /** The background compaction running, if any. */
  private running: Promise<void> | null = null;

  constructor(
    private readonly id: string,
    private readonly doc: Y.Doc,
    private readonly queue: SerialQueue,
    private readonly fromStore: boolean,
    private readonly deps: CompactionDeps,
    stored: { pending: number; lastSeq: number },
  ) {
    this.sinceCompaction = stored.pending;
    this.lastSeq = stored.lastSeq;
  }

  /** Counts an appended update; starts a background compaction when the log is long enough. */
  appended(seq: number): void {
    this.lastSeq = seq;
    this.sinceCompaction++;
    if (this.sinceCompaction < this.deps.compactAfter || this.running) return;
    this.running = this.compact()
      .catch((error: unknown) => this.deps.log.error({ err: error, doc: this.id }, "compaction failed"))
      .finally(() => {
        this.running = null;
      });
  }

  /** Waits for a running compaction, then compacts what is left in the log. */
  async flush(): Promise<void> {
    await this.running;
    if (this.sinceCompaction > 0) await this.compact();
  }

  /** Waits for a running compaction, without starting one. */
  async settled(): Promise<void> {
    await this.running;
  }

  private compact(): Promise<void> {
    return this.fromStore ? this.compactFromStore() : this.compactInPlace();
  }

  private compactInPlace(): Promise<void> {
    return this.queue.run(async () => {
      this.sinceCompaction = 0;
      // History keeps who changed what: the log's digests are folded in by the compaction.
      const digests = digestLog(this.doc, await this.deps.docs.log(this.id));
      await this.deps.docs.compact(this.id, Y.encodeStateAsUpdate(this.doc), this.lastSeq, digests);
      this.deps.metrics.compactions.inc();
    });
  }

  private async compactFromStore(): Promise<void> {
    this.sinceCompaction = 0;
    const stored = await this.deps.docs.load(this.id);
    if (stored.updates.length === 0) return;
    const doc = docFromStored(this.id, stored, this.deps.log);
    const digests = digestLog(doc, await this.deps.docs.log(this.id));
    await this.deps.docs.compact(this.id, Y.encodeStateAsUpdate(doc), stored.lastSeq, digests);
    doc.destroy();
    this.deps.metrics.compactions.inc();
  }
}
