import {
  LINK_NAMES,
  type LinkName,
  META_RICH_FIELDS,
  type Meta,
  type Node,
  type NodeKind,
  type Referential,
  type RichText,
} from "./model.ts";
import { buildOutline, type Outline } from "./outline.ts";
import { richToPlain } from "./richtext.ts";
import { canonicalJson } from "./snapshot.ts";
import { type WordPart, wordDiff } from "./word-diff.ts";

/**
 * What changed between two states of a référentiel, structure first — nodes added, removed,
 * moved to another bloc, renumbered, re-linked — then each changed field word by word. Complete
 * by construction: `applyComparison(older, compareReferentials(older, newer))` is `newer` (its
 * meta and nodes; comments are discussion, not content, and are not compared).
 */

/** How a node is named in a comparison: its code and label in the state it is read from. */
export type NodeRef = { id: string; kind: NodeKind; code: string; label: string };

/** A changed field: its values before and after, and for texts the word-by-word difference. */
export type FieldChange = { field: string; before: unknown; after: unknown; parts?: WordPart[] };

export type LinkChange = { name: LinkName; added: NodeRef[]; removed: NodeRef[]; after: string[] };

/** A node present in both states, with everything that differs. */
export type NodeChange = {
  ref: NodeRef;
  /** The node as named in the older state. */
  before: NodeRef;
  /** Set when the node changed place: its new parent and order key. */
  position?: { parent: string | null; order: string };
  /** Set when its parent changed: the bloc it left and the one it joined (null: the root). */
  moved?: { from: NodeRef | null; to: NodeRef | null };
  /** Set when its effective code changed (pinned, or derived from a new position). */
  renumbered?: { from: string; to: string };
  pinnedCode?: { before: string | null; after: string | null };
  links: LinkChange[];
  fields: FieldChange[];
};

export type Comparison = {
  identical: boolean;
  meta: FieldChange[];
  added: { node: Node; ref: NodeRef; bloc: NodeRef | null }[];
  removed: { ref: NodeRef; bloc: NodeRef | null }[];
  changed: NodeChange[];
  counts: { added: number; removed: number; moved: number; renumbered: number; links: number; texts: number };
};

/** The short text that names a node: its title, or the first line of its body. */
export function nodeLabel(node: Node): string {
  const title = node.title.trim();
  if (title) return title;
  return richToPlain(node.body).split("\n")[0]?.trim() ?? "";
}

const same = (a: unknown, b: unknown) => a === b || canonicalJson(a) === canonicalJson(b);

/** Text fields diffed word by word; the other fields are compared as values. */
const TEXT_FIELDS = new Set(["title", "prerequis", "duration", "body", ...META_RICH_FIELDS]);
const NODE_FIELDS: Record<NodeKind, readonly string[]> = {
  bloc: ["title", "body", "prerequis"],
  activity: ["title", "body"],
  competency: ["title", "body"],
  modality: ["title", "body", "modalityType", "grouping", "duration"],
  criterion: ["title", "body"],
};

const plainOf = (value: unknown): string =>
  typeof value === "string" ? value : Array.isArray(value) ? richToPlain(value as RichText) : "";

function fieldChange(field: string, before: unknown, after: unknown, words: boolean): FieldChange | null {
  if (same(before, after)) return null;
  const change: FieldChange = { field, before, after };
  if (words && TEXT_FIELDS.has(field)) change.parts = wordDiff(plainOf(before), plainOf(after));
  return change;
}

class Naming {
  readonly outline: Outline;
  constructor(readonly ref: Pick<Referential, "meta" | "nodes">) {
    this.outline = buildOutline(ref);
  }
  of(id: string, fallback?: Naming): NodeRef {
    const node = this.outline.byId.get(id);
    if (!node) return fallback?.of(id) ?? { id, kind: "competency", code: "", label: id };
    return { id, kind: node.kind, code: this.outline.codes.get(id) ?? "", label: nodeLabel(node) };
  }
  /** The bloc holding a node (itself for a bloc), or null at the root or when unplaced. */
  blocOf(node: Node): NodeRef | null {
    const blocId = node.kind === "bloc" ? node.id : node.parent;
    return blocId !== null && this.outline.byId.get(blocId)?.kind === "bloc" ? this.of(blocId) : null;
  }
}

/** `words: false` leaves out the word-by-word differences (`parts`), e.g. for a restore that only applies the changes. */
export function compareReferentials(
  older: Pick<Referential, "meta" | "nodes">,
  newer: Pick<Referential, "meta" | "nodes">,
  options: { words?: boolean } = {},
): Comparison {
  const words = options.words ?? true;
  const was = new Naming(older);
  const now = new Naming(newer);
  const meta = (Object.keys(newer.meta) as (keyof Meta)[])
    .concat((Object.keys(older.meta) as (keyof Meta)[]).filter((key) => !(key in newer.meta)))
    .map((key) => fieldChange(key, older.meta[key], newer.meta[key], words))
    .filter((change): change is FieldChange => change !== null);

  const oldById = new Map(older.nodes.map((node) => [node.id, node]));
  const newById = new Map(newer.nodes.map((node) => [node.id, node]));
  const comparison: Comparison = {
    identical: false,
    meta,
    added: [],
    removed: [],
    changed: [],
    counts: { added: 0, removed: 0, moved: 0, renumbered: 0, links: 0, texts: 0 },
  };
  for (const node of older.nodes) {
    const next = newById.get(node.id);
    if (!next || next.kind !== node.kind)
      comparison.removed.push({ ref: was.of(node.id), bloc: was.blocOf(node) });
  }
  for (const node of newer.nodes) {
    const previous = oldById.get(node.id);
    if (!previous || previous.kind !== node.kind) {
      comparison.added.push({ node, ref: now.of(node.id), bloc: now.blocOf(node) });
      continue;
    }
    const change = compareNode(previous, node, was, now, words);
    if (change) comparison.changed.push(change);
  }
  const order = (ref: NodeRef) => `${ref.code}\u0000${ref.id}`;
  comparison.added.sort((a, b) => order(a.ref).localeCompare(order(b.ref)));
  comparison.removed.sort((a, b) => order(a.ref).localeCompare(order(b.ref)));
  comparison.changed.sort((a, b) => order(a.ref).localeCompare(order(b.ref)));
  const counts = comparison.counts;
  counts.added = comparison.added.length;
  counts.removed = comparison.removed.length;
  for (const change of comparison.changed) {
    if (change.moved) counts.moved++;
    if (change.renumbered) counts.renumbered++;
    counts.links += change.links.length;
    counts.texts += change.fields.filter((field) => TEXT_FIELDS.has(field.field)).length;
  }
  counts.texts += meta.filter((field) => TEXT_FIELDS.has(field.field)).length;
  comparison.identical =
    meta.length === 0 && counts.added === 0 && counts.removed === 0 && comparison.changed.length === 0;
  return comparison;
}

function compareNode(older: Node, newer: Node, was: Naming, now: Naming, words: boolean): NodeChange | null {
  const change: NodeChange = { ref: now.of(newer.id), before: was.of(older.id), links: [], fields: [] };
  let changed = false;
  if (older.parent !== newer.parent || older.order !== newer.order) {
    change.position = { parent: newer.parent, order: newer.order };
    changed = true;
  }
  if (older.parent !== newer.parent) change.moved = { from: was.blocOf(older), to: now.blocOf(newer) };
  if (change.before.code !== change.ref.code) {
    change.renumbered = { from: change.before.code, to: change.ref.code };
    changed = true;
  }
  if (older.pinnedCode !== newer.pinnedCode) {
    change.pinnedCode = { before: older.pinnedCode, after: newer.pinnedCode };
    changed = true;
  }
  for (const name of LINK_NAMES) {
    const before = new Set(older.links[name] ?? []);
    const after = new Set(newer.links[name] ?? []);
    const added = [...after].filter((id) => !before.has(id));
    const removed = [...before].filter((id) => !after.has(id));
    if (added.length === 0 && removed.length === 0) continue;
    change.links.push({
      name,
      added: added.map((id) => now.of(id, was)),
      removed: removed.map((id) => was.of(id, now)),
      after: newer.links[name] ?? [],
    });
    changed = true;
  }
  const oldFields = older as Record<string, unknown>;
  const newFields = newer as Record<string, unknown>;
  for (const field of NODE_FIELDS[newer.kind]) {
    const fieldDiff = fieldChange(field, oldFields[field], newFields[field], words);
    if (fieldDiff) change.fields.push(fieldDiff);
  }
  return changed || change.fields.length > 0 ? change : null;
}

/** The older state with a comparison applied: the newer state's meta and nodes (nodes sorted by id). */
export function applyComparison<R extends Pick<Referential, "meta" | "nodes">>(
  older: R,
  comparison: Comparison,
): R {
  const nodes = new Map(older.nodes.map((node) => [node.id, node]));
  for (const { ref } of comparison.removed) nodes.delete(ref.id);
  for (const { node } of comparison.added) nodes.set(node.id, node);
  for (const change of comparison.changed) {
    const node = { ...nodes.get(change.ref.id) } as Record<string, unknown> & Node;
    if (change.position) {
      node.parent = change.position.parent;
      node.order = change.position.order;
    }
    if (change.pinnedCode) node.pinnedCode = change.pinnedCode.after;
    if (change.links.length > 0) {
      node.links = { ...node.links };
      for (const link of change.links) node.links[link.name] = link.after;
    }
    for (const field of change.fields) node[field.field] = field.after;
    nodes.set(node.id, node);
  }
  const meta = { ...older.meta } as Record<string, unknown>;
  for (const field of comparison.meta) {
    if (field.after === undefined) delete meta[field.field];
    else meta[field.field] = field.after;
  }
  const sorted = [...nodes.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ...older, meta: meta as Meta, nodes: sorted };
}
