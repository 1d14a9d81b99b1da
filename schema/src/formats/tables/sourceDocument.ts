/**
 * The one intermediate model that every table reader (DOCX, PDF, HTML) produces and the
 * classifier reads: the document's tables as grids of cells with their spans, and the
 * paragraphs around them, in reading order. Nothing here knows what a référentiel is.
 */

/** One paragraph of a cell or of the text around the tables. */
export type SourceLine = {
  text: string;
  /** A list item of the source (Word numbering, `<li>`): a new item starts here. */
  list: boolean;
  /** A heading paragraph of the source (Word heading style, `<h1>`…). */
  heading: boolean;
};

/** A cell at its top-left grid position; merged cells span rows and columns. */
export type SourceCell = { row: number; col: number; rowSpan: number; colSpan: number; lines: SourceLine[] };

export type SourceTable = {
  kind: "table";
  rows: number;
  cols: number;
  cells: SourceCell[];
  /** Where the table is, for the user: « page 3 » in a PDF, « tableau 2 » otherwise. */
  place: string;
};

export type SourceParagraph = { kind: "paragraph"; line: SourceLine; place: string; pageMargin?: boolean };

export type SourceBlock = SourceTable | SourceParagraph;

export type SourceFormat = "docx" | "pdf" | "html";

export type SourceDocument = { format: SourceFormat; blocks: SourceBlock[] };

/** Reports progress as a fraction between 0 and 1. */
export type OnProgress = (fraction: number) => void;

export const line = (text: string, list = false, heading = false): SourceLine => ({ text, list, heading });

/**
 * Builds a table from rows of cells as markup gives them (HTML `rowspan`/`colspan`, Word
 * `gridSpan`): each cell takes the first grid slot its row leaves free, as the HTML table
 * algorithm does.
 */
export class GridBuilder {
  private readonly cells: SourceCell[] = [];
  private readonly taken = new Set<string>();
  private row = -1;
  private col = 0;
  private cols = 0;

  startRow(skip = 0): void {
    this.row += 1;
    this.col = skip;
  }

  /** Grid columns left empty before the first cell of the row (Word's `gridBefore`). */
  skip(columns: number): void {
    this.col += Math.max(0, columns);
  }

  addCell(lines: SourceLine[], rowSpan = 1, colSpan = 1): SourceCell {
    if (this.row < 0) this.startRow();
    while (this.taken.has(`${this.row}:${this.col}`)) this.col += 1;
    const cell: SourceCell = {
      row: this.row,
      col: this.col,
      rowSpan: Math.max(1, rowSpan),
      colSpan: Math.max(1, colSpan),
      lines,
    };
    for (let r = 0; r < cell.rowSpan; r++)
      for (let c = 0; c < cell.colSpan; c++) this.taken.add(`${this.row + r}:${this.col + c}`);
    this.col += cell.colSpan;
    this.cols = Math.max(this.cols, this.col);
    this.cells.push(cell);
    return cell;
  }

  /** The cell of an earlier row that covers `col` in the row above the current one (Word's `vMerge` continue). */
  cellAbove(col: number): SourceCell | undefined {
    return this.cells.find((c) => c.col === col && c.row + c.rowSpan === this.row);
  }

  /** Extends a cell one more row down, over the slot the current row would give at `col`. */
  extendDown(cell: SourceCell, colSpan: number): void {
    cell.rowSpan += 1;
    for (let c = 0; c < colSpan; c++) this.taken.add(`${this.row}:${cell.col + c}`);
    this.col = cell.col + colSpan;
  }

  get column(): number {
    return this.col;
  }

  build(place: string): SourceTable | null {
    if (this.cells.length === 0) return null;
    return { kind: "table", rows: this.row + 1, cols: this.cols, cells: this.cells, place };
  }
}

/** Whitespace runs collapsed, as a reader hands text over. */
export const squash = (text: string) => text.replace(/[\s\u00a0\u202f\u2007]+/g, " ").trim();
