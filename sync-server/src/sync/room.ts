import { DOC_MIGRATIONS, type DocMigration, LiveValidator } from "@refstudio/schema";
import * as Y from "yjs";
import type { Logger } from "../logger.ts";
import type { CatchUpReason, Metrics } from "../metrics.ts";
import type { DocStore } from "../store/types.ts";
import { admitUpdate } from "./admit-update.ts";
import { StoreCatchUp } from "./catch-up.ts";
import { ClientIds } from "./client-ids.ts";
import { CLOSE, REFUSAL_NAMES, type Refusal } from "./close-codes.ts";
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
  /** Whether a référentiel is archived (read-only), read when its room loads. */
  isArchived?: (docId: string) => Promise<boolean>;
  /** The document migrations run when a document loads (default: the schema package's). */
  migrations?: readonly DocMigration[];
  /** Called after each stored change with its author (keeps the référentiel's record in step, schedules checkpoints). */
  onCommitted?: (docId: string, doc: Y.Doc, userId: string | null) => void;
  /** Called once a room is loaded (notifications watch its comments and suggestions); returns what stops it. */
  watch?: (room: Room) => () => void;
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
  /** An archived référentiel is read-only: every change from a connection is refused. */
  archived = false;
  /** Connections plus HTTP requests using the room: it unloads when this falls to zero. */
  users = 0;
  private readonly peers = new PeerSet();
  private readonly clientIds = new ClientIds();
  private readonly queue: SerialQueue;
  private readonly compaction: Compaction;
  /** With other processes (a relay), keeps the document as complete as the store. */
  private readonly catchUp: StoreCatchUp | null;
  private unwatch: (() => void) | undefined;

  private constructor(
    readonly id: string,
    readonly doc: Y.Doc,
    stored: { pending: number; lastSeq: number },
    private readonly deps: RoomDeps,
  ) {
    this.queue = new SerialQueue(deps.log, id);
    this.compaction = new Compaction(id, doc, this.queue, deps.relay !== undefined, deps, stored);
    const relay = deps.relay;
    this.presence = new Presence(
      doc,
      this.peers,
      this.clientIds,
      relay && ((update) => relay.publishAwareness(id, update)),
    );
    this.validator = new LiveValidator(doc);
    this.catchUp = relay
      ? new StoreCatchUp(
          id,
          doc,
          this.peers,
          deps,
          stored.lastSeq,
          (reason) => void this.catchUpFromStore(reason),
        )
      : null;
  }

  /** Loads snapshot + later updates, runs migrations (and stores what they changed). */
  static async load(id: string, deps: RoomDeps): Promise<Room> {
    const started = performance.now();
    const { doc, ...stored } = await loadMigratedDoc(
      id,
      deps.docs,
      deps.log,
      deps.migrations ?? DOC_MIGRATIONS,
    );
    const room = new Room(id, doc, stored, deps);
    room.archived = (await deps.isArchived?.(id)) ?? false;
    room.unwatch = deps.watch?.(room);
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

  /** Handles a decoded message; a refused one closes the peer's connection. */
  receive(peer: Peer, message: ClientMessage): void {
    switch (message.type) {
      case "sync-step1":
        peer.send(writeSyncStep2(this.doc, message.stateVector));
        return;
      case "sync-step2":
      case "update":
        this.queue.run(() => this.applyFromPeer(peer, message.update));
        return;
      case "awareness": {
        const refusal = this.presence.applyFromPeer(peer, message.update);
        if (refusal) this.refuse(peer, refusal);
        return;
      }
      case "query-awareness":
        peer.send(this.presence.statesFrame());
        return;
    }
  }

  /**
   * A change made by the server itself (e.g. a rename or a restore through the API, by `userId`):
   * computed on a copy, then stored, applied and broadcast like a client's update, as one update.
   * Resolves with that update (null when the edit changed nothing).
   */
  async change(edit: (doc: Y.Doc) => void, userId: string | null = null): Promise<Uint8Array | null> {
    let committed: Uint8Array | null = null;
    await this.queue.run(async () => {
      const scratch = new Y.Doc();
      Y.applyUpdate(scratch, Y.encodeStateAsUpdate(this.doc));
      const updates: Uint8Array[] = [];
      scratch.on("update", (update: Uint8Array) => updates.push(update));
      edit(scratch);
      scratch.destroy();
      if (updates.length === 0) return;
      const update = Y.mergeUpdates(updates);
      await this.commit(update, null, userId);
      committed = update;
    });
    return committed;
  }

  /** An update another process accepted and stored as `seq`: apply and broadcast it locally. */
  applyRemote(seq: number, update: Uint8Array): void {
    this.queue.run(async () => {
      if (this.catchUp && !this.catchUp.applied(seq)) return;
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

  /** With other processes: reads what the store has beyond this room's position, among the room's tasks. */
  catchUpFromStore(reason: CatchUpReason): Promise<void> {
    const catchUp = this.catchUp;
    return catchUp ? this.queue.run(() => catchUp.readStore(reason)) : Promise.resolve();
  }

  /** True when the store's log (its last seq) goes beyond this room, which shares its document with other processes. */
  isBehind(storeLastSeq: number): boolean {
    return this.catchUp?.isBehind(storeLastSeq) ?? false;
  }

  /**
   * Runs `read` on the document once it holds everything the store has (a version must not be
   * taken from a process that may be behind), among the room's tasks.
   */
  async caughtUp<T>(read: (doc: Y.Doc) => T): Promise<T> {
    let result: { value: T } | undefined;
    await this.queue.run(async () => {
      await this.catchUp?.readStore("version");
      result = { value: read(this.doc) };
    });
    return result!.value;
  }

  /** Waits for queued updates and a running compaction, then compacts what is left in the log. */
  async flush(): Promise<void> {
    await this.queue.run(async () => {});
    await this.compaction.flush();
  }

  /** Flushes, then releases everything (the room is unusable afterwards). */
  async shutdown(code: number, reason: string): Promise<void> {
    for (const peer of this.peers.list()) peer.close(code, reason);
    this.catchUp?.stop();
    await this.flush();
    this.unwatch?.();
    this.presence.destroy();
    this.validator.destroy();
    this.doc.destroy();
  }

  /**
   * The référentiel was deleted: closes every connection, lets the store write in progress end,
   * and releases everything without saving (the room is unusable afterwards).
   */
  async discard(code: number, reason: string): Promise<void> {
    for (const peer of this.peers.list()) peer.close(code, reason);
    this.catchUp?.stop();
    await this.queue.run(async () => {});
    await this.compaction.settled();
    this.unwatch?.();
    this.presence.destroy();
    this.validator.destroy();
    this.doc.destroy();
  }

  private async applyFromPeer(peer: Peer, update: Uint8Array): Promise<void> {
    if (peer.closed) return;
    let admission = admitUpdate(this.doc, update, peer, this.clientIds);
    if (!admission.ok && admission.missing && this.catchUp) {
      // Another process stored what this update builds on: read it, then judge the update again.
      await this.catchUp.readStore("missing_history");
      admission = admitUpdate(this.doc, update, peer, this.clientIds);
    }
    if (!admission.ok) {
      this.refuse(peer, admission);
      return;
    }
    if (!admission.update) return;
    if (this.archived) {
      this.refuse(peer, {
        code: CLOSE.forbidden,
        reason: "Référentiel archivé : lecture seule",
        detail: "archived",
      });
      return;
    }
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
    this.catchUp?.applied(seq);
    try {
      Y.applyUpdate(this.doc, update, origin);
    } catch (error) {
      // An observer (e.g. validation) threw: Yjs has integrated the update all the same.
      this.deps.log.error({ err: error, doc: this.id }, "error while applying an accepted update");
    }
    this.peers.broadcast(writeUpdate(update), origin);
    this.deps.relay?.publishUpdate(this.id, seq, update);
    this.deps.onCommitted?.(this.id, this.doc, userId);
    this.deps.metrics.updatesAccepted.inc();
  }

  private refuse(peer: Peer, { code, reason, detail }: Refusal): void {
    const name = REFUSAL_NAMES[code] ?? String(code);
    this.deps.metrics.updatesRefused.inc({ reason: name });
    this.deps.log.warn(
      { doc: this.id, user: peer.userId, role: peer.role, code, detail },
      `message refused: ${name}`,
    );
    peer.close(code, reason);
  }
}
