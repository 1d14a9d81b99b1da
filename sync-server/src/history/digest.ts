import { ItemLocator } from "@refstudio/schema";
import * as Y from "yjs";
import type { LoggedUpdate, Touch, UpdateDigest } from "../store/types.ts";

/**
 * What logged updates did, read against a document that contains them (the room's, or one built
 * from the store): where each inserted or deleted item sits, and how many were. Off the sync path:
 * it runs when the log is compacted and when history is asked for.
 */
export function digestLog(doc: Y.Doc, log: readonly LoggedUpdate[]): UpdateDigest[] {
  const locator = new ItemLocator(doc);
  return log.map((entry) => digestUpdate(doc, locator, entry));
}

function digestUpdate(doc: Y.Doc, locator: ItemLocator, entry: LoggedUpdate): UpdateDigest {
  const touched = new Map<string, Touch>();
  const touch = (item: Y.Item | null) => {
    const place = item && locator.place(item);
    if (place) touched.set(`${place.target}\u0000${place.field}`, place);
  };
  let inserted = 0;
  let deleted = 0;
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(entry.update);
  } catch {
    // A stored update that does not decode was skipped when the document loaded: nothing to say.
    return { seq: entry.seq, userId: entry.userId, at: entry.at, inserted, deleted, touched: [] };
  }
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    inserted += struct.length;
    touch(locator.itemAt(struct.id));
  }
  for (const [client, ranges] of decoded.ds.clients) {
    for (const { clock, len } of ranges) {
      deleted += len;
      // Consecutive clocks are merged into few structs: walk them, not every clock.
      const end = Math.min(clock + len, Y.getState(doc.store, client));
      for (let at = clock; at < end; ) {
        const struct = Y.getItem(doc.store, Y.createID(client, at));
        if (struct instanceof Y.Item) touch(struct);
        at = struct.id.clock + struct.length;
      }
    }
  }
  return {
    seq: entry.seq,
    userId: entry.userId,
    at: entry.at,
    inserted,
    deleted,
    touched: [...touched.values()],
  };
}
