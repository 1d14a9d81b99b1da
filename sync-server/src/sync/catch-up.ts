import * as Y from "yjs";
import type { Logger } from "../logger.ts";
import type { CatchUpReason, Metrics } from "../metrics.ts";
import type { DocStore } from "../store/types.ts";
import { LogPosition } from "./log-position.ts";
import type { PeerSet } from "./peer.ts";
import { writeUpdate } from "./protocol.ts";

/** Transaction origin of what a room reads from the store (another process stored it). */
export const FROM_STORE = Symbol("from store");

/**
 * A hole in the relayed seqs older than this is taken for a lost message. Messages of the relay
 * arrive within milliseconds; an update appended here may simply overtake one still on its way.
 */
const GAP_GRACE_MS = 1_000;

type CatchUpDeps = { docs: DocStore; metrics: Metrics; log: Logger };

/**
 * Keeps a room that shares its document with other processes (scale-out) as complete as the
 * store: the store is the truth, the relay only a shortcut. The room reports every update it
 * applies with its seq in the log; a hole that lasts, a relay back from an outage, an update whose
 * history the room lacks, the periodic reconciliation or a version about to be named make it read
 * what the store has after its position, apply it and send it to its own connections.
 */
export class StoreCatchUp {
  readonly position: LogPosition;
  private gapTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly id: string,
    private readonly doc: Y.Doc,
    private readonly peers: PeerSet,
    private readonly deps: CatchUpDeps,
    lastSeq: number,
    /** Queues a catch-up among the room's tasks (so it never interleaves with an update being stored). */
    private readonly enqueue: (reason: CatchUpReason) => void,
  ) {
    this.position = new LogPosition(lastSeq);
  }

  /**
   * Records an applied update of the log; false for one applied already. A hole below it that is
   * still open after a grace period is read from the store.
   */
  applied(seq: number): boolean {
    const fresh = this.position.applied(seq);
    if (this.position.hasHole && !this.gapTimer) {
      this.gapTimer = setTimeout(() => {
        this.gapTimer = null;
        if (this.position.hasHole) this.enqueue("gap");
      }, GAP_GRACE_MS);
      this.gapTimer.unref();
    }
    return fresh;
  }

  /** True when the store's log goes beyond what this room holds. */
  isBehind(storeLastSeq: number): boolean {
    return storeLastSeq > this.position.upTo;
  }

  /**
   * Reads what the store has after this room's position and applies it; sends its connections
   * what was new to them. Run it from the room's queue.
   */
  async readStore(reason: CatchUpReason): Promise<void> {
    const from = this.position.upTo;
    const stored = await this.deps.docs.loadSince(this.id, from);
    if (stored.lastSeq <= from) return;
    const before = Y.encodeStateVector(this.doc);
    const parts = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
    this.doc.transact(() => {
      for (const part of parts) {
        try {
          Y.applyUpdate(this.doc, part, FROM_STORE);
        } catch (error) {
          this.deps.log.error({ err: error, doc: this.id }, "skipped a stored update that does not apply");
        }
      }
    }, FROM_STORE);
    this.position.caughtUpTo(stored.lastSeq);
    const missed = Y.encodeStateAsUpdate(this.doc, before);
    if (!isEmptyUpdate(missed)) this.peers.broadcast(writeUpdate(missed), null);
    this.deps.metrics.relayCatchUps.inc({ reason });
    this.deps.log.debug({ doc: this.id, reason, from, to: stored.lastSeq }, "caught up from the store");
  }

  stop(): void {
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.gapTimer = null;
  }
}

/** An update that carries nothing: no struct and no deletion (two zero varints). */
function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}
