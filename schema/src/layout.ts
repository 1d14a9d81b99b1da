import * as Y from "yjs";
import { LINK_RULES, type LinkName, type META_RICH_FIELDS, type NodeKind } from "./model.ts";

/**
 * The shared document's layout (DESIGN §4, schema version 1). Only this module and the
 * commands/readers built on it know the names of the Y types.
 */

export const ROOT_META = "meta";
export const ROOT_NODES = "nodes";
export const ROOT_COMMENTS = "comments";
/** Suggested edits: beside the content, like comments (reviewers write only here and under comments). */
export const ROOT_SUGGESTIONS = "suggestions";
/** The only root types a référentiel document may contain. */
export const ROOT_NAMES = [ROOT_META, ROOT_NODES, ROOT_COMMENTS, ROOT_SUGGESTIONS] as const;

/** Keys of a node's Y.Map. */
export const NODE_KEYS = {
  kind: "kind",
  parent: "parent",
  order: "order",
  code: "code",
  title: "title",
  body: "body",
  links: "links",
  prerequis: "prerequis",
  modalityType: "modalityType",
  grouping: "grouping",
  duration: "duration",
} as const;

/** Keys of a comment thread's Y.Map. */
export const THREAD_KEYS = { anchor: "anchor", status: "status", messages: "messages" } as const;

/** Keys of a comment message's Y.Map (in a thread's or a suggestion's `messages`). */
export const MESSAGE_KEYS = {
  id: "id",
  author: "author",
  body: "body",
  at: "at",
  editedAt: "editedAt",
} as const;

/**
 * Keys of a suggested edit's Y.Map. Set when it is made: anchor, kind, original, author, at (never
 * changed); text and editedAt (its author, while open); status, decidedBy, decidedAt (owners and
 * editors, when they accept or reject it); messages (replies, as in a comment thread).
 */
export const SUGGESTION_KEYS = {
  anchor: "anchor",
  kind: "kind",
  original: "original",
  text: "text",
  author: "author",
  at: "at",
  editedAt: "editedAt",
  status: "status",
  decidedBy: "decidedBy",
  decidedAt: "decidedAt",
  messages: "messages",
} as const;

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
