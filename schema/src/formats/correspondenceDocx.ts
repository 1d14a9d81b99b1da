import {
  HeadingLevel,
  type IRunOptions,
  Paragraph,
  Table,
  type TableCell,
  TableLayoutType,
  TableRow,
  type TextRun,
  WidthType,
} from "docx";
import { correspondenceLines } from "../correspondence.ts";
import type { Referential } from "../model.ts";

/**
 * The correspondence table of a renewal in the Word document: old bloc (code and title) → new
 * bloc(s), total or partial, comment. Drawn with the document's own cell helpers, passed in.
 */
export type DocxParts = {
  run: (text: string, options?: IRunOptions) => TextRun;
  cell: (children: Paragraph[], width?: number) => TableCell;
  headerRow: (labels: readonly string[], widths: readonly number[]) => TableRow;
  /** Width of the text area (twips). */
  width: number;
};

export const CORRESPONDENCE_HEADERS = [
  "Ancien bloc",
  "Nouveau(x) bloc(s)",
  "Correspondance",
  "Commentaire",
] as const;

export function correspondenceSection(
  ref: Pick<Referential, "meta" | "nodes">,
  parts: DocxParts,
): (Paragraph | Table)[] {
  const renewal = ref.meta.renewal;
  const lines = correspondenceLines(ref);
  if (!renewal || lines.length === 0) return [];
  const { run, cell, headerRow } = parts;
  const widths = [0.33, 0.33, 0.12, 0.22].map((share) => Math.floor(parts.width * share));
  const previous = [renewal.previous.rncpCode, renewal.previous.title].filter(Boolean).join(" — ");
  const blocs = (list: { code: string; title: string }[]) =>
    list.length === 0
      ? [new Paragraph({ children: [run("Aucun bloc correspondant", { italics: true })] })]
      : list.map(
          (bloc) => new Paragraph({ children: [run(`${bloc.code} `, { bold: true }), run(bloc.title)] }),
        );
  return [
    new Paragraph({
      heading: HeadingLevel.HEADING_1,
      pageBreakBefore: true,
      children: [run("Table de correspondance")],
    }),
    new Paragraph({ children: [run(`Certification précédente : ${previous || "non renseignée"}`)] }),
    new Table({
      width: { size: parts.width, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      rows: [
        headerRow(CORRESPONDENCE_HEADERS, widths),
        ...lines.map(
          (line) =>
            new TableRow({
              cantSplit: true,
              children: [
                cell(blocs(line.old), widths[0]),
                cell(blocs(line.new), widths[1]),
                cell(
                  [new Paragraph({ children: [run(line.coverage === "total" ? "Totale" : "Partielle")] })],
                  widths[2],
                ),
                cell(line.comment ? [new Paragraph({ children: [run(line.comment)] })] : [], widths[3]),
              ],
            }),
        ),
      ],
    }),
  ];
}
