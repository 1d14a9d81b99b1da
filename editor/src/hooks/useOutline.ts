import { buildOutline, metaMap, nodesMap, type Outline, toReferential } from "@refstudio/schema";
import * as Y from "yjs";
import { useYjs } from "./useYjs.ts";

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

/** The ordered tree with codes; re-renders on structure changes only, never on a keystroke. */
export function useOutline(doc: Y.Doc): Outline {
  return useYjs(
    doc,
    (onChange) => subscribeStructure(doc, onChange),
    () => buildOutline(toReferential(doc)),
    [],
  );
}
