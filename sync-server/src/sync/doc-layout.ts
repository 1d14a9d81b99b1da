import { DOC_LAYOUT, type Slot } from "@refstudio/schema";
import * as Y from "yjs";
import type { Content, Location } from "./update-inspection.ts";

/**
 * The server's check of every update against the document layout that the schema package
 * describes (`DOC_LAYOUT`, DESIGN §4): which Y type or value each known key holds. Rich-text
 * fragments and plain texts are free inside (their content is whatever the text editor writes).
 */

/** Why an item does not fit the layout (a French phrase for logs and close reasons). */
export type LayoutError = { error: string };

/** The slot below a container for a key; "free" inside texts and fragments. */
function childSlot(slot: Slot, key: string | null): Slot | "free" | LayoutError {
  switch (slot.kind) {
    case "text":
    case "xml":
      return "free";
    case "map":
      if (key === null) return { error: "élément de liste dans une table" };
      // Own keys only: "constructor" or "__proto__" name no field.
      return Object.hasOwn(slot.fields, key)
        ? (slot.fields[key] as Slot)
        : { error: `champ inconnu « ${key.slice(0, 40)} »` };
    case "record":
      return key === null ? { error: "élément de liste dans une table" } : slot.entry;
    case "array":
      return key === null ? slot.element : { error: "clé dans une liste" };
    case "value":
      return { error: "une valeur simple ne contient rien" };
  }
}

/** The slot a located item fills, "free" inside rich text, or why it cannot be there. */
export function slotOf(location: Location): Slot | "free" | LayoutError {
  if (!Object.hasOwn(DOC_LAYOUT, location.root)) {
    return { error: `racine inconnue « ${location.root.slice(0, 40)} »` };
  }
  let slot: Slot | "free" | LayoutError = DOC_LAYOUT[location.root] as Slot;
  // The containers' keys, then the item's own (checked on every update: no array built for it).
  for (let i = 0; i <= location.path.length; i++) {
    slot = childSlot(slot, i < location.path.length ? location.path[i]!.key : location.key);
    if (slot === "free" || "error" in slot) return slot;
  }
  return slot;
}

/** The Y type classes each container slot must be exactly (Y.XmlText extends Y.Text, and so on). */
const TYPE_OF_SLOT = { map: Y.Map, record: Y.Map, array: Y.Array, text: Y.Text, xml: Y.XmlFragment } as const;

/** Checks an inserted item's content against its slot; null when it fits. */
export function contentError(slot: Slot | "free", content: Content): string | null {
  if (content instanceof Y.ContentDeleted) return null;
  if (content instanceof Y.ContentDoc) return "sous-document interdit";
  if (slot === "free") return null;
  if (slot.kind === "value") {
    if (!(content instanceof Y.ContentAny) || content.getLength() !== 1) return "valeur simple attendue";
    return slot.schema.safeParse(content.getContent()[0]).success ? null : "valeur du mauvais type";
  }
  const expected = TYPE_OF_SLOT[slot.kind];
  if (!(content instanceof Y.ContentType) || content.type.constructor !== expected) {
    return `type ${slot.kind === "record" ? "map" : slot.kind} attendu`;
  }
  return null;
}
