import { Parser } from "htmlparser2";
import {
  GridBuilder,
  line,
  type SourceBlock,
  type SourceDocument,
  type SourceLine,
  squash,
} from "./sourceDocument.ts";

/**
 * HTML reader (the clipboard's `text/html` from Word, LibreOffice or Google Docs, or a converted
 * document), with htmlparser2 so that the same code runs in the browser and in Node. Tables
 * become grids (`rowspan`/`colspan`), block elements and `<br>` end lines, `<li>` starts a list
 * item; a table inside a cell flattens into that cell's lines.
 */

const BLOCK = new Set([
  "p",
  "div",
  "br",
  "li",
  "ul",
  "ol",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "blockquote",
  "pre",
  "section",
  "article",
  "header",
  "footer",
  "dt",
  "dd",
  "hr",
]);
const HEADING = /^h[1-6]$/;
/** Elements whose text is never shown. */
const HIDDEN = new Set(["style", "script", "head", "title", "template", "noscript"]);

type Cell = { lines: SourceLine[]; rowSpan: number; colSpan: number };
type Table = { grid: GridBuilder; cell: Cell | null; depth: number };

export function readHtml(html: string): SourceDocument {
  const blocks: SourceBlock[] = [];
  const tables: Table[] = [];
  let hidden = 0;
  let text = "";
  let list = false;
  let heading = false;
  let tableCount = 0;

  const endLine = () => {
    const value = squash(text);
    text = "";
    if (value) {
      const l = line(value, list, heading);
      const cell = tables[0]?.cell;
      if (cell) cell.lines.push(l);
      else if (tables.length === 0) blocks.push({ kind: "paragraph", line: l, place: "texte" });
    }
    list = false;
    heading = false;
  };
  const span = (value: string | undefined) =>
    Math.min(1000, Math.max(1, Number.parseInt(value ?? "1", 10) || 1));

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (HIDDEN.has(name)) {
          hidden += 1;
          return;
        }
        if (BLOCK.has(name)) endLine();
        if (name === "li") list = true;
        if (HEADING.test(name)) heading = true;
        // Word's clipboard marks its list paragraphs with a class instead of <li>.
        if (name === "p" && /MsoList/i.test(attributes.class ?? "")) list = true;
        const outer = tables.length === 1 ? tables[0] : undefined;
        switch (name) {
          case "table":
            endLine();
            tables.push({ grid: new GridBuilder(), cell: null, depth: tables.length });
            break;
          case "tr":
            endLine();
            if (outer) outer.grid.startRow();
            break;
          case "td":
          case "th":
            endLine();
            if (outer)
              outer.cell = {
                lines: [],
                rowSpan: span(attributes.rowspan),
                colSpan: span(attributes.colspan),
              };
            break;
        }
      },
      ontext(value) {
        if (hidden === 0) text += value;
      },
      onclosetag(name) {
        if (HIDDEN.has(name)) {
          hidden = Math.max(0, hidden - 1);
          return;
        }
        if (BLOCK.has(name)) endLine();
        const outer = tables.length === 1 ? tables[0] : undefined;
        switch (name) {
          case "td":
          case "th":
            endLine();
            if (outer?.cell) {
              outer.grid.addCell(outer.cell.lines, outer.cell.rowSpan, outer.cell.colSpan);
              outer.cell = null;
            }
            break;
          case "table": {
            endLine();
            const done = tables.pop();
            if (done && tables.length === 0) {
              tableCount += 1;
              const built = done.grid.build(`tableau ${tableCount}`);
              if (built) blocks.push(built);
            }
            break;
          }
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  endLine();
  return { format: "html", blocks };
}
