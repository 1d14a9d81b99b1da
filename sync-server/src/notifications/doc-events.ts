import { commentsMap, MESSAGE_KEYS, SUGGESTION_KEYS, suggestionsMap, THREAD_KEYS } from "@refstudio/schema";
import * as Y from "yjs";

/**
 * What a transaction did under `comments` and `suggestions` that may concern someone: a new
 * message (in a thread or a suggestion's discussion), a new suggestion, a decision on one. Read
 * after the fact from the items the transaction inserted (its state vector before and after),
 * so that nothing but those numbers is taken on the sync path.
 */

/** Clock ranges a transaction inserted, per client: [client, from, to). */
export type InsertedRanges = [number, number, number][];

export type DocEvent =
  | {
      type: "message";
      container: "thread" | "suggestion";
      containerId: string;
      message: { id: string; author: string; body: string };
    }
  | { type: "suggestion"; id: string }
  | { type: "decision"; id: string; status: "accepted" | "rejected" };

/** The inserted ranges of a transaction (to be called while its observers run). */
export function insertedRanges(transaction: Y.Transaction): InsertedRanges {
  const ranges: InsertedRanges = [];
  for (const [client, after] of transaction.afterState) {
    const before = transaction.beforeState.get(client) ?? 0;
    if (after > before) ranges.push([client, before, after]);
  }
  return ranges;
}

/** The events of the items inserted in these ranges (those still there). */
export function docEvents(doc: Y.Doc, ranges: InsertedRanges): DocEvent[] {
  const comments = commentsMap(doc);
  const suggestions = suggestionsMap(doc);
  const events: DocEvent[] = [];
  for (const [client, from, to] of ranges) {
    const structs = doc.store.clients.get(client) as (Y.Item | Y.GC)[] | undefined;
    if (!structs || structs.length === 0) continue;
    for (let i = Y.findIndexSS(structs, from); i < structs.length; i++) {
      const struct = structs[i] as Y.Item | Y.GC;
      if (struct.id.clock >= to) break;
      if (!(struct instanceof Y.Item) || struct.deleted) continue;
      const event = classify(struct, comments, suggestions);
      if (event) events.push(event);
    }
  }
  return events;
}

/** The keys from a root down to a type, and the root it hangs from. */
function pathOf(type: Y.AbstractType<unknown>): { root: Y.AbstractType<unknown>; keys: (string | null)[] } {
  const keys: (string | null)[] = [];
  let current = type;
  while (current._item) {
    keys.unshift(current._item.parentSub);
    current = current._item.parent as Y.AbstractType<unknown>;
  }
  return { root: current, keys };
}

function classify(
  item: Y.Item,
  comments: Y.Map<Y.Map<unknown>>,
  suggestions: Y.Map<Y.Map<unknown>>,
): DocEvent | null {
  const { root, keys } = pathOf(item.parent as Y.AbstractType<unknown>);
  if (root !== comments && root !== suggestions) return null;
  const value =
    item.content instanceof Y.ContentType
      ? item.content.type
      : item.content instanceof Y.ContentAny
        ? item.content.getContent()[0]
        : undefined;
  const [id, list] = keys;
  if (keys.length === 2 && list === THREAD_KEYS.messages && value instanceof Y.Map && id) {
    return {
      type: "message",
      container: root === comments ? "thread" : "suggestion",
      containerId: id,
      message: {
        id: String(value.get(MESSAGE_KEYS.id) ?? ""),
        author: String(value.get(MESSAGE_KEYS.author) ?? ""),
        body: String(value.get(MESSAGE_KEYS.body) ?? ""),
      },
    };
  }
  if (root !== suggestions) return null;
  if (keys.length === 0 && item.parentSub && value instanceof Y.Map) {
    return { type: "suggestion", id: item.parentSub };
  }
  if (keys.length === 1 && id && item.parentSub === SUGGESTION_KEYS.status) {
    if (value === "accepted" || value === "rejected") return { type: "decision", id, status: value };
  }
  return null;
}
