import * as Y from "yjs";
import { NODE_KEYS, ROOT_COMMENTS, ROOT_META, ROOT_NODES } from "./layout.ts";

/**
 * Where a change lands in a référentiel document, in the words history uses: a node id (or
 * "meta" for the fiche, "comments" for the discussion) and the field changed — "node" when the
 * node itself was added or deleted, "position" for a move, "code", "links", or the text field.
 */
export type Place = { target: string; field: string };

const NODE_FIELD: Record<string, string> = {
  [NODE_KEYS.kind]: "node",
  [NODE_KEYS.parent]: "position",
  [NODE_KEYS.order]: "position",
};

/** Locates the items of one document; remembers its root types between calls. */
export class ItemLocator {
  private readonly roots = new Map<unknown, string>();

  constructor(private readonly doc: Y.Doc) {
    for (const [name, type] of doc.share) this.roots.set(type, name);
  }

  /** The item holding an ID in the document, or null when it is unknown or garbage-collected. */
  itemAt(id: Y.ID): Y.Item | null {
    if (id.clock >= Y.getState(this.doc.store, id.client)) return null;
    const struct = Y.getItem(this.doc.store, id);
    return struct instanceof Y.Item ? struct : null;
  }

  /** The place of an item, or null outside the layout (or for server-managed meta). */
  place(item: Y.Item): Place | null {
    const keys: (string | null)[] = [item.parentSub];
    let type = item.parent as Y.AbstractType<unknown>;
    while (type._item) {
      keys.unshift(type._item.parentSub);
      type = type._item.parent as Y.AbstractType<unknown>;
    }
    const root = this.roots.get(type);
    const [first, second] = keys;
    if (root === ROOT_NODES && first) {
      if (keys.length === 1) return { target: first, field: "node" };
      return second ? { target: first, field: NODE_FIELD[second] ?? second } : null;
    }
    if (root === ROOT_META && first && first !== "schemaVersion") return { target: "meta", field: first };
    if (root === ROOT_COMMENTS) return { target: "comments", field: "comments" };
    return null;
  }
}
