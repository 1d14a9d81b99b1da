import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import JSZip from "jszip";
import type { Referential } from "../../model.ts";
import { richToLines, wordsOf } from "../freeText.ts";
import { decodeXml } from "../testHelpers.ts";
import { type ImportPreview, itemText } from "./previewModel.ts";

/**
 * Test-only helpers (Node): the référentiel fixtures, their words read by readers independent of
 * the ones under test (a regular expression over the DOCX XML, tags stripped from HTML, poppler's
 * pdftotext), and the score of a preview against the hand transcription of the same document.
 */

const FIXTURES = new URL("../../../../../shared/fixtures/documents/", import.meta.url);
export const fixturePath = (name: string) => new URL(name, FIXTURES);
export const fixtureBytes = (name: string) => new Uint8Array(readFileSync(fixturePath(name)));
export const CHEF_DOCX = "word/referentiel-chef-de-projet-marketing-communication.docx";
export const CHEF_PDF = "word/referentiel-chef-de-projet-marketing-communication.pdf";
export const CHEF_MD = "referentiel-chef-de-projet-marketing-communication.md";
/** The Word fixture without borders, printed by LibreOffice: a PDF table without rules (tests/fixtures/README.md). */
export const UNRULED_PDF = new URL(
  "../../../../tests/fixtures/referentiel-sans-bordures.pdf",
  import.meta.url,
);

/** The visible text of a DOCX: every `<w:t>` of the main part, read with a regular expression. */
export async function docxText(bytes: Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = (await zip.file("word/document.xml")?.async("string")) ?? "";
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decodeXml(m[1] ?? "")).join(" ");
}

/** The text of an HTML page with its tags stripped. */
export const htmlText = (html: string) => decodeXml(html.replace(/<[^>]*>/g, " "));

/** The text poppler's pdftotext extracts, or null when poppler is not installed. */
export function pdfText(path: URL): string | null {
  try {
    return execFileSync("pdftotext", ["-layout", path.pathname, "-"], { encoding: "utf8" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      if (process.env.REQUIRE_SERVICES === "1")
        throw new Error("pdftotext (poppler) is required by REQUIRE_SERVICES=1");
      return null;
    }
    throw error;
  }
}

/**
 * The HTML form of the Markdown fixture (a Word document converted to Markdown with HTML
 * cells): tab-separated lines are table rows, consecutive rows one table, other lines paragraphs.
 */
export function markdownToHtml(markdown: string): string {
  const out: string[] = ["<html><body>"];
  let inTable = false;
  const inline = (text: string) =>
    text
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/\*\*([^*]*)\*\*/g, "<b>$1</b>")
      .replace(/\\([()[\]])/g, "$1");
  for (const line of markdown.split("\n")) {
    if (line.includes("\t")) {
      if (!inTable) out.push("<table>");
      inTable = true;
      out.push(
        `<tr>${line
          .split("\t")
          .map((cell) => `<td>${inline(cell)}</td>`)
          .join("")}</tr>`,
      );
      continue;
    }
    if (inTable) out.push("</table>");
    inTable = false;
    if (line.trim()) out.push(`<p>${inline(line)}</p>`);
  }
  if (inTable) out.push("</table>");
  out.push("</body></html>");
  return out.join("\n");
}

/** Everything the user sees after an import: blocs, items (codes as written too), « Non classé », flags' quotes. */
export function previewText(preview: ImportPreview): string {
  return [
    ...preview.blocs.flatMap((b) => [b.label, b.code ?? "", b.title, ...b.lines]),
    ...preview.items.flatMap((i) => [i.written ?? i.code ?? "", itemText(i)]),
    ...preview.unclassified.map((u) => u.text),
  ].join("\n");
}

/** The demo référentiel: the hand transcription of the chef de projet fixture. */
export function transcription(): Referential {
  const path = new URL("../../../fixtures/chef-de-projet-marketing.snapshot.json", import.meta.url);
  return (JSON.parse(readFileSync(path, "utf8")) as { referential: Referential }).referential;
}

const key = (text: string) => wordsOf(text).join(" ");

/** Shared words over all words (as multisets): 1 for the same text, tolerant of a word cut in two by a PDF line end. */
function overlap(a: string, b: string): number {
  const left = wordsOf(a);
  const counts = new Map<string, number>();
  for (const w of wordsOf(b)) counts.set(w, (counts.get(w) ?? 0) + 1);
  let shared = 0;
  for (const w of left) {
    const n = counts.get(w) ?? 0;
    if (n > 0) {
      shared += 1;
      counts.set(w, n - 1);
    }
  }
  const total = left.length + [...counts.values()].reduce((x, y) => x + y, 0);
  return total === 0 ? 1 : shared / total;
}

export type Score = { items: number; right: number; links: number; linksFound: number; wrong: string[] };

/**
 * How many transcribed items the preview has in the same column (kind) and the same bloc with
 * the same words (90 % of them at least), and how many of the transcription's links it states.
 */
export function scoreAgainst(preview: ImportPreview, gold: Referential): Score {
  const blocs = gold.nodes.filter((n) => n.kind === "bloc").sort((a, b) => (a.order < b.order ? -1 : 1));
  const goldToPreview = new Map<string, string>();
  const wrong: string[] = [];
  let items = 0;
  let right = 0;
  blocs.forEach((bloc, b) => {
    items += 1;
    if (key(preview.blocs[b]?.title ?? "") === key(bloc.title)) right += 1;
    else wrong.push(`bloc ${b + 1}: ${bloc.title}`);
    for (const node of gold.nodes.filter((n) => n.parent === bloc.id)) {
      items += 1;
      const text = [node.title, ...richToLines(node.body)].join(" ");
      const match = preview.items.find(
        (i) => i.kind === node.kind && i.bloc === preview.blocs[b]?.id && overlap(itemText(i), text) >= 0.9,
      );
      if (match) {
        right += 1;
        goldToPreview.set(node.id, match.id);
      } else wrong.push(`${node.kind} ${node.id}: ${key(text).slice(0, 60)}`);
    }
  });
  let links = 0;
  let linksFound = 0;
  for (const node of gold.nodes) {
    for (const target of [
      ...(node.links.activities ?? []),
      ...(node.links.covers ?? []),
      ...(node.links.evaluates ?? []),
    ]) {
      links += 1;
      const from = preview.items.find((i) => i.id === goldToPreview.get(node.id));
      if (from?.links.includes(goldToPreview.get(target) ?? "")) linksFound += 1;
      else wrong.push(`link ${node.id} -> ${target}`);
    }
  }
  return { items, right, links, linksFound, wrong };
}
