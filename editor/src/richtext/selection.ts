import type { Editor } from "@tiptap/core";
import { posToOffset } from "./offsets.ts";

/**
 * The text selected in an editor, in plain-text offsets with its text; null when nothing is
 * selected there. Read from the DOM selection, so it works in a read-only editor (a reviewer)
 * and ignores the stale selection an editor keeps after losing the focus.
 */
export function selectedRange(editor: Editor): { from: number; to: number; quote: string } | null {
  const view = editor.view;
  const dom = window.getSelection();
  if (!dom || dom.rangeCount === 0 || dom.isCollapsed) return null;
  const range = dom.getRangeAt(0);
  if (!view.dom.contains(range.startContainer) || !view.dom.contains(range.endContainer)) return null;
  let from: number;
  let to: number;
  try {
    from = view.posAtDOM(range.startContainer, range.startOffset);
    to = view.posAtDOM(range.endContainer, range.endOffset);
  } catch {
    return null;
  }
  if (from > to) [from, to] = [to, from];
  const doc = editor.state.doc;
  const quote = doc.textBetween(from, to, "\n", "\n");
  if (!quote.trim()) return null;
  return { from: posToOffset(doc, from), to: posToOffset(doc, to), quote };
}
