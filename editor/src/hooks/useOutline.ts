import { buildOutline, metaMap, nodeFromMap, nodesMap, type Outline } from "@refstudio/schema";
import { useSyncExternalStore } from "react";
import * as Y from "yjs";
import { type SharedSource, sharedSource } from "../collab/shared.ts";

/** Node keys whose change moves, re-codes or re-links a node: what the outline is made of. */
const STRUCTURE_KEYS = new Set(["kind", "parent", "order", "code", "links"]);

/**
 * True when a batch of deep events under `nodes` changes the structure (a node added or
 * deleted, moved, re-coded or re-linked), false for text edits inside a node.
 */
export function isStructuralChange(
  nodes: Y.Map<Y.Map<unknown>>,
  events: Y.YEvent<Y.AbstractType<unknown>>[],
): boolean {
  for (const event of events) {
    const target = event.target;
    if (target === nodes) return true;
    if (!(target instanceof Y.Map)) continue;
    if (target.parent === nodes) {
      for (const key of (event as Y.YMapEvent<unknown>).keysChanged) if (STRUCTURE_KEYS.has(key)) return true;
    } else if (target.parent?.parent?.parent === nodes) {
      return true; // a link map: nodes > node > links > <linkName>
    }
  }
  return false;
}

/** Subscribes to structural changes of the document (and to the RNCP code that bloc codes derive from). */
export function subscribeStructure(doc: Y.Doc, onChange: () => void): () => void {
  const nodes = nodesMap(doc);
  const meta = metaMap(doc);
  const onNodes = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    if (isStructuralChange(nodes, events)) onChange();
  };
  const onMeta = (event: Y.YMapEvent<unknown>) => {
    if (event.keysChanged.has("rncpCode") || event.keysChanged.has("schemaVersion")) onChange();
  };
  nodes.observeDeep(onNodes);
  meta.observe(onMeta);
  return () => {
    nodes.unobserveDeep(onNodes);
    meta.unobserve(onMeta);
  };
}

/**
 * The document's outline, built once per structural change and shared by every reader (the
 * outline panel, the bloc view, the panels, the search). Text inside its nodes is as of the last
 * structural change: read live text through `useNode`/`useNodeLabel`.
 */
export function outlineSource(doc: Y.Doc): SharedSource<Outline> {
  return sharedSource(
    doc,
    "outline",
    (changed) => subscribeStructure(doc, changed),
    () => {
      const nodes = [...nodesMap(doc).entries()].map(([id, map]) => nodeFromMap(id, map));
      return buildOutline({ meta: { rncpCode: (metaMap(doc).get("rncpCode") as string) ?? "" }, nodes });
    },
  );
}

/** The ordered tree with codes; re-renders on structure changes only, never on a keystroke. */
export function useOutline(doc: Y.Doc): Outline {
  const source = outlineSource(doc);
  return useSyncExternalStore(source.subscribe, source.get);
}
