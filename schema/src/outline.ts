import { generateKeyBetween } from "fractional-indexing";
import type { BlocNode, ModalityNode, Node, NodeKind, NodeOfKind, Referential } from "./model.ts";

/**
 * The référentiel as an ordered tree (blocs and their children, transversal modalities,
 * orphans) with every node's effective code: pinned, or derived from its position.
 */
export type BlocOutline = {
  bloc: BlocNode;
  activities: NodeOfKind<"activity">[];
  competencies: NodeOfKind<"competency">[];
  modalities: ModalityNode[];
  criteria: NodeOfKind<"criterion">[];
};

export type Outline = {
  blocs: BlocOutline[];
  transversal: ModalityNode[];
  /** Nodes whose parent is missing or of the wrong kind (e.g. added into a concurrently deleted bloc). */
  orphans: Node[];
  /** Effective code of every placed node. */
  codes: Map<string, string>;
  byId: Map<string, Node>;
};

/** Sibling order: fractional key, ties (concurrent inserts at one place) broken by id. */
export function compareOrder(a: { order: string; id: string }, b: { order: string; id: string }): number {
  if (a.order !== b.order) return a.order < b.order ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Whether a string is a `fractional-indexing` key (a snapshot or a remote client may bring any string). */
export function isOrderKey(key: string): boolean {
  try {
    generateKeyBetween(key, null);
    return true;
  } catch {
    return false;
  }
}

const CHILD_LISTS = {
  activity: "activities",
  competency: "competencies",
  modality: "modalities",
  criterion: "criteria",
} as const satisfies Record<Exclude<NodeKind, "bloc">, keyof BlocOutline>;

/** The letters of derived item codes (C2.3, CR1.4); transversal modalities are MT1, MT2… */
export const CODE_PREFIX: Record<Exclude<NodeKind, "bloc">, string> = {
  activity: "A",
  competency: "C",
  modality: "M",
  criterion: "CR",
};

export function blocCode(rncpCode: string, index: number): string {
  return `${rncpCode}BC${String(index).padStart(2, "0")}`;
}

/** The number of a bloc code (« RNCP34762BC03 », « BC03 » -> 3), or undefined for another form. */
export function blocNumber(code: string | null): number | undefined {
  const match = code ? /BC(\d{1,3})$/.exec(code) : null;
  const value = match ? Number(match[1]) : 0;
  return value > 0 ? value : undefined;
}

/** Only the nodes and the RNCP code matter to the outline. */
export function buildOutline(ref: { meta: Pick<Referential["meta"], "rncpCode">; nodes: Node[] }): Outline {
  const byId = new Map(ref.nodes.map((n) => [n.id, n]));
  const blocs = ref.nodes.filter((n): n is BlocNode => n.kind === "bloc").sort(compareOrder);
  const blocIndex = new Map(blocs.map((b, i) => [b.id, i]));
  const outline: Outline = {
    blocs: blocs.map((bloc) => ({ bloc, activities: [], competencies: [], modalities: [], criteria: [] })),
    transversal: [],
    orphans: [],
    codes: new Map(),
    byId,
  };
  for (const node of ref.nodes) {
    if (node.kind === "bloc") continue;
    if (node.parent === null && node.kind === "modality") {
      outline.transversal.push(node);
      continue;
    }
    const index = node.parent === null ? undefined : blocIndex.get(node.parent);
    const entry = index === undefined ? undefined : outline.blocs[index];
    if (!entry) {
      outline.orphans.push(node);
      continue;
    }
    (entry[CHILD_LISTS[node.kind]] as Node[]).push(node);
  }
  outline.transversal.sort(compareOrder);
  outline.orphans.sort(compareOrder);
  outline.blocs.forEach((entry, i) => {
    // Items follow their bloc's number: a bloc pinned BC03 holds C3.1, CR3.1… wherever it sits.
    const b = blocNumber(entry.bloc.pinnedCode) ?? i + 1;
    outline.codes.set(entry.bloc.id, entry.bloc.pinnedCode ?? blocCode(ref.meta.rncpCode, i + 1));
    for (const kind of Object.keys(CHILD_LISTS) as (keyof typeof CHILD_LISTS)[]) {
      const list = entry[CHILD_LISTS[kind]] as Node[];
      list.sort(compareOrder);
      list.forEach((node, j) => {
        outline.codes.set(node.id, node.pinnedCode ?? `${CODE_PREFIX[kind]}${b}.${j + 1}`);
      });
    }
  });
  outline.transversal.forEach((node, j) => {
    outline.codes.set(node.id, node.pinnedCode ?? `MT${j + 1}`);
  });
  return outline;
}
