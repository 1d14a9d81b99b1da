import type { RichNode, RichText } from "../model.ts";

/**
 * Free text as certifiers type it into France Compétences' forms: line breaks flattened to runs
 * of spaces, bullets, HTML remnants. These helpers turn it into lines (and back), the shared
 * ground of the RNCP import, the RNCP export and the DOCX export.
 */

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  rsquo: "’",
  lsquo: "‘",
  rdquo: "”",
  ldquo: "“",
  laquo: "«",
  raquo: "»",
  hellip: "…",
  ndash: "–",
  mdash: "—",
  bull: "•",
  eacute: "é",
  egrave: "è",
  ecirc: "ê",
  agrave: "à",
  acirc: "â",
  ccedil: "ç",
  ocirc: "ô",
  ucirc: "û",
  ugrave: "ù",
  icirc: "î",
  iuml: "ï",
  oelig: "œ",
  Eacute: "É",
};

/** Tags that end a line in HTML pasted into the flux. */
const BLOCK_TAG = /<\/?(?:br|p|div|ul|ol|tr|h[1-6])\b[^<>]*>/gi;
const LIST_ITEM_TAG = /<li\b[^<>]*>/gi;
const OTHER_TAG = /<\/?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?\/?>/g;

/** Decodes the HTML remnants of a flux text (entities, tags) into plain text with "\n" line breaks. */
export function cleanFluxText(raw: string): string {
  return raw
    .replace(/\r\n?/g, "\n")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === "#") {
        const code =
          name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name] ?? ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(LIST_ITEM_TAG, "\n- ")
    .replace(/<\/li>/gi, "\n")
    .replace(BLOCK_TAG, "\n")
    .replace(OTHER_TAG, "")
    .replace(/\t/g, "    ")
    .replace(/[\u00a0\u202f\u2007]/g, " ");
}

/** The text on one line, with whitespace runs collapsed. */
export function oneLine(text: string): string {
  return cleanFluxText(text).replace(/\s+/g, " ").trim();
}

const BULLET = /^(?:[-*•●▪◦–—·►➢✓→]|>)\s+/u;
const NUMBERED = /^\d{1,2}[.)]\s+(?!\d)/;

export function bulletOf(line: string): string | null {
  return BULLET.exec(line)?.[0] ?? NUMBERED.exec(line)?.[0] ?? null;
}

/** A line without its bullets ("- 1) Analyser" is "Analyser"). */
export function withoutBullets(line: string): string {
  let text = line;
  for (let bullet = bulletOf(text); bullet !== null; bullet = bulletOf(text))
    text = text.slice(bullet.length);
  return text.trim();
}

/**
 * Where the flux broke lines: a newline, a run of 3+ spaces, or 2 spaces before a capital or a
 * bullet or a numbered code (some certifiers' line breaks became exactly two spaces).
 */
const LINE_BREAK = /\n|[ ]{3,}| {2}(?=\p{Lu}|[-*•●▪◦–—·►➢✓→] |\d+(?:\.\d+)+\.?\s)/u;

/**
 * Splits a flux text into its lines. A piece that starts in lower case (or with closing
 * punctuation) after a line that does not end a sentence is a wrapped line, not a new one:
 * it is joined back. A line holding only a marker (a code, a bullet) is joined to the next.
 */
export function splitLines(raw: string): string[] {
  const pieces = cleanFluxText(raw)
    .split(new RegExp(LINE_BREAK.source, "gu"))
    .map((piece) => piece.replace(/\s+/g, " ").trim())
    .filter((piece) => piece.length > 0);
  const lines: string[] = [];
  for (const piece of pieces) {
    const previous = lines[lines.length - 1];
    if (previous !== undefined && (isBareMarker(previous) || continues(previous, piece))) {
      lines[lines.length - 1] = `${previous} ${piece}`;
    } else lines.push(piece);
  }
  return lines;
}

/**
 * The tests of a modality text when the certifier separated them more strongly than the lines
 * inside each one: blank lines between tests, or runs of 4+ spaces between tests where lines
 * break with 2 or 3 spaces. Null when the text has one level of breaks only.
 */
export function splitLineGroups(raw: string): string[][] | null {
  const text = cleanFluxText(raw).trim();
  let groups: string[] | null = null;
  if (/\n[ \t]*\n/.test(text)) groups = text.split(/\n[ \t]*\n\s*/);
  else if (/ {4,}/.test(text) && /(?<! ) {2,3}(?=\p{Lu}|[-*•●▪◦–—·►➢✓→] )/u.test(text))
    groups = text.split(/ {4,}/);
  if (groups === null) return null;
  const lines = groups.map(splitLines).filter((g) => g.length > 0);
  return lines.length >= 2 ? lines : null;
}

function continues(previous: string, piece: string): boolean {
  if (/^[,;:.)\]»]/.test(piece)) return true;
  if (bulletOf(piece) !== null) return false;
  return /^[\p{Ll}(]/u.test(piece) && !/[.!?:;]$/.test(previous);
}

/** A line that is only a bullet or a code, e.g. "3.1" before "  Organiser…" or a lone "-". */
function isBareMarker(line: string): boolean {
  return /^(?:[-*•●▪◦–—·►➢✓→]|[A-Z]{0,4}\.?\d+(?:\.?[A-Z]{1,4}\.?\d+)*(?:\.\d+)*\.?)$/u.test(line);
}

/** Rich text from lines: bullet lines become bullet lists, other lines paragraphs. */
export function linesToRich(lines: readonly string[]): RichText {
  const out: RichNode[] = [];
  let list: RichNode | null = null;
  for (const line of lines) {
    const bullet = bulletOf(line);
    const text = bullet ? line.slice(bullet.length).trim() : line;
    if (text.length === 0) continue;
    const paragraph: RichNode = { type: "paragraph", content: [{ type: "text", text }] };
    if (bullet) {
      if (!list) {
        list = { type: "bulletList", content: [] };
        out.push(list);
      }
      list.content?.push({ type: "listItem", content: [paragraph] });
    } else {
      list = null;
      out.push(paragraph);
    }
  }
  return out;
}

/** Rich text from a flux text. */
export function fluxTextToRich(raw: string): RichText {
  return linesToRich(splitLines(raw));
}

/**
 * The lines of rich text, list items prefixed with "- " (ordered lists with their number), so a
 * flux or Word export keeps the list visible and `linesToRich` reads it back.
 */
export function richToLines(rich: RichText): string[] {
  const lines: string[] = [];
  const visit = (nodes: readonly RichNode[], prefix: string) => {
    for (const node of nodes) {
      if (node.type === "bulletList" || node.type === "orderedList") {
        (node.content ?? []).forEach((item, i) => {
          visit(item.content ?? [], node.type === "bulletList" ? "- " : `${i + 1}. `);
        });
        continue;
      }
      const content = node.content ?? [];
      if (node.type === "text") lines.push(prefix + (node.text ?? ""));
      else if (content.some((c) => c.type === "text" || c.type === "hardBreak")) {
        const text = content.map((c) => (c.type === "hardBreak" ? "\n" : (c.text ?? ""))).join("");
        text.split("\n").forEach((line, i) => {
          lines.push((i === 0 ? prefix : "") + line);
        });
      } else visit(content, prefix);
      prefix = "";
    }
  };
  visit(rich, "");
  return lines.map((line) => line.replace(/\s+/g, " ").trim()).filter((line) => line.length > 0);
}

/** The words of a text (letters and digits, lower case): what the "no word dropped" checks compare. */
export function wordsOf(text: string): string[] {
  return (
    cleanFluxText(text)
      .normalize("NFC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}
