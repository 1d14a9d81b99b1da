import JSZip from "jszip";
import { SaxesParser, type SaxesTagNS } from "saxes";
import { InvalidInputError } from "../../parse.ts";
import { ImportErrors } from "./fileErrors.ts";
import {
  GridBuilder,
  line,
  type OnProgress,
  type SourceBlock,
  type SourceDocument,
  type SourceLine,
  squash,
} from "./sourceDocument.ts";

/**
 * Word (.docx) reader: the zip is opened with JSZip, the main part streamed through saxes (a
 * real XML parser, namespace-aware), and its tables turned into grids: `gridSpan` is a column
 * span, `vMerge` a cell merged down, nested tables flatten into their cell's lines.
 */

const CHUNK = 256 * 1024;

/** Elements whose text is not part of the visible document: deleted revisions, field codes, fallbacks. */
const SKIPPED = new Set(["del", "delText", "instrText", "Fallback", "moveFrom"]);

export async function readDocx(
  bytes: Uint8Array,
  onProgress: OnProgress = () => {},
): Promise<SourceDocument> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw new InvalidInputError(ImportErrors.notDocx);
  }
  const part = await mainPart(zip);
  const file = part ? zip.file(part) : null;
  if (!file)
    throw new InvalidInputError(zip.file("mimetype") ? ImportErrors.openDocument : ImportErrors.notDocx);
  const xml = await file.async("string");
  onProgress(0.1);
  const blocks = parseDocument(xml, (done) => onProgress(0.1 + 0.9 * done));
  return { format: "docx", blocks };
}

/** The main document part named by the package relationships (`word/document.xml` almost always). */
async function mainPart(zip: JSZip): Promise<string> {
  const rels = await zip.file("_rels/.rels")?.async("string");
  let target = "word/document.xml";
  if (rels) {
    const parser = new SaxesParser();
    parser.on("opentag", (tag) => {
      const type = String(tag.attributes.Type ?? "");
      if (tag.name === "Relationship" && type.endsWith("/officeDocument")) {
        target = String(tag.attributes.Target ?? target).replace(/^\//, "");
      }
    });
    try {
      parser.write(rels).close();
    } catch {
      // A broken relationships part: fall back to the usual name.
    }
  }
  return target;
}

type Cell = { lines: SourceLine[]; gridSpan: number; vMerge: "restart" | "continue" | null };
type Table = { grid: GridBuilder; cell: Cell | null };

const isWord = (tag: SaxesTagNS) => tag.uri.includes("wordprocessingml");

function parseDocument(xml: string, progress: (done: number) => void): SourceBlock[] {
  const parser = new SaxesParser({ xmlns: true });
  const blocks: SourceBlock[] = [];
  const tables: Table[] = [];
  let skipDepth = 0;
  let paragraph: { text: string; list: boolean; heading: boolean; lines: SourceLine[] } | null = null;
  let inText = false;
  let tableCount = 0;

  const endLine = () => {
    if (!paragraph) return;
    const text = squash(paragraph.text);
    if (text)
      paragraph.lines.push(line(text, paragraph.list && paragraph.lines.length === 0, paragraph.heading));
    paragraph.text = "";
  };
  const attr = (tag: SaxesTagNS, name: string) => {
    for (const a of Object.values(tag.attributes)) if (a.local === name) return a.value;
    return undefined;
  };

  parser.on("opentag", (tag) => {
    if (skipDepth > 0 || SKIPPED.has(tag.local)) {
      if (!tag.isSelfClosing) skipDepth += 1;
      return;
    }
    if (!isWord(tag)) return;
    const table = tables[tables.length - 1];
    switch (tag.local) {
      case "tbl":
        // Only the outermost table is a grid: a table inside a cell flattens into that cell's lines.
        tables.push({ grid: new GridBuilder(), cell: null });
        break;
      case "tr":
        if (tables.length === 1) table?.grid.startRow();
        break;
      case "gridBefore":
        if (tables.length === 1) table?.grid.skip(Number(attr(tag, "val") ?? 0) || 0);
        break;
      case "tc":
        if (tables.length === 1 && table) table.cell = { lines: [], gridSpan: 1, vMerge: null };
        break;
      case "gridSpan":
        if (tables.length === 1 && table?.cell)
          table.cell.gridSpan = Math.max(1, Number(attr(tag, "val") ?? 1) || 1);
        break;
      case "vMerge":
        if (tables.length === 1 && table?.cell)
          table.cell.vMerge = attr(tag, "val") === "restart" ? "restart" : "continue";
        break;
      case "p":
        paragraph = { text: "", list: false, heading: false, lines: [] };
        break;
      case "numId":
        if (paragraph && attr(tag, "val") !== "0") paragraph.list = true;
        break;
      case "pStyle": {
        const style = attr(tag, "val") ?? "";
        if (paragraph && /^(?:heading|titre)\s*\d/i.test(style)) paragraph.heading = true;
        if (paragraph && /list|liste|puce|bullet/i.test(style)) paragraph.list = true;
        break;
      }
      case "t":
        inText = true;
        break;
      case "tab":
      case "noBreakHyphen":
        if (paragraph) paragraph.text += tag.local === "tab" ? " " : "-";
        break;
      case "br":
      case "cr":
        endLine();
        break;
    }
  });

  parser.on("text", (text) => {
    if (inText && skipDepth === 0 && paragraph) paragraph.text += text;
  });

  parser.on("closetag", (tag) => {
    if (skipDepth > 0) {
      skipDepth -= 1;
      return;
    }
    if (!isWord(tag)) return;
    const table = tables[tables.length - 1];
    switch (tag.local) {
      case "t":
        inText = false;
        break;
      case "p": {
        endLine();
        const lines = paragraph?.lines ?? [];
        paragraph = null;
        const owner = tables[0]?.cell;
        if (owner) owner.lines.push(...lines);
        else if (tables.length === 0)
          for (const l of lines) blocks.push({ kind: "paragraph", line: l, place: "texte" });
        break;
      }
      case "tc":
        if (tables.length === 1 && table?.cell) closeCell(table.grid, table.cell);
        if (tables.length === 1 && table) table.cell = null;
        break;
      case "tbl": {
        const done = tables.pop();
        if (tables.length === 0 && done) {
          tableCount += 1;
          const built = done.grid.build(`tableau ${tableCount}`);
          if (built) blocks.push(built);
        }
        break;
      }
    }
  });

  try {
    for (let at = 0; at < xml.length; at += CHUNK) {
      parser.write(xml.slice(at, at + CHUNK));
      progress(Math.min(1, (at + CHUNK) / xml.length));
    }
    parser.close();
  } catch {
    throw new InvalidInputError(ImportErrors.brokenDocx);
  }
  return blocks;
}

function closeCell(grid: GridBuilder, cell: Cell): void {
  if (cell.vMerge === "continue") {
    const above = grid.cellAbove(grid.column);
    if (above) {
      grid.extendDown(above, cell.gridSpan);
      // A continued cell is normally empty; any text it has is kept with the merged cell.
      above.lines.push(...cell.lines);
      return;
    }
  }
  grid.addCell(cell.lines, 1, cell.gridSpan);
}
