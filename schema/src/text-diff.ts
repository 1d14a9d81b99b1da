import type * as Y from "yjs";

/** The smallest splice turning `before` into `after` (common prefix and suffix kept). */
export function diffText(before: string, after: string): { index: number; remove: number; insert: string } {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before[start] === after[start]) start += 1;
  let end = 0;
  while (end < max - start && before[before.length - 1 - end] === after[after.length - 1 - end]) {
    end += 1;
  }
  return {
    index: start,
    remove: before.length - start - end,
    insert: after.slice(start, after.length - end),
  };
}

/** Writes only the changed span of a text, so concurrent edits of the same text merge instead of doubling. */
export function spliceText(text: Y.Text, value: string): void {
  const { index, remove, insert } = diffText(text.toString(), value);
  if (remove > 0) text.delete(index, remove);
  // Explicit empty attributes: without them an insert inherits the marks of the text before it.
  if (insert) text.insert(index, insert, {});
}
