import * as Y from "yjs";
import { resolveAnchor } from "./anchors.ts";
import {
  commentsMap,
  linkNamesOf,
  metaMap,
  NODE_KEYS,
  nodesMap,
  type StoredAnchor,
  SUGGESTION_KEYS,
  suggestionsMap,
  THREAD_KEYS,
} from "./layout.ts";
import { readMessages } from "./messages.ts";
import {
  type Certifier,
  type CommentThread,
  META_RICH_FIELDS,
  type Meta,
  type ModalityNode,
  NODE_KINDS,
  type Node,
  type NodeKind,
  type Referential,
  type RichText,
  type Suggestion,
} from "./model.ts";
import { readRenewal } from "./renewal.ts";
import { fragmentToRich } from "./richtext.ts";
import { isOutdated } from "./suggestions.ts";

/**
 * Reading the shared document as plain JSON. Everything the UI, validation and export read
 * goes through these readers. They never throw on a damaged document (a buggy or hostile
 * client may write anything): a value of the wrong type is passed through as it is, so that
 * the zod schemas, and thus validation, report it.
 */

/** A key of a Y.Map, or undefined when the value is not a Y.Map. */
function get(map: unknown, key: string): unknown {
  return map instanceof Y.Map ? map.get(key) : undefined;
}

/** A Y.Text as a string; a missing one as ""; anything else as it is. */
function textOf(value: unknown): string {
  if (value instanceof Y.Text) return value.toString();
  return (value ?? "") as string;
}

/** A fragment as rich text; a missing one as []; anything else as it is. */
function richOf(value: unknown): RichText {
  if (value instanceof Y.XmlFragment) return fragmentToRich(value);
  return (value ?? []) as RichText;
}

/** A stored list as a copy; a missing one as []; anything else as it is. */
function listOf<T>(value: unknown): T[] {
  if (Array.isArray(value)) return value.map((v) => (v && typeof v === "object" ? { ...v } : v));
  return (value ?? []) as T[];
}

export function readMeta(doc: Y.Doc): Meta {
  const meta = metaMap(doc);
  const renewal = readRenewal(doc);
  const rich = Object.fromEntries(META_RICH_FIELDS.map((field) => [field, richOf(meta.get(field))])) as Pick<
    Meta,
    (typeof META_RICH_FIELDS)[number]
  >;
  return {
    rncpCode: (meta.get("rncpCode") as string | undefined) ?? "",
    title: (meta.get("title") as string | undefined) ?? "",
    level: (meta.get("level") as Meta["level"] | undefined) ?? "",
    nsf: listOf(meta.get("nsf")),
    rome: listOf(meta.get("rome")),
    formacodes: listOf(meta.get("formacodes")),
    certifiers: listOf<Certifier>(meta.get("certifiers")),
    status: (meta.get("status") as Meta["status"] | undefined) ?? "draft",
    ...rich,
    // Only when set: a référentiel that renews nothing keeps the same canonical JSON (and sha256).
    ...(renewal === undefined ? {} : { renewal }),
    // Only on imported fiches: other documents project exactly as before it existed.
    ...(meta.has("rncpFlux") ? { rncpFlux: meta.get("rncpFlux") as Meta["rncpFlux"] } : {}),
  };
}

/** One node as plain JSON, or undefined if it does not exist. */
export function readNode(doc: Y.Doc, id: string): Node | undefined {
  const map = nodesMap(doc).get(id);
  return map === undefined ? undefined : nodeFromMap(id, map);
}

export function nodeFromMap(id: string, map: Y.Map<unknown>): Node {
  const kind = get(map, NODE_KEYS.kind) as NodeKind;
  const links: Node["links"] = {};
  const linkMaps = get(map, NODE_KEYS.links);
  for (const name of NODE_KINDS.includes(kind) ? linkNamesOf(kind) : []) {
    const targets = get(linkMaps, name);
    links[name] = targets instanceof Y.Map ? [...targets.keys()].sort() : [];
  }
  const base = {
    id,
    parent: (get(map, NODE_KEYS.parent) ?? null) as string | null,
    order: (get(map, NODE_KEYS.order) ?? "") as string,
    pinnedCode: (get(map, NODE_KEYS.code) ?? null) as string | null,
    title: textOf(get(map, NODE_KEYS.title)),
    body: richOf(get(map, NODE_KEYS.body)),
    links,
  };
  switch (kind) {
    case "bloc":
      return {
        ...base,
        kind,
        prerequis: textOf(get(map, NODE_KEYS.prerequis)),
        prerequisEntree: textOf(get(map, NODE_KEYS.prerequisEntree)),
      };
    case "modality":
      return {
        ...base,
        kind,
        modalityType: (get(map, NODE_KEYS.modalityType) ?? null) as ModalityNode["modalityType"],
        grouping: (get(map, NODE_KEYS.grouping) ?? null) as ModalityNode["grouping"],
        duration: (get(map, NODE_KEYS.duration) ?? "") as string,
      };
    default:
      return { ...base, kind };
  }
}

export function readThread(doc: Y.Doc, id: string): CommentThread | undefined {
  const map = commentsMap(doc).get(id);
  return map ? threadFromMap(doc, id, map) : undefined;
}

function threadFromMap(doc: Y.Doc, id: string, map: Y.Map<unknown>): CommentThread {
  const { anchor, orphaned } = resolveAnchor(doc, get(map, THREAD_KEYS.anchor) as StoredAnchor);
  return {
    id,
    anchor,
    status: get(map, THREAD_KEYS.status) === "resolved" ? "resolved" : "open",
    orphaned,
    messages: readMessages(get(map, THREAD_KEYS.messages)),
  };
}

export function readThreads(doc: Y.Doc): CommentThread[] {
  return [...commentsMap(doc).entries()]
    .map(([id, map]) => threadFromMap(doc, id, map))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function readSuggestion(doc: Y.Doc, id: string): Suggestion | undefined {
  const map = suggestionsMap(doc).get(id);
  return map instanceof Y.Map ? suggestionFromMap(doc, id, map) : undefined;
}

/** Suggested edits sorted by id; `outdated` is read from the current text (it is not stored). */
export function readSuggestions(doc: Y.Doc): Suggestion[] {
  return [...suggestionsMap(doc).entries()]
    .filter(([, map]) => map instanceof Y.Map)
    .map(([id, map]) => suggestionFromMap(doc, id, map))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function suggestionFromMap(doc: Y.Doc, id: string, map: Y.Map<unknown>): Suggestion {
  const K = SUGGESTION_KEYS;
  const kind = get(map, K.kind) as Suggestion["kind"];
  const { anchor } = resolveAnchor(doc, get(map, K.anchor) as StoredAnchor, kind === "insert");
  const suggestion: Suggestion = {
    id,
    anchor,
    kind,
    original: get(map, K.original) as string,
    text: get(map, K.text) as string,
    author: get(map, K.author) as string,
    at: get(map, K.at) as string,
    status: get(map, K.status) as Suggestion["status"],
    outdated: isOutdated(doc, map),
    messages: readMessages(get(map, K.messages)),
  };
  for (const key of [K.editedAt, K.decidedBy, K.decidedAt] as const) {
    const value = get(map, key) as string | undefined;
    if (value !== undefined) suggestion[key] = value;
  }
  return suggestion;
}

/** Every node as plain JSON, sorted by id. */
export function readNodes(doc: Y.Doc): Node[] {
  return [...nodesMap(doc).entries()]
    .map(([id, map]) => nodeFromMap(id, map))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The whole document as plain JSON, nodes and threads sorted by id. */
export function toReferential(doc: Y.Doc): Referential {
  return { meta: readMeta(doc), nodes: readNodes(doc), comments: readThreads(doc) };
}
