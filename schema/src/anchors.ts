import * as Y from "yjs";
import { nodeBody, nodesMap, nodeTitle } from "./layout.ts";
import type { Anchor } from "./model.ts";
import { textLeaves } from "./richtext.ts";

/**
 * Comment anchors. A range is stored as two Y.RelativePositions so it follows concurrent edits;
 * it is read back as plain-text offsets. A thread whose text was deleted becomes orphaned.
 */
export type StoredAnchor = {
  node: string;
  field?: "title" | "body";
  from?: Uint8Array;
  to?: Uint8Array;
  /** Set when a thread was imported already orphaned. */
  orphaned?: true;
};

export function storeAnchor(doc: Y.Doc, anchor: Anchor, orphaned = false): StoredAnchor {
  const stored: StoredAnchor = { node: anchor.node };
  if (anchor.field) stored.field = anchor.field;
  if (orphaned) stored.orphaned = true;
  else if (anchor.range && anchor.field) {
    if (anchor.range.from >= anchor.range.to) throw new Error("Plage de commentaire vide");
    stored.from = relativeAt(doc, anchor.node, anchor.field, anchor.range.from, 0);
    stored.to = relativeAt(doc, anchor.node, anchor.field, anchor.range.to, -1);
  }
  return stored;
}

function relativeAt(doc: Y.Doc, nodeId: string, field: "title" | "body", offset: number, assoc: number) {
  const node = nodesMap(doc).get(nodeId);
  if (!node) throw new Error(`Élément introuvable : ${nodeId}`);
  if (field === "title") {
    const text = nodeTitle(node);
    if (offset > text.length) throw new Error("Plage de commentaire hors du texte");
    return Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, offset, assoc));
  }
  const leaf = textLeaves(nodeBody(node)).find((l) => offset >= l.start && offset <= l.start + l.text.length);
  if (!leaf) throw new Error("Plage de commentaire hors du texte");
  return Y.encodeRelativePosition(
    Y.createRelativePositionFromTypeIndex(leaf.text, offset - leaf.start, assoc),
  );
}

export function resolveAnchor(doc: Y.Doc, stored: StoredAnchor): { anchor: Anchor; orphaned: boolean } {
  const anchor: Anchor = { node: stored.node };
  if (stored.field) anchor.field = stored.field;
  const node = nodesMap(doc).get(stored.node);
  if (!node || stored.orphaned) return { anchor, orphaned: true };
  if (!stored.from || !stored.to || !stored.field) return { anchor, orphaned: false };
  const from = absoluteOffset(doc, node, stored.field, stored.from);
  const to = absoluteOffset(doc, node, stored.field, stored.to);
  if (from === undefined || to === undefined || from >= to) return { anchor, orphaned: true };
  anchor.range = { from, to };
  return { anchor, orphaned: false };
}

function absoluteOffset(
  doc: Y.Doc,
  node: Y.Map<unknown>,
  field: "title" | "body",
  encoded: Uint8Array,
): number | undefined {
  const abs = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(encoded), doc);
  if (!abs) return undefined;
  if (field === "title") return abs.type === nodeTitle(node) ? abs.index : undefined;
  const leaf = textLeaves(nodeBody(node)).find((l) => l.text === abs.type);
  return leaf ? leaf.start + abs.index : undefined;
}
