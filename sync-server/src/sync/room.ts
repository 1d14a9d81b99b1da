import { LiveValidator } from "@refstudio/schema";
import * as Y from "yjs";
import type { Logger } from "../logger.ts";
import type { Metrics } from "../metrics.ts";
import type { DocStore } from "../store/types.ts";
import { admitUpdate } from "./admit-update.ts";
import { ClientIdOwners } from "./client-ids.ts";
import { CLOSE, REFUSAL_NAMES } from "./close-codes.ts";
import { Compaction } from "./compaction.ts";
import { type Peer, PeerSet } from "./peer.ts";
import { Presence } from "./presence.ts";
import { type ClientMessage, writeSyncStep1, writeSyncStep2, writeUpdate } from "./protocol.ts";
import type { Relay } from "./relay.ts";
import { SerialQueue } from "./serial-queue.ts";
import { loadMigratedDoc } from "./stored-doc.ts";

export type RoomDeps = {
  docs: DocStore;
  metrics: Metrics;
  log: Logger;
  compactAfter: number;
  relay?: Relay;
  /** Called after each stored change with its author (keeps the référentiel's record in step, schedules checkpoints). */
  onCommitted?: (docId: string, doc: Y.Doc, userId: string | null) => void;
};

/** Transaction origin of updates that come from another server process. */
const REMOTE = Symbol("remote");

/**
 * One loaded référentiel: its Y.Doc (the state every accepted update was applied to), the
 * presence of its connections and a live validator. The room dispatches each message; updates
 * are handled one at a time, in order: admit (inspect, authorize), append to the store (awaited),
 * apply, broadcast.
 */
export class Room {
  readonly presence: Presence;
  readonly validator: LiveValidator;
  /** Connections plus HTTP requests using the room: it unloads when this falls to zero. */
  users = 0;
  private readonly peers = new PeerSet();
  private readonly clientIds = new ClientIdOwners();
  private readonly queue: SerialQueue;
  private readonly compaction: Compaction;

  private constructor(
    readonly id: string,
    readonly doc: Y.Doc,
    stored: { pending: number; lastSeq: number },
    private readonly deps: RoomDeps,
  ) {
    this.queue = new SerialQueue(deps.log, id);
    this.compaction = new Compaction(id, doc, this.queue, deps.relay !== undefined, deps, stored);
    const relay = deps.relay;
    this.presence = new Presence(doc, this.peers, relay && ((update) => relay.publishAwareness(id, update)));
    this.validator = new LiveValidator(doc);
  }

  /** Loads snapshot + later updates, runs migrations (and stores what they changed). */
  static async load(id: string, deps: RoomDeps): Promise<Room> {
    const started = performance.now();
    const { doc, ...stored } = await loadMigratedDoc(id, deps.docs, deps.log);
    const room = new Room(id, doc, stored, deps);
    deps.metrics.documentLoadSeconds.observe((performance.now() - started) / 1000);
    return room;
  }

  get peerList(): readonly Peer[] {
    return this.peers.list();
  }

  /** Adds a connection and starts the sync (server step 1, then the current presence). */
  join(peer: Peer): void {
    this.peers.add(peer);
    peer.send(writeSyncStep1(this.doc));
    if (this.presence.size > 0) peer.send(this.presence.statesFrame());
  }

  /** Removes a connection and the presence states it announced. */
  leave(peer: Peer): void {
    if (this.peers.delete(peer)) this.presence.removePeer(peer);
  }

  /** Handles a decoded message. Throws on a malformed awareness update (the caller closes with 4400). */
  receive(peer: Peer, message: ClientMessage): void {
    switch (message.type) {
      case "sync-step1":
        peer.send(writeSyncStep2(this.doc, message.stateVector));
        return;
      case "sync-step2":
      case "update":
        this.queue.run(() => this.applyFromPeer(peer, message.update));
        return;
      case "awareness":
        this.presence.applyFromPeer(peer, message.update);
        return;
      case "query-awareness":
        peer.send(this.presence.statesFrame());
        return;
    }
  }

  /**
   * A change made by the server itself (e.g. a rename or a restore through the API, by `userId`):
   * computed on a copy, then stored, applied and broadcast like a client's update, as one update.
   */
  change(edit: (doc: Y.Doc) => void, userId: string | null = null): Promise<void> {
    return this.queue.run(async () => {
      const scratch = new Y.Doc();
      Y.applyUpdate(scratch, Y.encodeStateAsUpdate(this.doc));
      const updates: Uint8Array[] = [];
      scratch.on("update", (update: Uint8Array) => updates.push(update));
      edit(scratch);
      scratch.destroy();
      if (updates.length > 0) await this.commit(Y.mergeUpdates(updates), null, userId);
    });
  }

  /** An update another process accepted and stored: apply and broadcast it locally. */
  applyRemote(update: Uint8Array): void {
    this.queue.run(async () => {
      try {
        Y.applyUpdate(this.doc, update, REMOTE);
      } catch (error) {
        this.deps.log.error({ err: error, doc: this.id }, "remote update does not apply");
        return;
      }
      this.peers.broadcast(writeUpdate(update), null);
    });
  }

  /** Presence from another process. */
  applyRemoteAwareness(update: Uint8Array): void {
    try {
      this.presence.applyRemote(update);
    } catch (error) {
      this.deps.log.warn({ err: error, doc: this.id }, "remote awareness does not apply");
    }
  }

  /** Waits for queued updates and a running compaction, then compacts what is left in the log. */
  async flush(): Promise<void> {
    await this.queue.run(async () => {});
    await this.compaction.flush();
  }

  /** Flushes, then releases everything (the room is unusable afterwards). */
  async shutdown(code: number, reason: string): Promise<void> {
    for (const peer of this.peers.list()) peer.close(code, reason);
    await this.flush();
    this.presence.destroy();
    this.validator.destroy();
    this.doc.destroy();
  }

  private async applyFromPeer(peer: Peer, update: Uint8Array): Promise<void> {
    if (peer.closed) return;
    const admission = admitUpdate(this.doc, update, peer, this.clientIds);
    if (!admission.ok) {
      this.refuse(peer, admission.code, admission.reason, admission.detail);
      return;
    }
    if (!admission.update) return;
    try {
      await this.commit(admission.update, peer);
    } catch (error) {
      // Not stored, not applied: the client keeps it and sends it again when it reconnects.
      this.deps.log.error({ err: error, doc: this.id, user: peer.userId }, "store append failed");
      peer.close(CLOSE.internal, "Enregistrement impossible, nouvelle tentative…");
    }
  }

  /** Append (durable, with its author), apply, broadcast: the order that makes a broadcast edit survive a crash. */
  private async commit(
    update: Uint8Array,
    origin: Peer | null,
    userId = origin?.userId ?? null,
  ): Promise<void> {
    const started = performance.now();
    const seq = await this.deps.docs.append(this.id, update, { userId, at: Date.now() });
    this.deps.metrics.storeAppendSeconds.observe((performance.now() - started) / 1000);
    this.compaction.appended(seq);
    try {
      Y.applyUpdate(this.doc, update, origin);
    } catch (error) {
      // An observer (e.g. validation) threw: Yjs has integrated the update all the same.
      this.deps.log.error({ err: error, doc: this.id }, "error while applying an accepted update");
    }
    this.peers.broadcast(writeUpdate(update), origin);
    this.deps.relay?.publishUpdate(this.id, update);
    this.deps.onCommitted?.(this.id, this.doc, userId);
    this.deps.metrics.updatesAccepted.inc();
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
}
