import { generateKeyBetween } from "fractional-indexing";
import * as Y from "yjs";
import { z } from "zod";
import { checkId, newId } from "./ids.ts";
import {
  LOCAL_ORIGIN,
  linkNamesOf,
  META_KEYS,
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
import { DOC_SCHEMA_VERSION } from "./migrate.ts";
import {
  BlocNode,
  emptyMeta,
  type Grouping,
  LINK_RULES,
  type LinkName,
  META_RICH_FIELDS,
  Meta,
  type MetaRichField,
  ModalityNode,
  type ModalityType,
  NODE_KINDS,
  type NodeKind,
  PARENT_RULES,
  type Renewal,
  RichText,
} from "./model.ts";
import { compareOrder, isOrderKey } from "./outline.ts";
import { parseOrExplain } from "./parse.ts";
import { writeRenewal } from "./renewal.ts";
import { plainToRich, writeRich } from "./richtext.ts";
import { spliceText } from "./text-diff.ts";

/**
 * Named commands: every write to a référentiel goes through one of these, each one transaction
 * (tagged LOCAL_ORIGIN so undo only undoes my own changes). They throw a French error on bad input,
 * and check everything before writing: Yjs keeps what a transaction wrote before a throw.
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
    const fields = checkMetaPatch({ ...emptyMeta(), ...init });
    meta.set("schemaVersion", DOC_SCHEMA_VERSION);
    for (const field of META_RICH_FIELDS) meta.set(field, new Y.XmlFragment());
    writeMetaFields(doc, fields);
  });
}

export type MetaPatch = Partial<Meta>;

/** Updates meta fields; rich fields take rich text. */
export function setMeta(doc: Y.Doc, patch: MetaPatch): void {
  transact(doc, () => writeMetaFields(doc, checkMetaPatch(patch)));
}

/** Known fields with values of the right shape (limits such as the title's length are validation rules). */
function checkMetaPatch(patch: MetaPatch): MetaPatch {
  return parseOrExplain(Meta.partial(), patch, "Métadonnées");
}

/** Writes a patch checked (thus copied) by `checkMetaPatch`. */
function writeMetaFields(doc: Y.Doc, patch: MetaPatch): void {
  const meta = metaMap(doc);
  const entries = Object.entries(patch).filter(([, value]) => value !== undefined);
  const isRich = (key: string): key is MetaRichField => (META_RICH_FIELDS as readonly string[]).includes(key);
  // Resolved first: a missing fragment throws before anything is written.
  const fragments = new Map<string, Y.XmlFragment>(
    entries.flatMap(([key]) => (isRich(key) ? [[key, metaFragment(doc, key)] as const] : [])),
  );
  for (const [key, value] of entries) {
    const fragment = fragments.get(key);
    if (fragment) writeRich(fragment, value as RichText);
    else if (key === META_KEYS.renewal) writeRenewal(doc, value as Renewal);
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
  prerequisEntree?: string;
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
  if (index !== undefined && !Number.isInteger(index)) throw new Error(`Position invalide : ${index}`);
  // A sibling with a malformed key keeps its place but cannot serve as a bound.
  const list = siblings(doc, parent, kind, except).filter((s) => isOrderKey(s.order));
  const at = index === undefined ? list.length : Math.max(0, Math.min(index, list.length));
  const before = list[at - 1]?.order ?? null;
  // Equal keys (concurrent inserts) leave no room between them: go after the whole run of equal keys.
  const after = list.slice(at).find((s) => before === null || s.order > before)?.order ?? null;
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
    if (!(NODE_KINDS as readonly unknown[]).includes(kind))
      throw new Error(`Type d'élément inconnu : ${kind}`);
    checkParent(doc, kind, position.parent);
    const id = input.id === undefined ? newId() : checkId(input.id);
    if (nodesMap(doc).has(id)) throw new Error(`Identifiant déjà utilisé : ${id}`);
    const fields = checkFields(kind, input);
    const links = Object.entries(input.links ?? {}) as [LinkName, string[]][];
    for (const [name, targets] of links) for (const target of targets) checkLink(doc, kind, name, target);
    const order = orderKeyAt(doc, position.parent, kind, position.index);
    const map = new Y.Map<unknown>();
    map.set(NODE_KEYS.kind, kind);
    map.set(NODE_KEYS.parent, position.parent);
    map.set(NODE_KEYS.order, order);
    map.set(NODE_KEYS.title, new Y.Text());
    map.set(NODE_KEYS.body, new Y.XmlFragment());
    const linkMaps = new Y.Map<Y.Map<true>>();
    for (const name of linkNamesOf(kind)) linkMaps.set(name, new Y.Map<true>());
    map.set(NODE_KEYS.links, linkMaps);
    if (kind === "bloc") {
      map.set(NODE_KEYS.prerequis, new Y.Text());
      map.set(NODE_KEYS.prerequisEntree, new Y.Text());
    }
    if (kind === "modality") {
      map.set(NODE_KEYS.modalityType, null);
      map.set(NODE_KEYS.grouping, null);
      map.set(NODE_KEYS.duration, "");
    }
    nodesMap(doc).set(id, map);
    writeFields(map, fields);
    for (const [name, targets] of links)
      for (const target of targets) nodeLinks(map, name)?.set(target, true);
    return id;
  });
}

const MODALITY_FIELDS = ["modalityType", "grouping", "duration"] as const;

/** The shapes of the writable fields, taken from the model (other keys, such as `kind`, are dropped). */
const NodeFieldsInput = z.object({
  title: BlocNode.shape.title.optional(),
  body: z.union([z.string(), RichText]).optional(),
  prerequis: BlocNode.shape.prerequis.optional(),
  prerequisEntree: BlocNode.shape.prerequisEntree.optional(),
  modalityType: ModalityNode.shape.modalityType.optional(),
  grouping: ModalityNode.shape.grouping.optional(),
  duration: ModalityNode.shape.duration.optional(),
});

/** The fields, checked against the node's kind. */
function checkFields(kind: NodeKind, fields: NodeFields): NodeFields {
  const checked = parseOrExplain(NodeFieldsInput, fields, "Élément");
  if ((checked.prerequis !== undefined || checked.prerequisEntree !== undefined) && kind !== "bloc")
    throw new Error("Seul un bloc a des prérequis");
  for (const key of MODALITY_FIELDS) {
    if (checked[key] !== undefined && kind !== "modality") {
      throw new Error(`Seule une modalité a le champ « ${key} »`);
    }
  }
  return checked;
}

/** Writes fields already checked by `checkFields`. */
function writeFields(map: Y.Map<unknown>, fields: NodeFields): void {
  if (fields.title !== undefined) spliceText(nodeTitle(map), fields.title);
  if (fields.body !== undefined) {
    writeRich(nodeBody(map), typeof fields.body === "string" ? plainToRich(fields.body) : fields.body);
  }
  if (fields.prerequis !== undefined) spliceText(map.get(NODE_KEYS.prerequis) as Y.Text, fields.prerequis);
  if (fields.prerequisEntree !== undefined)
    spliceText(map.get(NODE_KEYS.prerequisEntree) as Y.Text, fields.prerequisEntree);
  for (const key of MODALITY_FIELDS) if (fields[key] !== undefined) map.set(key, fields[key]);
}

/** Replaces the given fields of a node (plain texts by their changed span; rich texts whole: editors write those through Tiptap). */
export function updateNode(doc: Y.Doc, id: string, fields: NodeFields): void {
  transact(doc, () => {
    const map = requireNodeMap(doc, id);
    writeFields(map, checkFields(nodeKind(map), fields));
  });
}

/** Moves a node: sets parent and order in one transaction. Nothing is copied. */
export function moveNode(doc: Y.Doc, id: string, position: Position): void {
  transact(doc, () => {
    const map = requireNodeMap(doc, id);
    const kind = nodeKind(map);
    checkParent(doc, kind, position.parent);
    const order = orderKeyAt(doc, position.parent, kind, position.index, id);
    map.set(NODE_KEYS.parent, position.parent);
    map.set(NODE_KEYS.order, order);
  });
}

/** Deletes a node, its descendants and every link that points to any of them. */
export function deleteNode(doc: Y.Doc, id: string): void {
  transact(doc, () => {
    const nodes = nodesMap(doc);
    const doomed = new Set([id]);
    for (const [childId, map] of nodes.entries()) if (nodeParent(map) === id) doomed.add(childId);
    // Rewriting the order first makes the deletion carry a struct of mine: whoever had the node
    // open can then tell who deleted it (a pure deletion names no writer).
    const target = requireNodeMap(doc, id);
    target.set(NODE_KEYS.order, nodeOrder(target));
    for (const gone of doomed) nodes.delete(gone);
    for (const map of nodes.values()) {
      for (const name of linkNamesOf(nodeKind(map))) {
        const links = nodeLinks(map, name);
        for (const gone of doomed) if (links?.has(gone)) links.delete(gone);
      }
    }
  });
}

/** The link map `name` of node `from`, refused when its kind does not own that link. */
function requireLinks(doc: Y.Doc, from: string, name: LinkName): Y.Map<true> {
  const map = requireNodeMap(doc, from);
  const kind = nodeKind(map);
  if (LINK_RULES[name]?.from !== kind) throw new Error(`Un élément « ${kind} » n'a pas de lien « ${name} »`);
  const links = nodeLinks(map, name);
  if (!links) throw new Error(`Liens « ${name} » absents de ${from}`);
  return links;
}

/** Refuses a link a node of kind `from` may not have towards node `to`. */
function checkLink(doc: Y.Doc, from: NodeKind, name: LinkName, to: string): void {
  const rule = LINK_RULES[name];
  if (rule?.from !== from) throw new Error(`Un élément « ${from} » n'a pas de lien « ${name} »`);
  const target = nodesMap(doc).get(to);
  if (!target) throw new Error(`Cible du lien introuvable : ${to}`);
  if (nodeKind(target) !== rule.to)
    throw new Error(`Le lien « ${name} » doit viser un élément « ${rule.to} »`);
}

/** Sets (`on`) or clears one link, e.g. criterion --evaluates--> competency. Clearing accepts a dangling target. */
export function setLink(doc: Y.Doc, from: string, name: LinkName, to: string, on = true): void {
  transact(doc, () => {
    const links = requireLinks(doc, from, name);
    if (!on) links.delete(to);
    else {
      checkLink(doc, nodeKind(requireNodeMap(doc, from)), name, to);
      if (!links.has(to)) links.set(to, true);
    }
  });
}

/** Clears every link of one name from a node. */
export function clearLinks(doc: Y.Doc, from: string, name: LinkName): void {
  transact(doc, () => {
    const links = requireLinks(doc, from, name);
    for (const key of [...links.keys()]) links.delete(key);
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
