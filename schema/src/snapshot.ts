import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import * as Y from "yjs";
import { storeAnchor } from "./anchors.ts";
import { createReferential } from "./commands.ts";
import { commentsMap, LOCAL_ORIGIN, linkNamesOf, NODE_KEYS, nodesMap, THREAD_KEYS } from "./layout.ts";
import { type Node, type Referential, SCHEMA_VERSION, SNAPSHOT_FORMAT, Snapshot } from "./model.ts";
import { isOrderKey } from "./outline.ts";
import { InvalidInputError, parseOrExplain } from "./parse.ts";
import { toReferential } from "./projection.ts";
import { writeRich } from "./richtext.ts";
import { snapshotFieldName } from "./snapshotFields.ts";

/**
 * The canonical snapshot: the référentiel as JSON with sorted keys and no volatile fields, and
 * its sha256. snapshot -> doc -> snapshot is byte-identical.
 */

/** JSON with object keys sorted at every level and no whitespace. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

export function toSnapshot(doc: Y.Doc): Snapshot {
  return { format: SNAPSHOT_FORMAT, schemaVersion: SCHEMA_VERSION, referential: toReferential(doc) };
}

/**
 * The canonical JSON of a document and its sha256. `comments: false` leaves the review threads
 * out (they carry internal discussion and author ids): what a validated snapshot holds.
 */
export function canonicalSnapshot(
  doc: Y.Doc,
  options: { comments?: boolean } = {},
): { json: string; sha256: string } {
  const snapshot = toSnapshot(doc);
  if (options.comments === false) snapshot.referential.comments = [];
  const json = canonicalJson(snapshot);
  return { json, sha256: sha256Hex(json) };
}

/** Parses untrusted snapshot JSON (text or value); throws an error naming the first bad fields. */
export function parseSnapshot(input: unknown): Snapshot {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch {
      throw new Error("Le fichier n'est pas du JSON valide");
    }
  }
  const field = (path: readonly PropertyKey[]) => snapshotFieldName(value, path);
  const snapshot = parseOrExplain(Snapshot, upgradeSnapshot(value), "Instantané", field);
  const seen = new Set<string>();
  snapshot.referential.nodes.forEach((node, i) => {
    if (seen.has(node.id))
      throw new InvalidInputError(
        `Instantané invalide — ${field(["referential", "nodes", i, "id"])} : identifiant en double « ${node.id} »`,
      );
    seen.add(node.id);
    if (!isOrderKey(node.order))
      throw new InvalidInputError(
        `Instantané invalide — ${field(["referential", "nodes", i, "order"])} : clé d'ordre invalide « ${node.order.slice(0, 40)} »`,
      );
  });
  return snapshot;
}

/**
 * A snapshot of an older schema version in today's shape (the fields added since, empty), so
 * files exported before an upgrade still import. Anything unexpected is left for zod to report.
 */
function upgradeSnapshot(value: unknown): unknown {
  const snapshot = value as { schemaVersion?: unknown; referential?: { meta?: unknown; nodes?: unknown } };
  if (snapshot?.schemaVersion !== 1 || typeof snapshot.referential !== "object" || !snapshot.referential)
    return value;
  const { meta, nodes } = snapshot.referential;
  return {
    ...snapshot,
    referential: {
      ...snapshot.referential,
      meta:
        meta && typeof meta === "object"
          ? { reglementationsActivites: [], prerequisEntreeFormation: [], ...meta }
          : meta,
      nodes: Array.isArray(nodes)
        ? nodes.map((node) =>
            node && typeof node === "object" && (node as { kind?: unknown }).kind === "bloc"
              ? { prerequisEntree: "", ...node }
              : node,
          )
        : nodes,
    },
  };
}

/** Builds a new document from a snapshot (parsed with `parseSnapshot` first). */
export function docFromSnapshot(snapshot: Snapshot, doc = new Y.Doc()): Y.Doc {
  const { meta, nodes, comments } = snapshot.referential;
  createReferential(doc, meta);
  doc.transact(() => {
    for (const node of nodes) writeNode(doc, node);
    for (const node of nodes) writeNodeLinks(doc, node);
  }, LOCAL_ORIGIN);
  for (const thread of comments) {
    doc.transact(() => {
      const map = new Y.Map<unknown>();
      map.set(THREAD_KEYS.anchor, storeAnchor(doc, thread.anchor, thread.orphaned));
      map.set(THREAD_KEYS.status, thread.status);
      const messages = new Y.Array<Y.Map<unknown>>();
      messages.push(
        thread.messages.map((m) => {
          const message = new Y.Map<unknown>();
          for (const [key, value] of Object.entries(m)) message.set(key, value);
          return message;
        }),
      );
      map.set(THREAD_KEYS.messages, messages);
      commentsMap(doc).set(thread.id, map);
    }, LOCAL_ORIGIN);
  }
  return doc;
}

/** Writes a node exactly as given (id, parent, order, pinned code), without its links: only for restoring states. */
export function writeNode(doc: Y.Doc, node: Node): void {
  const map = new Y.Map<unknown>();
  map.set(NODE_KEYS.kind, node.kind);
  map.set(NODE_KEYS.parent, node.parent);
  map.set(NODE_KEYS.order, node.order);
  if (node.pinnedCode !== null) map.set(NODE_KEYS.code, node.pinnedCode);
  map.set(NODE_KEYS.title, new Y.Text(node.title));
  const body = new Y.XmlFragment();
  map.set(NODE_KEYS.body, body);
  const links = new Y.Map<Y.Map<true>>();
  for (const name of linkNamesOf(node.kind)) links.set(name, new Y.Map<true>());
  map.set(NODE_KEYS.links, links);
  if (node.kind === "bloc") {
    map.set(NODE_KEYS.prerequis, new Y.Text(node.prerequis));
    map.set(NODE_KEYS.prerequisEntree, new Y.Text(node.prerequisEntree));
  }
  if (node.kind === "modality") {
    map.set(NODE_KEYS.modalityType, node.modalityType);
    map.set(NODE_KEYS.grouping, node.grouping);
    map.set(NODE_KEYS.duration, node.duration);
  }
  nodesMap(doc).set(node.id, map);
  writeRich(body, node.body);
}

/** Writes the links of a node written by `writeNode` (once every target exists). */
export function writeNodeLinks(doc: Y.Doc, node: Node): void {
  const links = nodesMap(doc).get(node.id)?.get(NODE_KEYS.links) as Y.Map<Y.Map<true>>;
  for (const name of linkNamesOf(node.kind)) {
    for (const target of node.links[name] ?? []) links.get(name)?.set(target, true);
  }
}

/** Convenience for tests and tools: a document from a référentiel value. */
export function docFromReferential(referential: Referential): Y.Doc {
  return docFromSnapshot({ format: SNAPSHOT_FORMAT, schemaVersion: SCHEMA_VERSION, referential });
}
