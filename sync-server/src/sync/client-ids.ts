/**
 * Which user wrote with each Yjs client id since the room loaded. Another member writing with
 * the same id would take that client's next clocks, and its real owner's edits would then be
 * ignored as already known.
 */
export class ClientIdOwners {
  private readonly owners = new Map<number, string>();

  /** The first of `clients` that another user already writes with, if any. */
  takenFrom(userId: string, clients: readonly number[]): number | undefined {
    return clients.find((client) => (this.owners.get(client) ?? userId) !== userId);
  }

  claim(userId: string, clients: readonly number[]): void {
    for (const client of clients) this.owners.set(client, userId);
  }
}
