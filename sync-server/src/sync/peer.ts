import type { Role } from "../store/types.ts";

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

/** The connections of one room, and the one way to send them a frame. */
export class PeerSet {
  private readonly peers = new Set<Peer>();

  add(peer: Peer): void {
    this.peers.add(peer);
  }

  /** False when the peer had already left. */
  delete(peer: Peer): boolean {
    return this.peers.delete(peer);
  }

  has(peer: unknown): peer is Peer {
    return this.peers.has(peer as Peer);
  }

  list(): readonly Peer[] {
    return [...this.peers];
  }

  /** Sends a frame to every peer but `except` (the one it came from). */
  broadcast(frame: Uint8Array, except: Peer | null): void {
    for (const peer of this.peers) if (peer !== except) peer.send(frame);
  }
}
