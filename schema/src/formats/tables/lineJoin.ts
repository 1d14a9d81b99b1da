/**
 * Lines of a PDF cell joined into a paragraph, with the words that a line end cut put back
 * together: after a hyphen (« e-réputa- » / « tion »), and without one when the two pieces
 * make a word the rest of the document writes whole while one piece is no word of its own
 * (« communicatio » / « n »). Anything less certain keeps its space: a word never disappears.
 */

const LETTERS_AT_END = /(\p{L}+)$/u;
const LETTERS_AT_START = /^(\p{L}+)/u;
const WORD = /\p{L}+/gu;

/**
 * The words the document writes inside its lines (never first or last on a line, where a cut
 * piece would be), lower-cased: what a joined word and its pieces are checked against.
 */
export function documentWords(lines: readonly string[]): Set<string> {
  const words = new Set<string>();
  for (const line of lines) {
    const found = line.toLowerCase().match(WORD) ?? [];
    for (let i = 1; i < found.length - 1; i++) words.add(found[i]!);
  }
  return words;
}

/** `next` appended to the paragraph `text` (the line before it ends `text`). */
export function joinLine(text: string, next: string, words: ReadonlySet<string>): string {
  const tail = LETTERS_AT_END.exec(text.replace(/-$/, ""))?.[1];
  const head = LETTERS_AT_START.exec(next)?.[1];
  // A line-end hyphen before a lower-case letter joins the word back: without the hyphen when
  // the document writes the word so (« communica- » / « tion »), else with it (« e- » / « réputation »).
  if (/\p{L}-$/u.test(text) && /^\p{Ll}/u.test(next)) {
    const whole = tail && head ? `${tail}${head}`.toLowerCase() : "";
    return words.has(whole) ? `${text.slice(0, -1)}${next}` : `${text}${next}`;
  }
  if (tail && head && /^\p{Ll}/u.test(head)) {
    const whole = `${tail}${head}`.toLowerCase();
    const piecesAreWords = words.has(tail.toLowerCase()) && words.has(head.toLowerCase());
    if (words.has(whole) && !piecesAreWords) return `${text}${next}`;
  }
  return `${text} ${next}`;
}
