import { diffWordsWithSpace } from "diff";

/**
 * Word-by-word differences between two texts, as a reader wants to see them: words kept, deleted
 * and inserted, spaces and line breaks included, so that joining the kept and deleted parts gives
 * the old text and joining the kept and inserted parts gives the new one.
 */

export type WordPart = { op: "same" | "insert" | "delete"; text: string };

/** Beyond this edit distance (words) two texts are shown as replaced whole: cheap and as readable. */
const MAX_EDIT_WORDS = 2_000;

export function wordDiff(before: string, after: string): WordPart[] {
  if (before === after) return before ? [{ op: "same", text: before }] : [];
  const changes = diffWordsWithSpace(before, after, { maxEditLength: MAX_EDIT_WORDS });
  if (!changes) return replacedWhole(before, after);
  const parts: WordPart[] = [];
  for (const change of changes) {
    if (!change.value) continue;
    const op = change.added ? "insert" : change.removed ? "delete" : "same";
    const last = parts.at(-1);
    if (last?.op === op) last.text += change.value;
    else parts.push({ op, text: change.value });
  }
  return parts;
}

function replacedWhole(before: string, after: string): WordPart[] {
  const parts: WordPart[] = [];
  if (before) parts.push({ op: "delete", text: before });
  if (after) parts.push({ op: "insert", text: after });
  return parts;
}

/** The old text of a diff (kept + deleted parts). */
export function textBefore(parts: readonly WordPart[]): string {
  return parts.map((part) => (part.op === "insert" ? "" : part.text)).join("");
}

/** The new text of a diff (kept + inserted parts). */
export function textAfter(parts: readonly WordPart[]): string {
  return parts.map((part) => (part.op === "delete" ? "" : part.text)).join("");
}
