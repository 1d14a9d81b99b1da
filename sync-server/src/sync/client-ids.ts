import type { Peer } from "./peer.ts";

/**
 * Who each Yjs client id belongs to in a loaded document. A client id belongs to one account:
 * the first that writes or announces presence with it. Another member writing with the same id
 * would take that client's next clocks (its real owner's edits would then be ignored as already
 * known); announcing it would put words in its presence. Within the account, presence is spoken
 * by one connection at a time (a reconnection takes its ids over).
 */
export class ClientIds {
  /** Ids that wrote to the document, with their user (for the life of the loaded document). */
  private readonly writers = new Map<number, string>();
  /** Ids whose presence a connection of this process speaks for. */
  private readonly speakers = new Map<number, Peer>();
  private readonly spokenBy = new Map<Peer, Set<number>>();
  /** Ids whose presence a connection of another process speaks for, with its user. */
  private readonly remote = new Map<number, string>();

  /** The account a client id belongs to, if any. */
  userOf(client: number): string | undefined {
    return this.writers.get(client) ?? this.speakers.get(client)?.userId ?? this.remote.get(client);
  }

  /** The first of `clients` that belongs to another account, if any. */
  takenFrom(userId: string, clients: readonly number[]): number | undefined {
    return clients.find((client) => (this.userOf(client) ?? userId) !== userId);
  }

  claimWrites(userId: string, clients: readonly number[]): void {
    for (const client of clients) this.writers.set(client, userId);
  }

  /** The connection of this process that speaks for a client id's presence. */
  speakerOf(client: number): Peer | undefined {
    return this.speakers.get(client);
  }

  /** The client ids a connection speaks for. */
  spokenCount(peer: Peer): number {
    return this.spokenBy.get(peer)?.size ?? 0;
  }

  /** Records that a connection speaks for a client id (taking it over from another connection of the same account). */
  speak(peer: Peer, client: number): void {
    const previous = this.speakers.get(client);
    if (previous === peer) return;
    if (previous) this.spokenBy.get(previous)?.delete(client);
    this.speakers.set(client, peer);
    let own = this.spokenBy.get(peer);
    if (!own) {
      own = new Set();
      this.spokenBy.set(peer, own);
    }
    own.add(client);
  }

  /** The client ids a leaving connection spoke for; it speaks for none afterwards. */
  release(peer: Peer): number[] {
    const own = [...(this.spokenBy.get(peer) ?? [])];
    this.spokenBy.delete(peer);
    for (const client of own) this.speakers.delete(client);
    return own;
  }

  /** A presence state is gone: its id is free again for presence (not for writing). */
  silence(client: number): void {
    const peer = this.speakers.get(client);
    if (peer) this.spokenBy.get(peer)?.delete(client);
    this.speakers.delete(client);
    this.remote.delete(client);
  }

  /** Another process's connection speaks for a client id, as `userId`. */
  speakRemotely(client: number, userId: string): void {
    this.remote.set(client, userId);
  }
}
