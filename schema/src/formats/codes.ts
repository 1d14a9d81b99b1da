import { bulletOf } from "./freeText.ts";

/**
 * Codes as certifiers write them at the head of a line or inside a text: `A1C1`, `A5.C1`, `C.1`,
 * `C1.1`, `1.1.1`, `BC01`, and lists or ranges of them (`A2C2. et A2C3.`, `A3C3 à A3C6`).
 */

const CODE = "(?:[A-Z]{1,4}\\.?\\d+(?:\\.?[A-Z]{1,4}\\.?\\d+)*(?:\\.\\d+)*|\\d+(?:\\.\\d+)+)";
const CODE_AT = new RegExp(CODE, "y");
/** Between two codes of one head: a list (`,` `et` `&` `/`) or a range (`à` `au` `-`). */
const SEPARATOR_AT = /\.?\s*(,|;|&|\/|\+|et(?=\s)|à(?=\s)|au(?=\s)|-|–)\s*/y;
const RANGE_WORDS = new Set(["à", "au", "-", "–"]);
const TERMINATOR_AT = /\s*[.:)\-–—]?\s*/y;
const NAMED = new RegExp(
  `(?<![\\p{L}\\p{N}.])(${CODE})(?:\\s*(?:à|au|-|–)\\s*(${CODE}))?(?![\\p{L}\\p{N}])`,
  "gu",
);

export type CodeRef = { from: string; to?: string };

export type LineHead = {
  /** The bullet or number that opened the line, if any. */
  bullet: string | null;
  /** The codes at the head of the line, in order; a range is one entry with `to`. */
  codes: CodeRef[];
  /** The line without its bullet and codes. */
  rest: string;
};

/** Reads the bullet and the codes at the head of a line. */
export function parseHead(line: string): LineHead {
  const bullet = bulletOf(line);
  let pos = bullet ? bullet.length : 0;
  const codes: CodeRef[] = [];
  let rangeOpen = false;
  for (;;) {
    CODE_AT.lastIndex = pos;
    const code = CODE_AT.exec(line);
    if (!code) break;
    const after = line.slice(pos + code[0].length, pos + code[0].length + 1);
    if (/[\p{L}\p{N}]/u.test(after)) break;
    const last = codes[codes.length - 1];
    if (rangeOpen && last) last.to = code[0];
    else codes.push({ from: code[0] });
    pos += code[0].length;
    SEPARATOR_AT.lastIndex = pos;
    const separator = SEPARATOR_AT.exec(line);
    if (!separator) break;
    CODE_AT.lastIndex = pos + separator[0].length;
    if (!CODE_AT.test(line)) break;
    rangeOpen = RANGE_WORDS.has(separator[1] ?? "");
    pos += separator[0].length;
  }
  if (codes.length > 0) {
    TERMINATOR_AT.lastIndex = pos;
    pos += TERMINATOR_AT.exec(line)?.[0].length ?? 0;
  }
  return { bullet, codes, rest: line.slice(pos).trim() };
}

/** A code in a comparable form: `A5.C1.` and `a5c1` match, `1.1.1` keeps its dots. */
export function normCode(code: string): string {
  return code
    .toUpperCase()
    .replace(/\s+/g, "")
    .replace(/\.+$/, "")
    .replace(/(?<=[A-Z])\.(?=\d)|(?<=\d)\.(?=[A-Z])/g, "");
}

/** The code as written, without trailing punctuation: what is pinned on the imported node. */
export function cleanCode(code: string): string {
  return code.replace(/[.\s]+$/, "");
}

/**
 * Resolves code references against the ordered codes of one bloc; a range takes every code
 * between its ends. Returns indexes into `known` (sorted, unique) and the references not found.
 */
export function resolveCodes(
  refs: readonly CodeRef[],
  known: readonly string[],
): { found: number[]; missing: string[] } {
  const index = new Map(known.map((code, i) => [normCode(code), i]));
  const found = new Set<number>();
  const missing: string[] = [];
  for (const ref of refs) {
    const from = index.get(normCode(ref.from));
    const to = ref.to === undefined ? from : index.get(normCode(ref.to));
    if (from !== undefined && to !== undefined && from <= to) {
      for (let i = from; i <= to; i++) found.add(i);
      continue;
    }
    if (from === undefined) missing.push(ref.from);
    else found.add(from);
    if (ref.to !== undefined) {
      if (to === undefined) missing.push(ref.to);
      else found.add(to);
    }
  }
  return { found: [...found].sort((a, b) => a - b), missing };
}

/** The code references anywhere in a text (used when a line names competencies without a head). */
export function namedCodes(text: string): CodeRef[] {
  return [...text.matchAll(NAMED)].map((m) => (m[2] ? { from: m[1] ?? "", to: m[2] } : { from: m[1] ?? "" }));
}

/** Writes codes the way certifiers do: `C1.1`, `C1.1 et C1.3`, `C1.1, C1.2 et C1.4`, `C1.1 à C1.5`. */
export function formatCodeList(codes: readonly string[], positions: readonly number[]): string {
  const contiguous = positions.every((p, i) => i === 0 || p === (positions[i - 1] ?? 0) + 1);
  if (codes.length >= 3 && contiguous) return `${codes[0]} à ${codes[codes.length - 1]}`;
  if (codes.length <= 1) return codes.join("");
  return `${codes.slice(0, -1).join(", ")} et ${codes[codes.length - 1]}`;
}
