import type { Node as PMNode } from "@tiptap/pm/model";

/**
 * Comment anchors are offsets in a field's plain text, where text blocks are joined by "\n"
 * (the schema's `richToPlain`). These convert between those offsets and ProseMirror positions.
 */

/** The plain-text offset of a document position: the length of the text before it. */
export function posToOffset(doc: PMNode, pos: number): number {
  return doc.textBetween(0, Math.max(0, Math.min(pos, doc.content.size)), "\n", "\n").length;
}

/** The document position at a plain-text offset (clamped to the end of the text). */
export function offsetToPos(doc: PMNode, offset: number): number {
  let seen = 0;
  let firstBlock = true;
  let found: number | null = null;
  let lastEnd = 0;
  doc.descendants((node, pos) => {
    if (found !== null) return false;
    if (!node.isTextblock) return true;
    if (!firstBlock) seen += 1;
    firstBlock = false;
    const start = pos + 1;
    if (offset <= seen) {
      found = start;
      return false;
    }
    let inner = start;
    node.forEach((child) => {
      if (found !== null) return;
      const length = child.isText ? (child.text?.length ?? 0) : 1;
      if (offset <= seen + length) found = inner + (child.isText ? offset - seen : 1);
      seen += length;
      inner += child.nodeSize;
    });
    lastEnd = inner;
    return false;
  });
  return found ?? lastEnd;
}
