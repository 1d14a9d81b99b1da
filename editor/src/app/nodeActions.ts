import { addNode, deleteNode, moveNode, type Node, type NodeKind, type Outline } from "@refstudio/schema";
import type { Collab } from "../collab/collab.ts";

/**
 * Structural edits from the outline and the table (buttons, keyboard, drag and drop), each one
 * schema command and one undo step.
 */

const LISTS = {
  activity: "activities",
  competency: "competencies",
  modality: "modalities",
  criterion: "criteria",
} as const;

/** The ordered siblings of a node: same parent and same kind. */
export function siblingsOf(outline: Outline, node: Node): Node[] {
  if (node.kind === "bloc") return outline.blocs.map((b) => b.bloc);
  if (node.parent === null) return node.kind === "modality" ? outline.transversal : [];
  const entry = outline.blocs.find((b) => b.bloc.id === node.parent);
  return entry ? entry[LISTS[node.kind]] : [];
}

/** Runs one structural edit as its own undo step (not merged with typing just before or after). */
function step<T>(collab: Collab, fn: () => T): T {
  collab.undo.stopCapturing();
  const result = fn();
  collab.undo.stopCapturing();
  return result;
}

/** Moves a node one place up (-1) or down (+1) among its siblings; false at either end. */
export function moveBy(collab: Collab, outline: Outline, id: string, delta: -1 | 1): boolean {
  const node = outline.byId.get(id);
  if (!node) return false;
  const list = siblingsOf(outline, node);
  const index = list.findIndex((n) => n.id === id);
  const target = index + delta;
  if (index < 0 || target < 0 || target >= list.length) return false;
  // The index is counted among the siblings without the moved node.
  step(collab, () => moveNode(collab.doc, id, { parent: node.parent, index: target }));
  return true;
}

/** Moves a node into another bloc (at `index` among that bloc's items of its kind, default last). */
export function moveToBloc(collab: Collab, id: string, blocId: string | null, index?: number): void {
  step(collab, () => moveNode(collab.doc, id, { parent: blocId, index }));
}

/** Moves a node to the previous (-1) or next (+1) bloc; false when there is none. */
export function moveToAdjacentBloc(collab: Collab, outline: Outline, id: string, delta: -1 | 1): boolean {
  const node = outline.byId.get(id);
  if (!node || node.kind === "bloc") return false;
  const index = outline.blocs.findIndex((b) => b.bloc.id === node.parent);
  const target = outline.blocs[index + delta];
  if (index < 0 || !target) return false;
  moveToBloc(collab, id, target.bloc.id);
  return true;
}

export function addItem(collab: Collab, kind: NodeKind, parent: string | null, index?: number): string {
  return step(collab, () => addNode(collab.doc, { kind }, { parent, index }));
}

export function removeItem(collab: Collab, id: string): void {
  step(collab, () => deleteNode(collab.doc, id));
}

/** How many items a deletion takes with it (a bloc's content). */
export function descendantsCount(outline: Outline, id: string): number {
  const entry = outline.blocs.find((b) => b.bloc.id === id);
  if (!entry) return 0;
  return (
    entry.activities.length + entry.competencies.length + entry.modalities.length + entry.criteria.length
  );
}

/** Where a drag ends: in front of an item, or on a bloc (appended to it). */
export type DropData = { type: "bloc" | "item"; parent: string | null; kind: string };

/**
 * Turns a drop into a move: onto a bloc appends there; in front of an item of the same kind
 * takes its place (in its bloc); blocs reorder among blocs.
 */
export function applyDrop(
  outline: Outline,
  activeId: string,
  overId: string,
  over: DropData | undefined,
  move: (id: string, parent: string | null, index?: number) => void,
): void {
  const active = outline.byId.get(activeId);
  const target = outline.byId.get(overId);
  if (!active || !target || !over) return;
  if (active.kind === "bloc") {
    if (target.kind !== "bloc") return;
    move(
      activeId,
      null,
      siblingsOf(outline, target).findIndex((n) => n.id === overId),
    );
    return;
  }
  if (over.type === "bloc") {
    if (active.parent !== overId) move(activeId, overId);
    return;
  }
  if (target.kind !== active.kind) {
    const allowed = target.parent !== null || active.kind === "modality";
    if (allowed && target.parent !== active.parent) move(activeId, target.parent);
    return;
  }
  move(
    activeId,
    target.parent,
    siblingsOf(outline, target).findIndex((n) => n.id === overId),
  );
}
