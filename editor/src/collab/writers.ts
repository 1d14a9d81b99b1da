import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";

/**
 * Who wrote a remote change: the client ids whose clock advanced in a transaction, named from
 * presence. A deletion is attributable because `deleteNode` touches the node before deleting it.
 */

/** The other clients that wrote in a transaction (usually one: the person whose edit arrived). */
export function writersOf(transaction: Y.Transaction): number[] {
  const writers: number[] = [];
  for (const [client, clock] of transaction.afterState) {
    if (client !== transaction.doc.clientID && clock > (transaction.beforeState.get(client) ?? 0)) {
      writers.push(client);
    }
  }
  return writers;
}

const directories = new WeakMap<Awareness, Map<number, string>>();

/** Names of the clients seen in presence since the page opened (people who left included). */
function directoryOf(awareness: Awareness): Map<number, string> {
  let names = directories.get(awareness);
  if (!names) {
    const created = new Map<number, string>();
    const record = () => {
      for (const [client, state] of awareness.getStates()) {
        const name = (state.user as { name?: unknown } | undefined)?.name;
        if (typeof name === "string" && name) created.set(client, name.slice(0, 200));
      }
    };
    record();
    awareness.on("change", record);
    directories.set(awareness, created);
    names = created;
  }
  return names;
}

/** Starts remembering names as soon as the document opens (so someone who leaves is still named). */
export function rememberWriters(awareness: Awareness): void {
  directoryOf(awareness);
}

/** The name of the one person who wrote a transaction, or null when unknown or several. */
export function writerName(awareness: Awareness, transaction: Y.Transaction): string | null {
  const writers = writersOf(transaction);
  if (writers.length !== 1) return null;
  return directoryOf(awareness).get(writers[0] as number) ?? null;
}

/** The name of whoever last set `key` of a Y.Map (e.g. who moved a node: its `parent`). */
export function lastWriterOfKey(awareness: Awareness, map: Y.Map<unknown>, key: string): string | null {
  const item = (map as unknown as { _map: Map<string, { id: { client: number } }> })._map.get(key);
  if (!item) return null;
  return directoryOf(awareness).get(item.id.client) ?? null;
}
