import { InvalidInputError } from "../../parse.ts";
import { headerRole } from "./columns.ts";
import { ImportErrors } from "./fileErrors.ts";
import { documentWords, joinLine } from "./lineJoin.ts";
import {
  line,
  type OnProgress,
  type SourceBlock,
  type SourceCell,
  type SourceDocument,
  squash,
} from "./sourceDocument.ts";
import { fold } from "./textRules.ts";

/**
 * PDF reader: pdfjs-dist gives the text with positions and the drawing operators. Columns come
 * from the table's vertical rules (or, without rules, from where the body's lines start most
 * often, as many columns as the header names); rows from its horizontal rules (or, without
 * rules, from the lines several columns start together after a gap). A rule missing across a
 * column is a merged cell. Text repeated at the same place on several pages (page headers and
 * footers) is set apart, lines are joined into paragraphs, and a word cut at a line end is
 * joined back (lineJoin.ts).
 */

/** The part of pdfjs-dist the reader uses (legacy build in Node, browser build with its worker in the editor). */
export type Pdfjs = typeof import("pdfjs-dist");
export type PdfOptions = { pdfjs?: () => Promise<Pdfjs>; onProgress?: OnProgress };

const defaultPdfjs = () => import("pdfjs-dist/legacy/build/pdf.mjs") as Promise<Pdfjs>;

type Word = { text: string; x: number; right: number; top: number; height: number };
type Rule = { x0: number; x1: number; y0: number; y1: number };
type PageContent = { number: number; words: Word[]; hRules: Rule[]; vRules: Rule[]; height: number };

const TOLERANCE = 2;

export async function readPdf(bytes: Uint8Array, options: PdfOptions = {}): Promise<SourceDocument> {
  const pdfjs = await (options.pdfjs ?? defaultPdfjs)();
  const onProgress = options.onProgress ?? (() => {});
  let doc: Awaited<ReturnType<Pdfjs["getDocument"]>["promise"]>;
  try {
    // A copy: pdfjs transfers the buffer to its worker.
    doc = await pdfjs.getDocument({
      data: bytes.slice(),
      isEvalSupported: false,
      useSystemFonts: false,
      verbosity: 0,
    }).promise;
  } catch (error) {
    const name = (error as Error)?.name;
    throw new InvalidInputError(
      name === "PasswordException" ? ImportErrors.encryptedPdf : ImportErrors.brokenPdf,
    );
  }
  try {
    const pages: PageContent[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      pages.push(await readPage(pdfjs, await doc.getPage(n), n));
      onProgress(n / doc.numPages);
    }
    if (pages.every((p) => p.words.length === 0)) throw new InvalidInputError(ImportErrors.scannedPdf);
    return { format: "pdf", blocks: layOut(pages) };
  } finally {
    await doc.destroy();
  }
}

async function readPage(
  pdfjs: Pdfjs,
  page: Awaited<ReturnType<Awaited<ReturnType<Pdfjs["getDocument"]>["promise"]>["getPage"]>>,
  number: number,
): Promise<PageContent> {
  const viewport = page.getViewport({ scale: 1 });
  const height = viewport.height;
  const content = await page.getTextContent();
  const words: Word[] = [];
  for (const item of content.items) {
    if (!("str" in item) || !item.str.trim()) continue;
    const [, , , d = 1, x = 0, y = 0] = item.transform as number[];
    const size = Math.abs(d) || item.height || 10;
    words.push({ text: item.str, x, right: x + item.width, top: height - y - size, height: size });
  }
  const hRules: Rule[] = [];
  const vRules: Rule[] = [];
  const ops = await page.getOperatorList();
  ops.fnArray.forEach((fn, i) => {
    if (fn !== pdfjs.OPS.constructPath) return;
    const box = (ops.argsArray[i] as unknown[])[2] as ArrayLike<number> | undefined;
    if (!box || box.length < 4) return;
    const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = Array.from(box);
    const rule = { x0, x1, y0: height - y1, y1: height - y0 };
    if (y1 - y0 <= TOLERANCE && x1 - x0 > 10) hRules.push(rule);
    else if (x1 - x0 <= TOLERANCE && y1 - y0 > 10) vRules.push(rule);
  });
  page.cleanup();
  return { number, words, hRules, vRules, height };
}

// ── layout ───────────────────────────────────────────────────────────────────────────────

type Line = { text: string; x: number; top: number; bottom: number; height: number };

/** Words on one baseline, left to right, joined into lines. */
function linesOf(words: Word[]): Line[] {
  const sorted = [...words].sort((a, b) => a.top - b.top || a.x - b.x);
  const lines: { words: Word[]; top: number }[] = [];
  for (const word of sorted) {
    const last = lines[lines.length - 1];
    if (last && Math.abs(last.top - word.top) <= TOLERANCE) last.words.push(word);
    else lines.push({ words: [word], top: word.top });
  }
  return lines.map((l) => {
    const ws = l.words.sort((a, b) => a.x - b.x);
    let text = "";
    let right = Number.NEGATIVE_INFINITY;
    for (const w of ws) {
      text +=
        text && w.x - right > 1 && !text.endsWith(" ") && !w.text.startsWith(" ") ? ` ${w.text}` : w.text;
      right = w.right;
    }
    const height = Math.max(...ws.map((w) => w.height));
    return { text: squash(text), x: ws[0]!.x, top: l.top, bottom: l.top + height, height };
  });
}

/**
 * The parts of each line that lie in one column: words on one baseline, cut where the space
 * between two of them is wider than a column's padding could be inside a cell.
 */
function segmentsOf(words: Word[]): Line[] {
  const segments: Line[] = [];
  for (const l of linesOf(words)) {
    const on = words.filter((w) => Math.abs(w.top - l.top) <= TOLERANCE).sort((a, b) => a.x - b.x);
    let run: Word[] = [];
    for (const w of on) {
      const last = run[run.length - 1];
      if (last && w.x - last.right > Math.max(6, last.height * 0.8)) {
        segments.push(...linesOf(run));
        run = [];
      }
      run.push(w);
    }
    if (run.length > 0) segments.push(...linesOf(run));
  }
  return segments;
}

/** Lines into paragraphs: a gap larger than the line spacing, a bullet or a code starts a new one. */
function paragraphsOf(lines: Line[], words: ReadonlySet<string>): string[] {
  const out: string[] = [];
  let previous: Line | null = null;
  for (const l of lines) {
    const gap = previous ? l.top - previous.bottom : 0;
    const opens = /^(?:[-–•●▪◦*·►➢]\s|[AC]\s?[\dlI]+[.,]\d)/u.test(l.text);
    if (!previous || gap > previous.height * 0.9 || opens) out.push(l.text);
    else out[out.length - 1] = joinLine(out[out.length - 1]!, l.text, words);
    previous = l;
  }
  return out;
}

/** Text at the same place on several pages, once digits are ignored: page headers and footers. */
function marginKeys(pages: PageContent[]): Set<string> {
  const seen = new Map<string, Set<number>>();
  for (const page of pages) {
    for (const l of linesOf(page.words)) {
      const key = `${Math.round(l.top / 4)}:${fold(l.text).replace(/\d+/g, "#")}`;
      seen.set(key, (seen.get(key) ?? new Set()).add(page.number));
    }
  }
  const keys = new Set<string>();
  for (const [key, on] of seen) if (on.size >= 2 && on.size >= Math.min(3, pages.length)) keys.add(key);
  return keys;
}

function layOut(pages: PageContent[]): SourceBlock[] {
  const margins = marginKeys(pages);
  // Cells' lines become paragraphs once the whole document's words are known (a cut word is
  // joined back when the document writes it whole elsewhere).
  const cellLines: { cell: SourceCell; lines: Line[] }[] = [];
  const blocks: SourceBlock[] = [];
  let columns: number[] | null = null;
  for (const page of pages) {
    const place = `page ${page.number}`;
    const lines = linesOf(page.words);
    const isMargin = (l: Line) =>
      margins.has(`${Math.round(l.top / 4)}:${fold(l.text).replace(/\d+/g, "#")}`);
    const found = tableFrame(page);
    if (found) columns = found.columns;
    const frame =
      found ??
      (columns
        ? {
            columns,
            top: Math.min(...lines.filter((l) => !isMargin(l)).map((l) => l.top)),
            bottom: Number.POSITIVE_INFINITY,
          }
        : null);
    const inTable = (l: Line) =>
      frame !== null &&
      l.top + l.height / 2 >= frame.top &&
      l.top + l.height / 2 <= frame.bottom &&
      l.x >= frame.columns[0]! - TOLERANCE;
    const before: SourceBlock[] = [];
    const after: SourceBlock[] = [];
    const tableWords: Word[] = [];
    for (const l of lines) {
      if (isMargin(l))
        (l.top < page.height / 2 ? before : after).push({
          kind: "paragraph",
          line: line(l.text),
          place,
          pageMargin: true,
        });
      else if (inTable(l)) continue;
      else
        (frame && l.top > frame.top ? after : before).push({ kind: "paragraph", line: line(l.text), place });
    }
    if (frame) {
      for (const w of page.words) {
        const l = lines.find((x) => Math.abs(x.top - w.top) <= TOLERANCE && x.x <= w.x + TOLERANCE);
        if (l && inTable(l) && !isMargin(l)) tableWords.push(w);
      }
    }
    blocks.push(...before);
    if (frame && tableWords.length > 0) blocks.push(grid(page, frame, tableWords, place, cellLines));
    blocks.push(...after);
  }
  const words = documentWords(cellLines.flatMap(({ lines }) => lines.map((l) => l.text)));
  for (const { cell, lines } of cellLines)
    cell.lines = paragraphsOf(lines, words).map((t) => line(t, /^[-–•●▪◦*·►➢]\s/u.test(t)));
  return blocks;
}

/** `header`: a table without rules found by its column titles, where they stand (for its rows). */
type Frame = { columns: number[]; top: number; bottom: number; header?: { bottom: number; titles: Line[] } };

/**
 * The table on a page: its column boundaries (vertical rules, or where its body's lines start)
 * and its vertical extent (its rules, or from its header down).
 */
function tableFrame(page: PageContent): Frame | null {
  const tall = page.vRules.filter((r) => r.y1 - r.y0 > 40);
  if (tall.length >= 3) {
    const xs = dedupe(tall.map((r) => (r.x0 + r.x1) / 2));
    const top = Math.min(...tall.map((r) => r.y0));
    const bottom = Math.max(...tall.map((r) => r.y1));
    return { columns: xs, top, bottom };
  }
  // No rules: columns start where the lines of the table's body start most often (a header's
  // titles are often centred), as many as the header names.
  return bodyColumns(page);
}

/** Narrowest column told apart from its neighbour when guessing columns without rules. */
const MIN_COLUMN = 40;
/** A column title is short, and a header's titles stand within a few lines of each other. */
const HEADER_TITLE_CHARS = 80;
const HEADER_DEPTH = 60;

/**
 * Column boundaries of a table without rules, from its body: the header's parts say how many
 * columns there are (« Référentiel d'évaluation » stands for two), and the x where most body
 * lines start, at least MIN_COLUMN apart, are where they begin.
 */
function bodyColumns(page: PageContent): Frame | null {
  const segments = segmentsOf(page.words);
  // The header: short column titles, together near the first one (not a « Mise en situation » of the body).
  const titles = segments.filter((s) => s.text.length <= HEADER_TITLE_CHARS && headerRole(s.text) !== null);
  const rolesOf = (band: Line[]) => {
    const roles = new Set<string>();
    for (const s of band) {
      const role = headerRole(s.text);
      if (role === "group") roles.add("modality").add("criterion");
      else if (role) roles.add(role);
    }
    return roles;
  };
  // The band of titles naming the most columns (the first such).
  let header: Line[] = [];
  let roles = new Set<string>();
  for (const first of titles) {
    const band = titles.filter((s) => s.top >= first.top && s.top - first.top <= HEADER_DEPTH);
    const named = rolesOf(band);
    if (named.size > roles.size) [header, roles] = [band, named];
  }
  if (roles.size < 2 || new Set(header.map((s) => headerRole(s.text))).size < 2) return null;
  // A title's first word may stand alone on the line above (« RÉFÉRENTIEL » / « D'ACTIVITÉS »).
  const titleTop = Math.min(...header.map((h) => h.top));
  const above = segments.filter(
    (s) => s.top < titleTop && titleTop - s.top <= s.height * 2 && s.text.length <= HEADER_TITLE_CHARS,
  );
  const top = Math.min(titleTop, ...above.map((s) => s.top));
  const bottom = Math.max(...header.map((h) => h.bottom));
  const starts = new Map<number, number>();
  for (const s of segments) {
    if (s.top <= bottom + TOLERANCE) continue;
    const x = [...starts.keys()].find((k) => Math.abs(k - s.x) <= 4) ?? s.x;
    starts.set(x, (starts.get(x) ?? 0) + 1);
  }
  const chosen: number[] = [];
  for (const [x] of [...starts].sort((a, b) => b[1] - a[1])) {
    if (chosen.length === roles.size) break;
    if (chosen.every((c) => Math.abs(c - x) >= MIN_COLUMN)) chosen.push(x);
  }
  if (chosen.length < roles.size) return null;
  const columns = [...chosen.sort((a, b) => a - b).map((x) => x - TOLERANCE), Number.POSITIVE_INFINITY];
  return { columns, top, bottom: Number.POSITIVE_INFINITY, header: { bottom, titles: header } };
}

function dedupe(values: number[]): number[] {
  const out: number[] = [];
  for (const v of [...values].sort((a, b) => a - b))
    if (out.length === 0 || v - out[out.length - 1]! > 4) out.push(v);
  return out;
}

/**
 * The page's table as a grid: bands between horizontal rules; a rule missing across a column
 * merges the cells. Each cell's lines go to `cellLines`, to become its paragraphs.
 */
function grid(
  page: PageContent,
  frame: Frame,
  words: Word[],
  place: string,
  cellLines: { cell: SourceCell; lines: Line[] }[],
) {
  const cols = frame.columns.length - 1;
  const colOf = (x: number) => {
    for (let c = 0; c < cols; c++) if (x < frame.columns[c + 1]! - TOLERANCE) return c;
    return cols - 1;
  };
  const inside = page.hRules.filter((r) => r.y0 >= frame.top - TOLERANCE && r.y0 <= frame.bottom + TOLERANCE);
  let cuts = dedupe(inside.map((r) => r.y0));
  const ruled = cuts.length >= 2;
  if (!ruled) cuts = gapCuts(words, colOf, cols, frame.header);
  // Band b lies between cuts[b] and cuts[b+1]; text above the first cut or below the last gets a band of its own.
  const bounds = [Number.NEGATIVE_INFINITY, ...cuts, Number.POSITIVE_INFINITY];
  const crosses = (y: number, c: number) =>
    !ruled ||
    inside.some(
      (r) =>
        Math.abs(r.y0 - y) <= TOLERANCE && r.x0 <= frame.columns[c]! + 6 && r.x1 >= frame.columns[c + 1]! - 6,
    );
  const separates = (band: number, c: number) => {
    if (!ruled || c + 1 >= cols) return true;
    const x = frame.columns[c + 1]!;
    const y = (Math.max(bounds[band]!, frame.top) + Math.min(bounds[band + 1]!, frame.bottom)) / 2;
    return page.vRules.some(
      (r) => Math.abs((r.x0 + r.x1) / 2 - x) <= 4 && r.y0 - TOLERANCE <= y && r.y1 + TOLERANCE >= y,
    );
  };
  const owner: (SourceCell | undefined)[][] = [];
  const cells: SourceCell[] = [];
  const cellWords = new Map<SourceCell, Word[]>();
  for (let band = 0; band < bounds.length - 1; band++) {
    owner[band] = [];
    for (let c = 0; c < cols; c++) {
      const above = band > 0 ? owner[band - 1]![c] : undefined;
      const left = c > 0 ? owner[band]![c - 1] : undefined;
      if (left && !separates(band, c - 1) && left.row === band) {
        owner[band]![c] = left;
        left.colSpan = Math.max(left.colSpan, c - left.col + 1);
      } else if (above && !crosses(bounds[band]!, c)) {
        owner[band]![c] = above;
        if (above.col === c) above.rowSpan = band - above.row + 1;
      } else {
        const cell: SourceCell = { row: band, col: c, rowSpan: 1, colSpan: 1, lines: [] };
        owner[band]![c] = cell;
        cells.push(cell);
        cellWords.set(cell, []);
      }
    }
  }
  for (const w of words) {
    let band = 0;
    while (band < bounds.length - 2 && w.top + w.height / 2 > bounds[band + 1]!) band++;
    const cell = owner[band]?.[colOf(w.x)];
    if (cell) cellWords.get(cell)?.push(w);
  }
  const linesIn = new Map(cells.map((cell) => [cell, linesOf(cellWords.get(cell) ?? [])]));
  // Drop bands that hold nothing at all (above the first rule, below the last).
  const used = cells.filter((c) => (linesIn.get(c)?.length ?? 0) > 0 || c.rowSpan > 1);
  const rows = [...new Set(used.flatMap((c) => [...Array(c.rowSpan).keys()].map((i) => c.row + i)))].sort(
    (a, b) => a - b,
  );
  const renumber = new Map(rows.map((r, i) => [r, i]));
  const kept = cells
    .filter((c) => renumber.has(c.row))
    .map((c) => {
      const cell = { ...c, row: renumber.get(c.row)! };
      cellLines.push({ cell, lines: linesIn.get(c) ?? [] });
      return cell;
    });
  return { kind: "table" as const, rows: rows.length, cols, cells: kept, place };
}

/**
 * Without rules: a row starts where two columns or more start a line after a gap; within the
 * header, only where two column titles do (a two-level header), not where a title wraps.
 */
function gapCuts(
  words: Word[],
  colOf: (x: number) => number,
  cols: number,
  header?: Frame["header"],
): number[] {
  const byCol: Line[][] = Array.from({ length: cols }, (_, c) =>
    linesOf(words.filter((w) => colOf(w.x) === c)),
  );
  const starts: Line[] = [];
  for (const lines of byCol) {
    lines.forEach((l, i) => {
      const prev = lines[i - 1];
      if (!prev || l.top - prev.bottom > prev.height * 0.9) starts.push(l);
    });
  }
  const cuts: number[] = [];
  const isTitle = (l: Line) =>
    header?.titles.some((t) => Math.abs(t.top - l.top) <= TOLERANCE && Math.abs(t.x - l.x) <= TOLERANCE) ??
    false;
  for (const y of dedupe(starts.map((s) => s.top))) {
    const together = starts.filter((s) => Math.abs(s.top - y) <= TOLERANCE);
    const inHeader = header !== undefined && y <= header.bottom + TOLERANCE;
    if (together.length < 2 || (inHeader && together.filter(isTitle).length < 2)) continue;
    cuts.push(y - TOLERANCE);
  }
  return cuts;
}
