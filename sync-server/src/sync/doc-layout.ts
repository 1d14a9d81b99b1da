import {
  Grouping,
  Level,
  LINK_NAMES,
  META_RICH_FIELDS,
  ModalityType,
  NODE_KEYS,
  NodeKind,
  ROOT_COMMENTS,
  ROOT_META,
  ROOT_NODES,
  ROOT_SUGGESTIONS,
  Status,
  SUGGESTION_KEYS,
  SuggestionKind,
  SuggestionStatus,
  THREAD_KEYS,
} from "@refstudio/schema";
import * as Y from "yjs";
import { z } from "zod";
import type { Content, Location } from "./update-inspection.ts";

/**
 * The shape of a référentiel document (DESIGN §4) as the server enforces it on every update:
 * which Y type or value each known key holds. Rich-text fragments and plain texts are free
 * inside (their content is whatever the text editor writes).
 */

export type Slot =
  /** A Y.Map with known keys. */
  | { kind: "map"; fields: Record<string, Slot> }
  /** A Y.Map keyed by ids, every entry of the same shape. */
  | { kind: "record"; entry: Slot }
  | { kind: "array"; element: Slot }
  | { kind: "text" }
  | { kind: "xml" }
  | { kind: "value"; schema: z.ZodType; serverOnly?: boolean };

const value = (schema: z.ZodType): Slot => ({ kind: "value", schema });
const string = value(z.string());

const nodeSlot: Slot = {
  kind: "map",
  fields: {
    [NODE_KEYS.kind]: value(NodeKind),
    [NODE_KEYS.parent]: value(z.string().nullable()),
    [NODE_KEYS.order]: string,
    [NODE_KEYS.code]: string,
    [NODE_KEYS.title]: { kind: "text" },
    [NODE_KEYS.body]: { kind: "xml" },
    [NODE_KEYS.links]: {
      kind: "map",
      fields: Object.fromEntries(
        LINK_NAMES.map((name) => [name, { kind: "record", entry: value(z.literal(true)) } satisfies Slot]),
      ),
    },
    [NODE_KEYS.prerequis]: { kind: "text" },
    [NODE_KEYS.modalityType]: value(ModalityType.nullable()),
    [NODE_KEYS.grouping]: value(Grouping.nullable()),
    [NODE_KEYS.duration]: string,
  },
};

const messageSlot: Slot = {
  kind: "map",
  fields: { id: string, author: string, body: string, at: string, editedAt: string },
};

const anchorSlot = value(
  z.object({
    node: z.string(),
    field: z.enum(["title", "body"]).optional(),
    from: z.instanceof(Uint8Array).optional(),
    to: z.instanceof(Uint8Array).optional(),
    orphaned: z.literal(true).optional(),
  }),
);

const threadSlot: Slot = {
  kind: "map",
  fields: {
    [THREAD_KEYS.anchor]: anchorSlot,
    [THREAD_KEYS.status]: value(z.enum(["open", "resolved"])),
    [THREAD_KEYS.messages]: { kind: "array", element: messageSlot },
  },
};

const suggestionSlot: Slot = {
  kind: "map",
  fields: {
    [SUGGESTION_KEYS.anchor]: anchorSlot,
    [SUGGESTION_KEYS.kind]: value(SuggestionKind),
    [SUGGESTION_KEYS.original]: string,
    [SUGGESTION_KEYS.text]: string,
    [SUGGESTION_KEYS.author]: string,
    [SUGGESTION_KEYS.at]: string,
    [SUGGESTION_KEYS.editedAt]: string,
    [SUGGESTION_KEYS.status]: value(SuggestionStatus),
    [SUGGESTION_KEYS.decidedBy]: string,
    [SUGGESTION_KEYS.decidedAt]: string,
    [SUGGESTION_KEYS.messages]: { kind: "array", element: messageSlot },
  },
};

const metaSlot: Slot = {
  kind: "map",
  fields: {
    schemaVersion: { kind: "value", schema: z.number().int(), serverOnly: true },
    rncpCode: string,
    title: string,
    level: value(z.union([z.literal(""), Level])),
    status: value(Status),
    nsf: value(z.array(z.string())),
    rome: value(z.array(z.string())),
    formacodes: value(z.array(z.string())),
    certifiers: value(z.array(z.object({ name: z.string(), siret: z.string().optional() }))),
    ...Object.fromEntries(META_RICH_FIELDS.map((field) => [field, { kind: "xml" } satisfies Slot])),
  },
};

const ROOT_SLOTS: Record<string, Slot> = {
  [ROOT_META]: metaSlot,
  [ROOT_NODES]: { kind: "record", entry: nodeSlot },
  [ROOT_COMMENTS]: { kind: "record", entry: threadSlot },
  [ROOT_SUGGESTIONS]: { kind: "record", entry: suggestionSlot },
};

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
      return slot.fields[key] ?? { error: `champ inconnu « ${key.slice(0, 40)} »` };
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
  let slot: Slot | "free" | LayoutError | undefined = ROOT_SLOTS[location.root];
  if (!slot) return { error: `racine inconnue « ${location.root.slice(0, 40)} »` };
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
