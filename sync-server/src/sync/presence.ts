import * as awarenessProtocol from "y-protocols/awareness";
import type * as Y from "yjs";
import type { Peer, PeerSet } from "./peer.ts";
import { writeAwareness } from "./protocol.ts";

/** Origin of awareness changes that come from another server process. */
const REMOTE = Symbol("remote awareness");

/**
 * The presence (awareness) of one room's connections: which peer announced each client id, so
 * its states go when it leaves; every change is broadcast to the other peers and, when it comes
 * from this process, published to the other processes.
 */
export class Presence {
  readonly awareness: awarenessProtocol.Awareness;
  private readonly owners = new Map<number, Peer>();

  constructor(
    doc: Y.Doc,
    private readonly peers: PeerSet,
    private readonly publish: ((update: Uint8Array) => void) | undefined,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null);
    this.awareness.on("update", this.onUpdate);
  }

  /** How many client ids have a state. */
  get size(): number {
    return this.awareness.getStates().size;
  }

  /** One frame with every current state (for a peer that joins or asks). */
  statesFrame(): Uint8Array {
    const clients = [...this.awareness.getStates().keys()];
    return writeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
  }

  /** Applies a peer's awareness update. Throws when it does not decode (the caller closes with 4400). */
  applyFromPeer(peer: Peer, update: Uint8Array): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, peer);
  }

  /** Awareness from another process: applied locally (its owner is remote, so not tracked here). */
  applyRemote(update: Uint8Array): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE);
  }

  /** Removes the states a peer announced (it left). */
  removePeer(peer: Peer): void {
    const owned = [...this.owners].filter(([, owner]) => owner === peer).map(([client]) => client);
    awarenessProtocol.removeAwarenessStates(this.awareness, owned, null);
  }

  destroy(): void {
    this.awareness.off("update", this.onUpdate);
    this.awareness.destroy();
  }

  private readonly onUpdate = (
    changes: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = [...changes.added, ...changes.updated, ...changes.removed];
    const from = this.peers.has(origin) ? origin : null;
    if (from) for (const client of [...changes.added, ...changes.updated]) this.owners.set(client, from);
    for (const client of changes.removed) this.owners.delete(client);
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
    this.peers.broadcast(writeAwareness(update), from);
    if (origin !== REMOTE) this.publish?.(update);
  };
}
