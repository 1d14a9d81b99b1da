import type { ItemKind } from "./previewModel.ts";
import type { SourceCell, SourceTable } from "./sourceDocument.ts";
import { fold } from "./textRules.ts";

/**
 * The columns of a référentiel table, read from its header row(s) in whatever order they come,
 * including the two-level header where « Référentiel d'évaluation » spans Modalités and Critères.
 */

export type ColumnMap = (ItemKind | null)[];

const ROLE_WORDS: [ItemKind, RegExp][] = [
  ["activity", /activit/],
  ["competency", /competence/],
  ["modality", /modalit/],
  ["criterion", /criter/],
];
const EVALUATION_GROUP = /referentiel\s+d\W?\s*evaluation|^evaluation$/;
const HEADER_CHARS = 300;

/** The role a header cell names: the first role word it contains (« …de compétences qui découlent… d'activités » is competencies). */
export function headerRole(text: string): ItemKind | "group" | null {
  const folded = fold(text).trim();
  if (folded.length === 0 || folded.length > HEADER_CHARS) return null;
  if (EVALUATION_GROUP.test(folded)) return "group";
  let best: { role: ItemKind; at: number } | null = null;
  for (const [role, pattern] of ROLE_WORDS) {
    const at = folded.search(pattern);
    if (at !== -1 && at < 40 && (best === null || at < best.at)) best = { role, at };
  }
  return best?.role ?? null;
}

const cellText = (cell: SourceCell) => cell.lines.map((l) => l.text).join(" ");

/** True when every non-empty cell of the row names a column and at least two roles appear. */
export function isHeaderRow(cells: SourceCell[]): boolean {
  const filled = cells.filter((c) => cellText(c).trim().length > 0);
  if (filled.length === 0) return false;
  const roles = filled.map((c) => headerRole(cellText(c)));
  if (roles.some((r) => r === null)) return false;
  return new Set(roles).size >= 2;
}

/**
 * The column map given by consecutive header rows: the lowest header cell naming a role wins
 * for each grid column it spans (so « Modalités » under « Référentiel d'évaluation » decides).
 */
export function columnsFromHeader(table: SourceTable, headerRows: number[]): ColumnMap {
  const map: ColumnMap = new Array(table.cols).fill(null);
  for (const row of headerRows) {
    for (const cell of table.cells.filter((c) => c.row === row)) {
      const role = headerRole(cellText(cell));
      if (role === null || role === "group") continue;
      for (let c = cell.col; c < cell.col + cell.colSpan; c++) map[c] = role;
    }
  }
  // A group header (« Référentiel d'évaluation ») spanning two columns with no sub-header: modalities then criteria.
  for (const row of headerRows) {
    for (const cell of table.cells.filter((c) => c.row === row && headerRole(cellText(c)) === "group")) {
      const free = [...Array(cell.colSpan).keys()].map((i) => cell.col + i).filter((c) => map[c] === null);
      if (free.length === 2) {
        map[free[0]!] = "modality";
        map[free[1]!] = "criterion";
      }
    }
  }
  return map;
}

/** The order most référentiels use, assumed for a table without a header when nothing came before. */
export const DEFAULT_COLUMNS: ColumnMap = ["activity", "competency", "modality", "criterion"];
