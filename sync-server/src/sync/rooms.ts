import type { CatchUpReason } from "../metrics.ts";
import type { Role } from "../store/types.ts";
import { CLOSE } from "./close-codes.ts";
import type { Peer } from "./peer.ts";
import type { ControlMessage } from "./relay.ts";
import { Room, type RoomDeps } from "./room.ts";

/**
 * With other processes (a relay), how often every loaded room compares its position with the
 * store's log: the one way to hear of the last update of a burst whose relayed message was lost.
 */
export const RECONCILE_EVERY_MS = 5_000;

/**
 * The loaded rooms of this process. A room loads on first use (a connection or an API request),
 * and unloads (flushed into a snapshot) after `idleUnloadMs` without any user. A room that is
 * unloading finishes flushing before the same document is loaded again, so the new copy never
 * misses an update still being written.
 *
 * With a relay, the rooms catch up from the store when the relay is back after an outage, and
 * every RECONCILE_EVERY_MS when the store's log has gone beyond them.
 */
export class Rooms {
  private readonly loaded = new Map<string, Promise<Room>>();
  private readonly unloading = new Map<string, Promise<void>>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  private readonly reconciler: NodeJS.Timeout | null = null;
  private reconciling = false;
  private closing = false;

  constructor(
    private readonly deps: RoomDeps & {
      idleUnloadMs: number;
      /**
       * The role a connection has now, from the store (null: signed out or no longer a member):
       * role changes and sign-outs published during a relay outage were lost.
       */
      accessOf?: (docId: string, peer: Peer) => Promise<Role | null>;
    },
  ) {
    const relay = deps.relay;
    if (!relay) return;
    relay.onControl((message) => void this.applyControl(message));
    relay.onRestored(() => {
      void this.catchUpAll("relay_restored");
      void this.recheckAccess();
    });
    this.reconciler = setInterval(() => void this.reconcile(), RECONCILE_EVERY_MS);
    this.reconciler.unref();
  }

  /** The room of a document, loaded if needed; counts one more user until `release`. */
  async acquire(id: string): Promise<Room> {
    for (;;) {
      const unloading = this.unloading.get(id);
      if (unloading) {
        await unloading;
        continue;
      }
      let entry = this.loaded.get(id);
      if (!entry) {
        entry = this.open(id);
        this.loaded.set(id, entry);
        const loading = entry;
        entry.then(
          () => this.deps.metrics.loadedDocuments.set(this.loaded.size),
          () => {
            if (this.loaded.get(id) === loading) this.loaded.delete(id);
          },
        );
      }
      const room = await entry;
      if (this.loaded.get(id) !== entry) continue;
      room.users++;
      clearTimeout(this.idleTimers.get(id));
      this.idleTimers.delete(id);
      return room;
    }
  }

  release(room: Room): void {
    room.users--;
    if (room.users > 0 || this.closing) return;
    clearTimeout(this.idleTimers.get(room.id));
    this.idleTimers.set(
      room.id,
      setTimeout(() => void this.unload(room), this.deps.idleUnloadMs),
    );
  }

  /** Runs `fn` with the room of a document (for API requests). */
  async with<T>(id: string, fn: (room: Room) => T | Promise<T>): Promise<T> {
    const room = await this.acquire(id);
    try {
      return await fn(room);
    } finally {
      this.release(room);
    }
  }

  /** The room if it is loaded (no loading, no user counted). */
  async ifLoaded(id: string): Promise<Room | undefined> {
    return this.loaded.get(id)?.catch(() => undefined);
  }

  get size(): number {
    return this.loaded.size;
  }

  /** Applies a role change to open connections at once (on every process): a new role, or `null` for a removed member. */
  async memberChanged(docId: string, userId: string, role: Role | null): Promise<void> {
    const message: ControlMessage = { type: "member", docId, userId, role };
    this.deps.relay?.publishControl(message);
    await this.applyControl(message);
  }

  /** Makes a loaded référentiel read-only (archived) or writable again, on every process. */
  async archivedChanged(docId: string, archived: boolean): Promise<void> {
    const message: ControlMessage = { type: "archived", docId, archived };
    this.deps.relay?.publishControl(message);
    await this.applyControl(message);
  }

  /**
   * A deleted référentiel: its connections are closed (4410) and its room dropped without saving,
   * on every process; a process that had it loaded forgets what it stored meanwhile.
   */
  async referentialDeleted(docId: string): Promise<void> {
    const message: ControlMessage = { type: "deleted", docId };
    this.deps.relay?.publishControl(message);
    await this.applyControl(message);
  }

  /** Closes the connections opened with a session (sign-out), on every process. */
  async sessionEnded(sessionHash: string): Promise<void> {
    const message: ControlMessage = { type: "session", sessionHash };
    this.deps.relay?.publishControl(message);
    await this.applyControl(message);
  }

  private async applyControl(message: ControlMessage): Promise<void> {
    if (message.type === "deleted") {
      await this.discard(message.docId);
      return;
    }
    if (message.type === "archived") {
      const room = await this.ifLoaded(message.docId);
      if (room) room.archived = message.archived;
      return;
    }
    if (message.type === "member") {
      const room = await this.ifLoaded(message.docId);
      for (const peer of room?.peerList ?? []) {
        if (peer.userId !== message.userId) continue;
        if (message.role === null) peer.close(CLOSE.removed, "Vous n'êtes plus membre de ce référentiel");
        else peer.role = message.role;
      }
      return;
    }
    for (const entry of this.loaded.values()) {
      const room = await entry.catch(() => undefined);
      for (const peer of room?.peerList ?? []) {
        if (peer.sessionHash === message.sessionHash) peer.close(CLOSE.removed, "Session terminée");
      }
    }
  }

  /** The rooms loaded now (those still loading are left out). */
  private async loadedRooms(): Promise<Room[]> {
    const rooms = await Promise.all([...this.loaded.values()].map((entry) => entry.catch(() => undefined)));
    return rooms.filter((room): room is Room => room !== undefined);
  }

  private async catchUpAll(reason: CatchUpReason): Promise<void> {
    for (const room of await this.loadedRooms()) void room.catchUpFromStore(reason);
  }

  /** Every open connection gets the role the store gives it now; one that lost its access is closed. */
  private async recheckAccess(): Promise<void> {
    const accessOf = this.deps.accessOf;
    if (!accessOf) return;
    for (const room of await this.loadedRooms()) {
      for (const peer of room.peerList) {
        try {
          const role = await accessOf(room.id, peer);
          if (role === null) peer.close(CLOSE.removed, "Vous n'êtes plus membre de ce référentiel");
          else peer.role = role;
        } catch (error) {
          this.deps.log.warn({ err: error, doc: room.id }, "access check after the relay outage failed");
        }
      }
    }
  }

  /** Rooms behind the store's log (one query for all) read what they lack. */
  private async reconcile(): Promise<void> {
    if (this.reconciling || this.closing) return;
    this.reconciling = true;
    try {
      const rooms = await this.loadedRooms();
      if (rooms.length === 0) return;
      const heads = await this.deps.docs.lastSeqs(rooms.map((room) => room.id));
      for (const room of rooms) {
        if (room.isBehind(heads.get(room.id) ?? 0)) void room.catchUpFromStore("reconcile");
      }
    } catch (error) {
      this.deps.log.warn({ err: error }, "reconciliation with the store failed");
    } finally {
      this.reconciling = false;
    }
  }

  /**
   * Loads a room. With a relay, subscribes first: an update stored after the load began then
   * arrives through the relay, one stored before is in the load (the room skips the seqs it has).
   */
  private async open(id: string): Promise<Room> {
    const relay = this.deps.relay;
    if (!relay) return Room.load(id, this.deps);
    let room: Room | undefined;
    const early: (() => void)[] = [];
    await relay.subscribe(id, {
      update: (seq, update) =>
        room ? room.applyRemote(seq, update) : early.push(() => room?.applyRemote(seq, update)),
      awareness: (update) =>
        room ? room.applyRemoteAwareness(update) : early.push(() => room?.applyRemoteAwareness(update)),
    });
    try {
      room = await Room.load(id, this.deps);
    } catch (error) {
      await relay.unsubscribe(id).catch(() => {});
      throw error;
    }
    for (const apply of early) apply();
    return room;
  }

  /** Closes every connection and flushes every room (graceful shutdown). */
  async closeAll(): Promise<void> {
    this.closing = true;
    if (this.reconciler) clearInterval(this.reconciler);
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    const rooms = await Promise.all([...this.loaded.values()].map((entry) => entry.catch(() => undefined)));
    this.loaded.clear();
    await Promise.all(
      rooms.map((room) =>
        room
          ?.shutdown(CLOSE.shutdown, "Le serveur redémarre")
          .then(() => this.deps.relay?.unsubscribe(room.id))
          .catch((error: unknown) => {
            this.deps.log.error({ err: error, doc: room.id }, "flush on shutdown failed");
          }),
      ),
    );
    await Promise.all(this.unloading.values());
    this.deps.metrics.loadedDocuments.set(0);
  }

  /** Drops a deleted référentiel's room (if loaded here) and its stored rows written meanwhile. */
  private async discard(id: string): Promise<void> {
    const entry = this.loaded.get(id);
    if (!entry) return;
    this.loaded.delete(id);
    clearTimeout(this.idleTimers.get(id));
    this.idleTimers.delete(id);
    this.deps.metrics.loadedDocuments.set(this.loaded.size);
    const room = await entry.catch(() => undefined);
    await room?.discard(CLOSE.deleted, "Ce référentiel a été supprimé par un propriétaire");
    await this.deps.relay?.unsubscribe(id);
    await this.deps.docs.remove(id);
  }

  private async unload(room: Room): Promise<void> {
    this.idleTimers.delete(room.id);
    if (room.users > 0 || !this.loaded.has(room.id)) return;
    this.loaded.delete(room.id);
    this.deps.metrics.loadedDocuments.set(this.loaded.size);
    const done = room
      .shutdown(CLOSE.shutdown, "Document déchargé")
      .then(() => this.deps.relay?.unsubscribe(room.id))
      .catch((error: unknown) => this.deps.log.error({ err: error, doc: room.id }, "flush on unload failed"))
      .finally(() => this.unloading.delete(room.id));
    this.unloading.set(room.id, done);
    await done;
    this.deps.log.debug({ doc: room.id }, "document unloaded");
  }
}
