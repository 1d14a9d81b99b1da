import { generateKeyBetween } from "fractional-indexing";
import * as Y from "yjs";
import { newId } from "./ids.ts";
import {
  LOCAL_ORIGIN,
  linkNamesOf,
  metaFragment,
  metaMap,
  NODE_KEYS,
  nodeBody,
  nodeKind,
  nodeLinks,
  nodeOrder,
  nodeParent,
  nodesMap,
  nodeTitle,
  requireNodeMap,
} from "./layout.ts";
import {
  type Certifier,
  Grouping,
  LIMITS,
  LINK_RULES,
  type LinkName,
  META_RICH_FIELDS,
  type Meta,
  ModalityType,
  type NodeKind,
  PARENT_RULES,
  type RichText,
  SCHEMA_VERSION,
} from "./model.ts";
import { compareOrder } from "./outline.ts";
import { plainToRich, writeRich } from "./richtext.ts";

/**
 * Named commands: every write to a référentiel goes through one of these, each one transaction
 * (tagged LOCAL_ORIGIN so undo only undoes my own changes). They throw a French error on bad input.
 */

function transact<T>(doc: Y.Doc, fn: () => T): T {
  let result: T | undefined;
  doc.transact(() => {
    result = fn();
  }, LOCAL_ORIGIN);
  return result as T;
}

/** Seeds an empty document with the meta fields of schema version 1. Done once, on the server. */
export function createReferential(doc: Y.Doc, init: Partial<Meta> = {}): void {
  transact(doc, () => {
    const meta = metaMap(doc);
    if (meta.has("schemaVersion")) throw new Error("Ce document est déjà un référentiel");
    meta.set("schemaVersion", SCHEMA_VERSION);
    for (const field of META_RICH_FIELDS) meta.set(field, new Y.XmlFragment());
    setMetaFields(doc, {
      rncpCode: "",
      title: "",
      level: "",
      nsf: [],
      rome: [],
      formacodes: [],
      certifiers: [],
      status: "draft",
      ...init,
    });
  });
}

export type MetaPatch = Partial<Meta>;

/** Updates meta fields; rich fields take rich text. */
export function setMeta(doc: Y.Doc, patch: MetaPatch): void {
  transact(doc, () => setMetaFields(doc, patch));
}

function setMetaFields(doc: Y.Doc, patch: MetaPatch): void {
  const meta = metaMap(doc);
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if ((META_RICH_FIELDS as readonly string[]).includes(key)) {
      writeRich(metaFragment(doc, key as (typeof META_RICH_FIELDS)[number]), value as RichText);
    } else if (key === "certifiers") {
      meta.set(
        key,
        (value as Certifier[]).map((c) => ({ ...c })),
      );
    } else if (Array.isArray(value)) meta.set(key, [...value]);
    else meta.set(key, value);
  }
}

/** Where to put a node: under `parent`, at `index` among its siblings of the same kind (default: last). */
export type Position = { parent: string | null; index?: number };

export type NodeFields = {
  title?: string;
  /** Rich text, or plain text (one paragraph per line). */
  body?: RichText | string;
  prerequis?: string;
  modalityType?: ModalityType | null;
  grouping?: Grouping | null;
  duration?: string;
};

export type AddNodeInput = NodeFields & {
  kind: NodeKind;
  id?: string;
  links?: Partial<Record<LinkName, string[]>>;
};

function siblings(doc: Y.Doc, parent: string | null, kind: NodeKind, except?: string) {
  const list: { id: string; order: string }[] = [];
  for (const [id, map] of nodesMap(doc).entries()) {
    if (id !== except && nodeParent(map) === parent && nodeKind(map) === kind) {
      list.push({ id, order: nodeOrder(map) });
    }
  }
  return list.sort(compareOrder);
}

function orderKeyAt(
  doc: Y.Doc,
  parent: string | null,
  kind: NodeKind,
  index: number | undefined,
  except?: string,
) {
  const list = siblings(doc, parent, kind, except);
  const at = index === undefined ? list.length : Math.max(0, Math.min(index, list.length));
  const before = list[at - 1]?.order ?? null;
  let after = list[at]?.order ?? null;
  // Equal keys (concurrent inserts) leave no room between them: place after both.
  if (before !== null && after !== null && before >= after) after = null;
  return generateKeyBetween(before, after);
}

function checkParent(doc: Y.Doc, kind: NodeKind, parent: string | null): void {
  const parentKind = parent === null ? null : nodesMap(doc).get(parent)?.get(NODE_KEYS.kind);
  if (parent !== null && parentKind === undefined) throw new Error(`Parent introuvable : ${parent}`);
  if (!PARENT_RULES[kind].includes(parentKind as NodeKind | null)) {
    throw new Error(`Un élément « ${kind} » ne peut pas être placé sous « ${parentKind ?? "la racine"} »`);
  }
}

/** Adds a node and returns its id. */
export function addNode(doc: Y.Doc, input: AddNodeInput, position: Position): string {
  return transact(doc, () => {
    const { kind } = input;
    checkParent(doc, kind, position.parent);
    const id = input.id ?? newId();
    if (nodesMap(doc).has(id)) throw new Error(`Identifiant déjà utilisé : ${id}`);
    const map = new Y.Map<unknown>();
    map.set(NODE_KEYS.kind, kind);
    map.set(NODE_KEYS.parent, position.parent);
    map.set(NODE_KEYS.order, orderKeyAt(doc, position.parent, kind, position.index));
    map.set(NODE_KEYS.title, new Y.Text());
    map.set(NODE_KEYS.body, new Y.XmlFragment());
    const links = new Y.Map<Y.Map<true>>();
    for (const name of linkNamesOf(kind)) links.set(name, new Y.Map<true>());
    map.set(NODE_KEYS.links, links);
    if (kind === "bloc") map.set(NODE_KEYS.prerequis, new Y.Text());
    if (kind === "modality") {
      map.set(NODE_KEYS.modalityType, null);
      map.set(NODE_KEYS.grouping, null);
      map.set(NODE_KEYS.duration, "");
    }
    nodesMap(doc).set(id, map);
    writeFields(map, input);
    for (const [name, targets] of Object.entries(input.links ?? {}) as [LinkName, string[]][]) {
      for (const target of targets) writeLink(doc, id, name, target, true);
    }
    return id;
  });
}

function replaceText(text: Y.Text, value: string): void {
  if (text.toString() === value) return;
  text.delete(0, text.length);
  text.insert(0, value);
}

function writeFields(map: Y.Map<unknown>, fields: NodeFields): void {
  const kind = nodeKind(map);
  if (fields.title !== undefined) {
    if (fields.title.length > LIMITS.nodeTitleChars) throw new Error("Intitulé trop long");
    replaceText(nodeTitle(map), fields.title);
  }
  if (fields.body !== undefined) {
    writeRich(nodeBody(map), typeof fields.body === "string" ? plainToRich(fields.body) : fields.body);
  }
  if (fields.prerequis !== undefined) {
    if (kind !== "bloc") throw new Error("Seul un bloc a des prérequis");
    replaceText(map.get(NODE_KEYS.prerequis) as Y.Text, fields.prerequis);
  }
  const modalityFields = ["modalityType", "grouping", "duration"] as const;
  for (const key of modalityFields) {
    const value = fields[key];
    if (value === undefined) continue;
    if (kind !== "modality") throw new Error(`Seule une modalité a le champ « ${key} »`);
    if (key === "modalityType" && value !== null) ModalityType.parse(value);
    if (key === "grouping" && value !== null) Grouping.parse(value);
    map.set(key, value);
  }
}

/** Replaces the given fields of a node (text fields are replaced whole: editors write text through Tiptap). */
export function updateNode(doc: Y.Doc, id: string, fields: NodeFields): void {
  transact(doc, () => writeFields(requireNodeMap(doc, id), fields));
}

/** Moves a node: sets parent and order in one transaction. Nothing is copied. */
export function moveNode(doc: Y.Doc, id: string, position: Position): void {
  transact(doc, () => {
    const map = requireNodeMap(doc, id);
    const kind = nodeKind(map);
    checkParent(doc, kind, position.parent);
    map.set(NODE_KEYS.parent, position.parent);
    map.set(NODE_KEYS.order, orderKeyAt(doc, position.parent, kind, position.index, id));
  });
}

/** Deletes a node, its descendants and every link that points to any of them. */
export function deleteNode(doc: Y.Doc, id: string): void {
  transact(doc, () => {
    const nodes = nodesMap(doc);
    requireNodeMap(doc, id);
    const doomed = new Set([id]);
    for (const [childId, map] of nodes.entries()) if (nodeParent(map) === id) doomed.add(childId);
    for (const gone of doomed) nodes.delete(gone);
    for (const map of nodes.values()) {
      for (const name of linkNamesOf(nodeKind(map))) {
        const links = nodeLinks(map, name);
        for (const gone of doomed) if (links?.has(gone)) links.delete(gone);
      }
    }
  });
}

function writeLink(doc: Y.Doc, from: string, name: LinkName, to: string, on: boolean): void {
  const map = requireNodeMap(doc, from);
  const rule = LINK_RULES[name];
  if (nodeKind(map) !== rule.from)
    throw new Error(`Un élément « ${nodeKind(map)} » n'a pas de lien « ${name} »`);
  const links = nodeLinks(map, name);
  if (!links) throw new Error(`Liens « ${name} » absents de ${from}`);
  if (!on) {
    links.delete(to);
    return;
  }
  const target = requireNodeMap(doc, to);
  if (nodeKind(target) !== rule.to)
    throw new Error(`Le lien « ${name} » doit viser un élément « ${rule.to} »`);
  links.set(to, true);
}

/** Sets (`on`) or clears one link, e.g. criterion --evaluates--> competency. */
export function setLink(doc: Y.Doc, from: string, name: LinkName, to: string, on = true): void {
  transact(doc, () => writeLink(doc, from, name, to, on));
}

/** Clears every link of one name from a node. */
export function clearLinks(doc: Y.Doc, from: string, name: LinkName): void {
  transact(doc, () => {
    const links = nodeLinks(requireNodeMap(doc, from), name);
    for (const key of [...(links?.keys() ?? [])]) links?.delete(key);
  });
}

/** Pins a code (checked for uniqueness by validation), or unpins with `null` to derive it from position. */
export function pinCode(doc: Y.Doc, id: string, code: string | null): void {
  transact(doc, () => {
    const map = requireNodeMap(doc, id);
    if (code === null) map.delete(NODE_KEYS.code);
    else {
      const trimmed = code.trim();
      if (trimmed.length === 0 || trimmed.length > 40) throw new Error("Code vide ou trop long");
      map.set(NODE_KEYS.code, trimmed);
    }
  });
}
