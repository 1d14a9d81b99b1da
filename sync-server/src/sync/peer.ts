import type { Role } from "../store/types.ts";
import { SharedFrame } from "./shared-frame.ts";

/** What a room needs from one connection: who writes, and how to reach or drop it. */
export interface Peer {
  readonly userId: string;
  /** The account's name: what the others see in this connection's presence. */
  readonly userName: string;
  /** Changed in place when an owner changes the member's role: the next message is judged with it. */
  role: Role;
  readonly sessionHash: string;
  readonly closed: boolean;
  send(frame: Uint8Array): void;
  /** Sends a message framed once for every peer of a broadcast. */
  sendShared(frame: SharedFrame): void;
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

  /** Sends a frame to every peer but `except` (the one it came from), framed once for all. */
  broadcast(frame: Uint8Array, except: Peer | null): void {
    const shared = new SharedFrame(frame);
    for (const peer of this.peers) if (peer !== except) peer.sendShared(shared);
  }
}
