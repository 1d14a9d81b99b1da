import * as Y from "yjs";
import { resolveAnchor, type StoredAnchor } from "./anchors.ts";
import {
  commentsMap,
  linkNamesOf,
  metaMap,
  NODE_KEYS,
  nodeBody,
  nodeKind,
  nodeLinks,
  nodeOrder,
  nodeParent,
  nodesMap,
  nodeTitle,
  THREAD_KEYS,
} from "./layout.ts";
import {
  type Anchor,
  type Certifier,
  type CommentMessage,
  type CommentThread,
  META_RICH_FIELDS,
  type Meta,
  type ModalityNode,
  type Node,
  type NodeKind,
  type Referential,
} from "./model.ts";
import { fragmentToRich } from "./richtext.ts";

/**
 * Reading the shared document as plain JSON. Everything the UI, validation and export read
 * goes through these readers.
 */

export function readMeta(doc: Y.Doc): Meta {
  const meta = metaMap(doc);
  const list = (key: string) => [...((meta.get(key) as string[] | undefined) ?? [])];
  const rich = Object.fromEntries(
    META_RICH_FIELDS.map((field) => {
      const value = meta.get(field);
      return [field, value instanceof Y.XmlFragment ? fragmentToRich(value) : []];
    }),
  ) as Pick<Meta, (typeof META_RICH_FIELDS)[number]>;
  return {
    rncpCode: (meta.get("rncpCode") as string | undefined) ?? "",
    title: (meta.get("title") as string | undefined) ?? "",
    level: (meta.get("level") as Meta["level"] | undefined) ?? "",
    nsf: list("nsf"),
    rome: list("rome"),
    formacodes: list("formacodes"),
    certifiers: ((meta.get("certifiers") as Certifier[] | undefined) ?? []).map((c) => ({ ...c })),
    status: (meta.get("status") as Meta["status"] | undefined) ?? "draft",
    ...rich,
  };
}

/** One node as plain JSON, or undefined if it does not exist. */
export function readNode(doc: Y.Doc, id: string): Node | undefined {
  const map = nodesMap(doc).get(id);
  return map ? nodeFromMap(id, map) : undefined;
}

export function nodeFromMap(id: string, map: Y.Map<unknown>): Node {
  const kind: NodeKind = nodeKind(map);
  const links: Node["links"] = {};
  for (const name of linkNamesOf(kind)) {
    links[name] = [...(nodeLinks(map, name)?.keys() ?? [])].sort();
  }
  const base = {
    id,
    parent: nodeParent(map),
    order: nodeOrder(map),
    pinnedCode: (map.get(NODE_KEYS.code) as string | undefined) ?? null,
    title: nodeTitle(map)?.toString() ?? "",
    body: nodeBody(map) ? fragmentToRich(nodeBody(map)) : [],
    links,
  };
  switch (kind) {
    case "bloc":
      return {
        ...base,
        kind,
        prerequis: (map.get(NODE_KEYS.prerequis) as Y.Text | undefined)?.toString() ?? "",
      };
    case "modality":
      return {
        ...base,
        kind,
        modalityType: (map.get(NODE_KEYS.modalityType) as ModalityNode["modalityType"] | undefined) ?? null,
        grouping: (map.get(NODE_KEYS.grouping) as "individual" | "group" | undefined) ?? null,
        duration: (map.get(NODE_KEYS.duration) as string | undefined) ?? "",
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
  const stored = map.get(THREAD_KEYS.anchor) as StoredAnchor;
  const { anchor, orphaned } = resolveAnchor(doc, stored);
  const messages = (map.get(THREAD_KEYS.messages) as Y.Array<Y.Map<unknown>> | undefined)?.toArray() ?? [];
  return {
    id,
    anchor: anchor as Anchor,
    status: map.get(THREAD_KEYS.status) === "resolved" ? "resolved" : "open",
    orphaned,
    messages: messages.map((m) => {
      const message: CommentMessage = {
        id: m.get("id") as string,
        author: m.get("author") as string,
        body: m.get("body") as string,
        at: m.get("at") as string,
      };
      const editedAt = m.get("editedAt") as string | undefined;
      if (editedAt) message.editedAt = editedAt;
      return message;
    }),
  };
}

export function readThreads(doc: Y.Doc): CommentThread[] {
  return [...commentsMap(doc).entries()]
    .map(([id, map]) => threadFromMap(doc, id, map))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The whole document as plain JSON, nodes and threads sorted by id. */
export function toReferential(doc: Y.Doc): Referential {
  const nodes = [...nodesMap(doc).entries()]
    .map(([id, map]) => nodeFromMap(id, map))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { meta: readMeta(doc), nodes, comments: readThreads(doc) };
}
