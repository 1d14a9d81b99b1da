import type { ImportPreview } from "@refstudio/schema/import";

/**
 * The corrections made in the import preview, undoable: each correction is a pure function of
 * the preview (`@refstudio/schema/import`), so undo is going back to the value before it. Typing
 * in one field (a title) is one step, not one per keystroke.
 */

export type PreviewEdits = {
  preview: ImportPreview;
  /** The previews before each correction, oldest first. */
  past: ImportPreview[];
  /** The field the last correction typed in; the next keystroke there joins that step. */
  typing: string | null;
};

/** How many corrections can be undone: a preview is small, but a session may be long. */
const KEPT = 200;

export const startEdits = (preview: ImportPreview): PreviewEdits => ({ preview, past: [], typing: null });

/** Applies a correction; `typing` names the field when it is text being typed. */
export function applyEdit(
  edits: PreviewEdits,
  change: (preview: ImportPreview) => ImportPreview,
  typing: string | null = null,
): PreviewEdits {
  const preview = change(edits.preview);
  if (preview === edits.preview) return edits;
  const joins = typing !== null && typing === edits.typing;
  return {
    preview,
    past: joins ? edits.past : [...edits.past, edits.preview].slice(-KEPT),
    typing,
  };
}

/** Back to the preview before the last correction (nothing to undo: unchanged). */
export function undoEdit(edits: PreviewEdits): PreviewEdits {
  const previous = edits.past[edits.past.length - 1];
  if (!previous) return edits;
  return { preview: previous, past: edits.past.slice(0, -1), typing: null };
}
