import { LiveValidator, migrate } from "@refstudio/schema";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import type { Logger } from "../logger.ts";
import type { Metrics } from "../metrics.ts";
import type { DocStore, Role, StoredDoc } from "../store/types.ts";
import { authorizeUpdate } from "./authorize.ts";
import { CLOSE, REFUSAL_NAMES } from "./close-codes.ts";
import {
  type ClientMessage,
  writeAwareness,
  writeSyncStep1,
  writeSyncStep2,
  writeUpdate,
} from "./protocol.ts";
import type { Relay } from "./relay.ts";
import { inspectUpdate, TooDeepError, UnresolvableUpdateError } from "./update-inspection.ts";

/** What a room needs from one connection: who writes, and how to reach or drop it. */
export interface Peer {
  readonly userId: string;
  /** Changed in place when an owner changes the member's role: the next message is judged with it. */
  role: Role;
  readonly sessionHash: string;
  readonly closed: boolean;
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
}

export type RoomDeps = {
  docs: DocStore;
  metrics: Metrics;
  log: Logger;
  compactAfter: number;
  relay?: Relay;
  /** Called after each stored change (keeps the référentiel's record in step). */
  onCommitted?: (docId: string, doc: Y.Doc) => void;
  /** Called once a room is loaded (e.g. notifications watch its comments); returns what stops it. */
  watch?: (room: Room) => () => void;
};

/** Transaction origin of updates that come from another server process. */
const REMOTE = Symbol("remote");

/**
 * One loaded référentiel: its Y.Doc (the state every accepted update was applied to), the
 * awareness of its connections and a live validator. Updates are handled one at a time, in
 * order: inspect, authorize, append to the store (awaited), apply, broadcast.
 */
export class Room {
  readonly awareness: awarenessProtocol.Awareness;
  readonly validator: LiveValidator;
  /** Connections plus HTTP requests using the room: it unloads when this falls to zero. */
  users = 0;
  private readonly peers = new Set<Peer>();
  private readonly awarenessOwners = new Map<number, Peer>();
  /**
   * Which user wrote with each Yjs client id since the room loaded. Another member writing with
   * the same id would take that client's next clocks, and its real owner's edits would then be
   * ignored as already known.
   */
  private readonly clientOwners = new Map<number, string>();
  private tail: Promise<void> = Promise.resolve();
  private sinceCompaction: number;
  /** Sequence number of the last update this room stored (or found stored when it loaded). */
  private lastSeq: number;
  /** The background compaction running, if any. */
  private compaction: Promise<void> | null = null;
  private unwatch: (() => void) | undefined;

  private constructor(
    readonly id: string,
    readonly doc: Y.Doc,
    stored: { pending: number; lastSeq: number },
    private readonly deps: RoomDeps,
  ) {
    this.sinceCompaction = stored.pending;
    this.lastSeq = stored.lastSeq;
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null);
    this.awareness.on("update", this.onAwarenessUpdate);
    this.validator = new LiveValidator(doc);
  }

  /** Loads snapshot + later updates, runs migrations (and stores what they changed). */
  static async load(id: string, deps: RoomDeps): Promise<Room> {
    const started = performance.now();
    const stored = await deps.docs.load(id);
    const doc = docFromStored(id, stored, deps.log);
    const migrations: Uint8Array[] = [];
    const collect = (update: Uint8Array) => migrations.push(update);
    doc.on("update", collect);
    const { from, to } = migrate(doc);
    doc.off("update", collect);
    let lastSeq = stored.lastSeq;
    for (const update of migrations) lastSeq = await deps.docs.append(id, update);
    if (from !== to) deps.log.info({ doc: id, from, to }, "document migrated");
    const room = new Room(id, doc, { pending: stored.updates.length + migrations.length, lastSeq }, deps);
    room.unwatch = deps.watch?.(room);
    deps.metrics.documentLoadSeconds.observe((performance.now() - started) / 1000);
    return room;
  }

  get peerList(): readonly Peer[] {
    return [...this.peers];
  }

  /** The user who wrote with a Yjs client id since this room loaded, if any. */
  writerOf(client: number): string | undefined {
    return this.clientOwners.get(client);
  }

  /** Adds a connection and starts the sync (server step 1, then the current awareness). */
  join(peer: Peer): void {
    this.peers.add(peer);
    peer.send(writeSyncStep1(this.doc));
    const clients = [...this.awareness.getStates().keys()];
    if (clients.length > 0) {
      peer.send(writeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients)));
    }
  }

  /** Removes a connection and the awareness states it announced. */
  leave(peer: Peer): void {
    if (!this.peers.delete(peer)) return;
    const owned = [...this.awarenessOwners].filter(([, owner]) => owner === peer).map(([client]) => client);
    awarenessProtocol.removeAwarenessStates(this.awareness, owned, null);
  }

  /** Handles a decoded message. Throws on a malformed awareness update (the caller closes with 4400). */
  receive(peer: Peer, message: ClientMessage): void {
    switch (message.type) {
      case "sync-step1":
        peer.send(writeSyncStep2(this.doc, message.stateVector));
        return;
      case "sync-step2":
      case "update":
        this.enqueue(() => this.applyFromPeer(peer, message.update));
        return;
      case "awareness":
        awarenessProtocol.applyAwarenessUpdate(this.awareness, message.update, peer);
        return;
      case "query-awareness": {
        const clients = [...this.awareness.getStates().keys()];
        peer.send(writeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients)));
        return;
      }
    }
  }

  /**
   * A change made by the server itself (e.g. a rename through the API): computed on a copy, then
   * stored, applied and broadcast like a client's update.
   */
  change(edit: (doc: Y.Doc) => void): Promise<void> {
    return this.enqueue(async () => {
      const scratch = new Y.Doc();
      Y.applyUpdate(scratch, Y.encodeStateAsUpdate(this.doc));
      const updates: Uint8Array[] = [];
      scratch.on("update", (update: Uint8Array) => updates.push(update));
      edit(scratch);
      scratch.destroy();
      if (updates.length > 0) await this.commit(Y.mergeUpdates(updates), null);
    });
  }

  /** An update another process accepted and stored: apply and broadcast it locally. */
  applyRemote(update: Uint8Array): void {
    this.enqueue(async () => {
      try {
        Y.applyUpdate(this.doc, update, REMOTE);
      } catch (error) {
        this.deps.log.error({ err: error, doc: this.id }, "remote update does not apply");
        return;
      }
      this.broadcast(writeUpdate(update), null);
    });
  }

  /** Awareness from another process: applied locally (its owner is remote, so not tracked here). */
  applyRemoteAwareness(update: Uint8Array): void {
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE);
    } catch (error) {
      this.deps.log.warn({ err: error, doc: this.id }, "remote awareness does not apply");
    }
  }

  /** Waits for queued updates and a running compaction, then compacts what is left in the log. */
  async flush(): Promise<void> {
    await this.enqueue(async () => {});
    await this.compaction;
    if (this.sinceCompaction > 0) await this.compact();
  }

  /** Flushes, then releases everything (the room is unusable afterwards). */
  async shutdown(code: number, reason: string): Promise<void> {
    for (const peer of this.peers) peer.close(code, reason);
    await this.flush();
    this.unwatch?.();
    this.awareness.off("update", this.onAwarenessUpdate);
    this.awareness.destroy();
    this.validator.destroy();
    this.doc.destroy();
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.tail.then(task);
    this.tail = run.catch((error: unknown) => {
      this.deps.log.error({ err: error, doc: this.id }, "room task failed");
    });
    return run;
  }

  private async applyFromPeer(peer: Peer, update: Uint8Array): Promise<void> {
    if (peer.closed) return;
    let inspection: ReturnType<typeof inspectUpdate>;
    try {
      inspection = inspectUpdate(this.doc, update);
    } catch (error) {
      if (error instanceof UnresolvableUpdateError || error instanceof TooDeepError) {
        this.refuse(peer, CLOSE.structure, "Modification incohérente avec le document", error.message);
      } else {
        this.refuse(peer, CLOSE.malformed, "Mise à jour illisible", (error as Error).message);
      }
      return;
    }
    const verdict = authorizeUpdate(inspection, peer);
    if (!verdict.ok) {
      this.refuse(peer, verdict.code, verdict.reason, verdict.detail);
      return;
    }
    if (inspection.empty) return;
    const taken = inspection.clients.find(
      (client) => (this.clientOwners.get(client) ?? peer.userId) !== peer.userId,
    );
    if (taken !== undefined) {
      this.refuse(
        peer,
        CLOSE.forbidden,
        "Modification refusée : identifiant de client déjà utilisé",
        `client ${taken}`,
      );
      return;
    }
    for (const client of inspection.clients) this.clientOwners.set(client, peer.userId);
    try {
      // Only what the document lacks is stored and broadcast (usually the whole update).
      await this.commit(
        inspection.partlyKnown ? Y.diffUpdate(update, Y.encodeStateVector(this.doc)) : update,
        peer,
      );
    } catch (error) {
      // Not stored, not applied: the client keeps it and sends it again when it reconnects.
      this.deps.log.error({ err: error, doc: this.id, user: peer.userId }, "store append failed");
      peer.close(CLOSE.internal, "Enregistrement impossible, nouvelle tentative…");
    }
  }

  /** Append (durable), apply, broadcast: the order that makes a broadcast edit survive a crash. */
  private async commit(update: Uint8Array, origin: Peer | null): Promise<void> {
    const started = performance.now();
    this.lastSeq = await this.deps.docs.append(this.id, update);
    this.deps.metrics.storeAppendSeconds.observe((performance.now() - started) / 1000);
    this.sinceCompaction++;
    try {
      Y.applyUpdate(this.doc, update, origin);
    } catch (error) {
      // An observer (e.g. validation) threw: Yjs has integrated the update all the same.
      this.deps.log.error({ err: error, doc: this.id }, "error while applying an accepted update");
    }
    this.broadcast(writeUpdate(update), origin);
    this.deps.relay?.publishUpdate(this.id, update);
    this.deps.onCommitted?.(this.id, this.doc);
    this.deps.metrics.updatesAccepted.inc();
    if (this.sinceCompaction >= this.deps.compactAfter && !this.compaction) {
      this.compaction = this.compact()
        .catch((error: unknown) => this.deps.log.error({ err: error, doc: this.id }, "compaction failed"))
        .finally(() => {
          this.compaction = null;
        });
    }
  }

  /**
   * Rewrites the stored log as one snapshot. Alone, this process wrote every stored update and
   * applied it right after: between two queued updates the room's document is the whole log, and
   * is encoded as is. With several processes, another one may have appended updates this one has
   * not received yet: the snapshot is then built from what the store holds, beside the queue.
   */
  private compact(): Promise<void> {
    if (this.deps.relay) return this.compactFromStore();
    return this.enqueue(async () => {
      this.sinceCompaction = 0;
      await this.deps.docs.compact(this.id, Y.encodeStateAsUpdate(this.doc), this.lastSeq);
      this.deps.metrics.compactions.inc();
    });
  }

  private async compactFromStore(): Promise<void> {
    this.sinceCompaction = 0;
    const stored = await this.deps.docs.load(this.id);
    if (stored.updates.length === 0) return;
    const doc = docFromStored(this.id, stored, this.deps.log);
    await this.deps.docs.compact(this.id, Y.encodeStateAsUpdate(doc), stored.lastSeq);
    doc.destroy();
    this.deps.metrics.compactions.inc();
  }

  private refuse(peer: Peer, code: number, reason: string, detail: string): void {
    const name = REFUSAL_NAMES[code] ?? String(code);
    this.deps.metrics.updatesRefused.inc({ reason: name });
    this.deps.log.warn(
      { doc: this.id, user: peer.userId, role: peer.role, code, detail },
      `update refused: ${name}`,
    );
    peer.close(code, reason);
  }

  private broadcast(frame: Uint8Array, except: Peer | null): void {
    for (const peer of this.peers) if (peer !== except) peer.send(frame);
  }

  private readonly onAwarenessUpdate = (
    changes: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = [...changes.added, ...changes.updated, ...changes.removed];
    const from = this.peers.has(origin as Peer) ? (origin as Peer) : null;
    if (from)
      for (const client of [...changes.added, ...changes.updated]) this.awarenessOwners.set(client, from);
    for (const client of changes.removed) this.awarenessOwners.delete(client);
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
    this.broadcast(writeAwareness(update), from);
    if (origin !== REMOTE) this.deps.relay?.publishAwareness(this.id, update);
  };
}

/**
 * A document from its stored snapshot and updates, applied one by one in one transaction (about
 * twice as fast as merging them first); one bad stored update must not make it unreadable.
 */
function docFromStored(id: string, stored: StoredDoc, log: Logger): Y.Doc {
  const doc = new Y.Doc();
  const parts = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
  doc.transact(() => {
    for (const part of parts) {
      try {
        Y.applyUpdate(doc, part);
      } catch (error) {
        log.error({ err: error, doc: id }, "skipped a stored update that does not apply");
      }
    }
  });
  return doc;
}
