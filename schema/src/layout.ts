import * as Y from "yjs";
import { z } from "zod";
import {
  Grouping,
  Level,
  LINK_NAMES,
  LINK_RULES,
  type LinkName,
  META_RICH_FIELDS,
  ModalityType,
  NodeKind,
  OldBloc,
  RenewalPrevious,
  RncpFlux,
  Status,
  SuggestionKind,
  SuggestionStatus,
} from "./model.ts";

/**
 * The shared document's layout (DESIGN §4, schema version 3), described once: which Y type or
 * value each key holds. The key constants below and the server's check of every update are
 * derived from this description, so adding a root or a field is one edit here. Only this module
 * and the commands/readers built on it know the names of the Y types.
 */

/** What a key of the document holds. Texts and fragments are free inside (what the text editor writes). */
export type Slot =
  /** A Y.Map with known keys. */
  | { kind: "map"; fields: Readonly<Record<string, Slot>> }
  /** A Y.Map keyed by ids, every entry of the same shape. */
  | { kind: "record"; entry: Slot }
  | { kind: "array"; element: Slot }
  | { kind: "text" }
  | { kind: "xml" }
  /** A plain value (Y.Map entry): its JSON type, loose (limits are validation rules, not refusals). */
  | { kind: "value"; schema: z.ZodType; serverOnly?: boolean };

const value = (schema: z.ZodType) => ({ kind: "value", schema }) as const;
const string = value(z.string());
const text = { kind: "text" } as const;
const xml = { kind: "xml" } as const;
const map = <F extends Record<string, Slot>>(fields: F) => ({ kind: "map", fields }) as const;
const record = (entry: Slot) => ({ kind: "record", entry }) as const;
const array = (element: Slot) => ({ kind: "array", element }) as const;

/** `{ a: …, b: … }` → `{ a: "a", b: "b" }`: the key constants of a described map. */
function keysOf<F extends object>(fields: F): { readonly [K in keyof F]: K } {
  return Object.fromEntries(Object.keys(fields).map((key) => [key, key])) as { readonly [K in keyof F]: K };
}

/** One row of the correspondence table: each field written on its own (a row is a Y.Map). */
const RENEWAL_ROW_FIELDS = {
  id: string,
  old: value(z.array(OldBloc)),
  /** The new blocs' node ids. */
  new: value(z.array(z.string())),
  coverage: value(z.enum(["total", "partial"])),
  comment: string,
  confirmed: value(z.boolean()),
} as const;

const META_FIELDS = {
  /** Set by the server when it seeds or migrates a document, never by a client. */
  schemaVersion: { kind: "value", schema: z.number().int(), serverOnly: true },
  rncpCode: string,
  title: string,
  level: value(z.union([z.literal(""), Level])),
  status: value(Status),
  nsf: value(z.array(z.string())),
  rome: value(z.array(z.string())),
  formacodes: value(z.array(z.string())),
  certifiers: value(z.array(z.object({ name: z.string(), siret: z.string().optional() }))),
  /**
   * The correspondence table of a renewal (absent when the certification renews nothing): one
   * Y.Map per row, so that people editing different rows at the same time all keep their edits.
   */
  renewal: map({ previous: value(RenewalPrevious), rows: array(map(RENEWAL_ROW_FIELDS)) }),
  /** What an RNCP import kept of the fiche: written by the server when it seeds the document. */
  rncpFlux: { kind: "value", schema: RncpFlux, serverOnly: true },
  ...(Object.fromEntries(META_RICH_FIELDS.map((field) => [field, xml])) as Record<
    (typeof META_RICH_FIELDS)[number],
    typeof xml
  >),
} as const;

const NODE_FIELDS = {
  kind: value(NodeKind),
  parent: value(z.string().nullable()),
  order: string,
  code: string,
  title: text,
  body: xml,
  /** One Y.Map per link name of the node's kind: target id -> true. */
  links: map(Object.fromEntries(LINK_NAMES.map((name) => [name, record(value(z.literal(true)))]))),
  prerequis: text,
  prerequisEntree: text,
  modalityType: value(ModalityType.nullable()),
  grouping: value(Grouping.nullable()),
  duration: string,
} as const;

const bytes = z.custom<Uint8Array>((input) => input instanceof Uint8Array);

/** A comment range stored as two Y.RelativePositions (anchors.ts), so it follows the text. */
const StoredAnchor = z.object({
  node: z.string(),
  field: z.enum(["title", "body"]).optional(),
  from: bytes.optional(),
  to: bytes.optional(),
  /** Set when a thread was imported already orphaned. */
  orphaned: z.literal(true).optional(),
});
export type StoredAnchor = z.infer<typeof StoredAnchor>;

const MESSAGE_FIELDS = { id: string, author: string, body: string, at: string, editedAt: string } as const;

const THREAD_FIELDS = {
  anchor: value(StoredAnchor),
  status: value(z.enum(["open", "resolved"])),
  messages: array(map(MESSAGE_FIELDS)),
} as const;

/** A suggested edit (suggestions.ts): what it changes, who made it, what became of it, its discussion. */
const SUGGESTION_FIELDS = {
  anchor: value(StoredAnchor),
  kind: value(SuggestionKind),
  original: string,
  text: string,
  author: string,
  at: string,
  editedAt: string,
  status: value(SuggestionStatus),
  decidedBy: string,
  decidedAt: string,
  messages: array(map(MESSAGE_FIELDS)),
} as const;

export const ROOT_META = "meta";
export const ROOT_NODES = "nodes";
export const ROOT_COMMENTS = "comments";
/** Suggested edits: beside the content, like comments (reviewers write only here and under comments). */
export const ROOT_SUGGESTIONS = "suggestions";

/** The whole document: its root types, and nothing else. */
export const DOC_LAYOUT: Readonly<Record<string, Slot>> = {
  [ROOT_META]: map(META_FIELDS),
  [ROOT_NODES]: record(map(NODE_FIELDS)),
  [ROOT_COMMENTS]: record(map(THREAD_FIELDS)),
  [ROOT_SUGGESTIONS]: record(map(SUGGESTION_FIELDS)),
};

/** The only root types a référentiel document may contain. */
export const ROOT_NAMES = Object.keys(DOC_LAYOUT);

/** Keys of `meta`. */
export const META_KEYS = keysOf(META_FIELDS);
/** Keys of `meta.renewal` (a Y.Map) and of each of its rows' Y.Maps. */
export const RENEWAL_KEYS = { previous: "previous", rows: "rows" } as const;
export const RENEWAL_ROW_KEYS = keysOf(RENEWAL_ROW_FIELDS);
/** Keys of a node's Y.Map. */
export const NODE_KEYS = keysOf(NODE_FIELDS);
/** Keys of a comment thread's Y.Map. */
export const THREAD_KEYS = keysOf(THREAD_FIELDS);
/** Keys of a comment message's Y.Map. */
export const MESSAGE_KEYS = keysOf(MESSAGE_FIELDS);

/**
 * Keys of a suggested edit's Y.Map. Set when it is made: anchor, kind, original, author, at (never
 * changed); text and editedAt (its author, while open); status, decidedBy, decidedAt (owners and
 * editors, when they accept or reject it); messages (replies, as in a comment thread).
 */
export const SUGGESTION_KEYS = keysOf(SUGGESTION_FIELDS);

/** Transaction origin of every command run on this replica: what an UndoManager tracks as "mine". */
export const LOCAL_ORIGIN = "refstudio:local";

export const metaMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(ROOT_META);
export const nodesMap = (doc: Y.Doc): Y.Map<Y.Map<unknown>> => doc.getMap(ROOT_NODES);
export const commentsMap = (doc: Y.Doc): Y.Map<Y.Map<unknown>> => doc.getMap(ROOT_COMMENTS);
export const suggestionsMap = (doc: Y.Doc): Y.Map<Y.Map<unknown>> => doc.getMap(ROOT_SUGGESTIONS);

export function metaFragment(doc: Y.Doc, field: (typeof META_RICH_FIELDS)[number]): Y.XmlFragment {
  const value = metaMap(doc).get(field);
  if (value instanceof Y.XmlFragment) return value;
  throw new Error(`Champ meta.${field} absent du document (référentiel non initialisé ?)`);
}

/** The link names a kind owns (created with the node, so concurrent link edits never race to create the map). */
export function linkNamesOf(kind: NodeKind): LinkName[] {
  return (Object.keys(LINK_RULES) as LinkName[]).filter((name) => LINK_RULES[name].from === kind);
}

export function nodeMap(doc: Y.Doc, id: string): Y.Map<unknown> | undefined {
  return nodesMap(doc).get(id);
}

export function requireNodeMap(doc: Y.Doc, id: string): Y.Map<unknown> {
  const node = nodeMap(doc, id);
  if (!node) throw new Error(`Élément introuvable : ${id}`);
  return node;
}

export function nodeKind(node: Y.Map<unknown>): NodeKind {
  return node.get(NODE_KEYS.kind) as NodeKind;
}

export function nodeParent(node: Y.Map<unknown>): string | null {
  return (node.get(NODE_KEYS.parent) as string | null | undefined) ?? null;
}

export function nodeOrder(node: Y.Map<unknown>): string {
  return (node.get(NODE_KEYS.order) as string | undefined) ?? "";
}

export function nodeTitle(node: Y.Map<unknown>): Y.Text {
  return node.get(NODE_KEYS.title) as Y.Text;
}

export function nodeBody(node: Y.Map<unknown>): Y.XmlFragment {
  return node.get(NODE_KEYS.body) as Y.XmlFragment;
}

export function nodeLinks(node: Y.Map<unknown>, name: LinkName): Y.Map<true> | undefined {
  const links = node.get(NODE_KEYS.links) as Y.Map<Y.Map<true>> | undefined;
  return links?.get(name);
}

/** The id of the node whose Y.Map contains (or is) the given Y type, or undefined. */
export function owningNodeId(doc: Y.Doc, type: Y.AbstractType<unknown>): string | undefined {
  const nodes = nodesMap(doc);
  let current: Y.AbstractType<unknown> | null = type;
  while (current?._item) {
    const parent = current._item.parent as Y.AbstractType<unknown>;
    if (parent === nodes) return current._item.parentSub ?? undefined;
    current = parent;
  }
  return undefined;
}
