import * as Y from "yjs";
import { nodeBody, nodesMap, nodeTitle, type StoredAnchor } from "./layout.ts";
import type { Anchor } from "./model.ts";
import { fragmentToRich, richToPlain, textLeaves } from "./richtext.ts";

/**
 * Comment anchors. A range is stored as two Y.RelativePositions so it follows concurrent edits;
 * it is read back as plain-text offsets. A thread whose text was deleted becomes orphaned.
 */
export function storeAnchor(doc: Y.Doc, anchor: Anchor, orphaned = false): StoredAnchor {
  const stored: StoredAnchor = { node: anchor.node };
  if (anchor.field) stored.field = anchor.field;
  if (orphaned) {
    stored.orphaned = true;
    return stored;
  }
  if (!nodesMap(doc).has(anchor.node)) throw new Error(`Élément introuvable : ${anchor.node}`);
  if (anchor.range) {
    if (!anchor.field) throw new Error("Une plage de commentaire doit préciser son champ");
    if (anchor.range.from >= anchor.range.to) throw new Error("Plage de commentaire vide");
    stored.from = relativeAt(doc, anchor.node, anchor.field, anchor.range.from, 0);
    stored.to = relativeAt(doc, anchor.node, anchor.field, anchor.range.to, -1);
    // A range over empty lines only snaps to nothing.
    if (resolveAnchor(doc, stored).orphaned) throw new Error("Plage de commentaire sans texte");
  }
  return stored;
}

/**
 * The anchor of a suggested edit: a range of one field, within one run of text (a paragraph, or a
 * line of it). An empty range is an insertion point whose ends stick to the characters on either
 * side, so text typed there since opens the range (and makes the suggestion outdated).
 */
export function storeEditAnchor(
  doc: Y.Doc,
  node: string,
  field: "title" | "body",
  range: { from: number; to: number },
): StoredAnchor {
  const nodeMap = nodesMap(doc).get(node);
  if (!nodeMap) throw new Error(`Élément introuvable : ${node}`);
  const { from, to } = range;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < from) {
    throw new Error("Plage de suggestion invalide");
  }
  // An empty statement has no text to anchor to (its paragraph holds none): say so plainly.
  if (field === "body" && textLeaves(nodeBody(nodeMap)).length === 0) {
    throw new Error(
      "Ce texte est vide : on ne peut pas y proposer de modification ; laissez plutôt un commentaire",
    );
  }
  const empty = from === to;
  const stored: StoredAnchor = {
    node,
    field,
    from: relativeAt(doc, node, field, from, empty ? -1 : 0),
    to: relativeAt(doc, node, field, to, empty ? 0 : -1),
  };
  const ends = absoluteRange(doc, stored, empty);
  if (!ends) throw new Error("La suggestion doit porter sur un seul paragraphe");
  return stored;
}

/**
 * A relative position at a plain-text offset. In a body, an offset on a line without text (an
 * empty paragraph) snaps into the next leaf for a start (`assoc` 0), the previous one for an end.
 */
function relativeAt(doc: Y.Doc, nodeId: string, field: "title" | "body", offset: number, assoc: number) {
  const node = nodesMap(doc).get(nodeId);
  if (!node) throw new Error(`Élément introuvable : ${nodeId}`);
  if (field === "title") {
    const text = nodeTitle(node);
    if (offset > text.length) throw new Error("Plage de commentaire hors du texte");
    return Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, offset, assoc));
  }
  const body = nodeBody(node);
  if (offset > richToPlain(fragmentToRich(body)).length)
    throw new Error("Plage de commentaire hors du texte");
  const leaves = textLeaves(body);
  const leaf =
    assoc >= 0
      ? leaves.find((l) => offset <= l.start + l.text.length)
      : leaves.findLast((l) => offset >= l.start);
  if (!leaf) throw new Error("Plage de commentaire sans texte");
  const index = Math.min(Math.max(offset - leaf.start, 0), leaf.text.length);
  return Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(leaf.text, index, assoc));
}

/**
 * Reads a stored anchor back. Never throws: a damaged anchor (hostile or buggy client) is orphaned.
 * `allowEmpty` keeps an empty range (the insertion point of a suggested edit).
 */
export function resolveAnchor(
  doc: Y.Doc,
  stored: StoredAnchor,
  allowEmpty = false,
): { anchor: Anchor; orphaned: boolean } {
  const valid = typeof stored === "object" && stored !== null;
  // Passed through as stored, so that the Anchor schema reports a damaged value.
  const anchor = { node: valid ? stored.node : undefined } as Anchor;
  if (valid && stored.field !== undefined) anchor.field = stored.field;
  const node = valid ? nodesMap(doc).get(stored.node) : undefined;
  if (!valid || !(node instanceof Y.Map) || stored.orphaned) return { anchor, orphaned: true };
  if (!stored.from || !stored.to || !stored.field) return { anchor, orphaned: false };
  const from = absoluteOffset(doc, node, stored.field, stored.from);
  const to = absoluteOffset(doc, node, stored.field, stored.to);
  if (from === undefined || to === undefined || from > to || (from === to && !allowEmpty)) {
    return { anchor, orphaned: true };
  }
  anchor.range = { from, to };
  return { anchor, orphaned: false };
}

/** Where a text type sits among a field's texts: the node's title, or one leaf of its body. */
export type TextSpan = { text: Y.Text; from: number; to: number };

/**
 * The text type and indexes a stored range covers, when both ends fall in the same text of the
 * anchored field (a suggested edit is applied there); undefined otherwise.
 */
export function absoluteRange(doc: Y.Doc, stored: StoredAnchor, allowEmpty = false): TextSpan | undefined {
  if (typeof stored !== "object" || stored === null || !stored.from || !stored.to || !stored.field) {
    return undefined;
  }
  const node = nodesMap(doc).get(stored.node);
  if (!(node instanceof Y.Map)) return undefined;
  const from = absolutePosition(doc, stored.from);
  const to = absolutePosition(doc, stored.to);
  if (!from || !to || from.type !== to.type || !(from.type instanceof Y.Text)) return undefined;
  if (to.index < from.index || (to.index === from.index && !allowEmpty)) return undefined;
  const inField =
    stored.field === "title"
      ? from.type === nodeTitle(node)
      : nodeBody(node) instanceof Y.XmlFragment &&
        textLeaves(nodeBody(node)).some((l) => l.text === from.type);
  return inField ? { text: from.type, from: from.index, to: to.index } : undefined;
}

function absolutePosition(doc: Y.Doc, encoded: Uint8Array): Y.AbsolutePosition | null {
  try {
    return Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(encoded), doc);
  } catch {
    return null;
  }
}

function absoluteOffset(
  doc: Y.Doc,
  node: Y.Map<unknown>,
  field: "title" | "body",
  encoded: Uint8Array,
): number | undefined {
  const abs = absolutePosition(doc, encoded);
  if (!abs) return undefined;
  if (field === "title") return abs.type === nodeTitle(node) ? abs.index : undefined;
  const body = nodeBody(node);
  const leaf = body instanceof Y.XmlFragment ? textLeaves(body).find((l) => l.text === abs.type) : undefined;
  return leaf ? leaf.start + abs.index : undefined;
}
