import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  type IRunOptions,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalMergeType,
  WidthType,
} from "docx";
import {
  type BlocNode,
  META_RICH_FIELDS,
  type MetaRichField,
  MODALITY_TYPE_LABELS,
  type ModalityNode,
  type Node,
  type Referential,
  type RichNode,
  type RichText,
} from "../model.ts";
import { type BlocOutline, buildOutline, type Outline } from "../outline.ts";
import type { Issue } from "../validation/issue.ts";
import { correspondenceSection } from "./correspondenceDocx.ts";
import {
  blocModalities,
  competencyGroups,
  coveredCodes,
  criteriaByGroup,
  type ExportMeta,
  isoDay,
} from "./exportView.ts";

/**
 * The référentiel as the Word document of a certification dossier: a title page with the meta,
 * the fiche texts, then per bloc the 4-column table Activités | Compétences | Modalités
 * d'évaluation | Critères d'évaluation (one row per activity, with the competencies derived from
 * it and the criteria evaluating them; the bloc's modalities in one cell merged down the rows),
 * and the transversal modalities. A4 landscape; opens in Word and LibreOffice.
 */

export const DOCX_HEADERS = [
  "Activités",
  "Compétences",
  "Modalités d'évaluation",
  "Critères d'évaluation",
] as const;

const FONT = "Arial";
const ACCENT = "1F4E79";
const HEADER_FILL = "1F4E79";
const MUTED = "595959";
const DRAFT_COLOR = "C00000";
/** A4 landscape with 1.5 cm margins: 16838 - 2 × 850 twips of text width. */
const PAGE = { width: 11906, height: 16838, margin: 850 };
const TEXT_WIDTH = PAGE.height - 2 * PAGE.margin;
const COLUMNS = [0.22, 0.3, 0.25, 0.23].map((share) => Math.floor(TEXT_WIDTH * share));

const META_LABELS: Record<MetaRichField, string> = {
  activitesVisees: "Activités visées",
  capacitesAttestees: "Capacités attestées",
  secteursActivite: "Secteurs d'activité",
  typesEmplois: "Types d'emplois accessibles",
  objectifsContexte: "Objectifs et contexte de la certification",
  modalitesGenerales: "Modalités générales d'évaluation",
  reglementationsActivites: "Réglementation d'activités",
  prerequisEntreeFormation: "Prérequis à l'entrée en formation",
};

/** Word options: a draft (a version with errors) is marked on every page and lists its errors in an annex. */
export type DocxOptions = ExportMeta & { draft?: { errors: readonly Issue[] } };

export const DRAFT_MARK = "Projet — non validé";

export async function exportDocx(ref: Referential, options: DocxOptions = {}): Promise<Uint8Array> {
  const outline = buildOutline(ref);
  const doc = new Document({
    creator: "Référentiel Studio",
    title: ref.meta.title || "Référentiel",
    subject: ref.meta.rncpCode,
    description: options.sha256 ? `sha256 ${options.sha256}` : undefined,
    styles: {
      default: {
        document: { run: { font: FONT, size: 18 }, paragraph: { spacing: { after: 60 } } },
        title: { run: { font: FONT, size: 44, bold: true, color: ACCENT } },
        heading1: {
          run: { font: FONT, size: 28, bold: true, color: ACCENT },
          paragraph: { spacing: { before: 120, after: 160 }, keepNext: true },
        },
        heading2: {
          run: { font: FONT, size: 22, bold: true, color: ACCENT },
          paragraph: { spacing: { before: 200, after: 80 }, keepNext: true },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height, orientation: PageOrientation.LANDSCAPE },
            margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin },
          },
        },
        footers: { default: footer(ref, options) },
        ...(options.draft ? { headers: { default: draftHeader() } } : {}),
        children: [
          ...titlePage(ref, options),
          ...ficheTexts(ref),
          // Blocs follow one another: a page break before each one left pages nearly empty.
          ...outline.blocs.flatMap((entry, i) => blocSection(entry, outline, i === 0)),
          ...transversalSection(outline),
          ...correspondenceSection(ref, { run, cell, headerRow, width: TEXT_WIDTH }),
          ...(options.draft ? errorsAnnex(options.draft.errors, outline) : []),
        ],
      },
    ],
  });
  return Packer.pack(doc, "uint8array");
}

const run = (text: string, options: IRunOptions = {}) => new TextRun({ text, ...options });

function footer(ref: Referential, options: ExportMeta): Footer {
  const parts = [ref.meta.rncpCode, ref.meta.title.slice(0, 90), options.versionName].filter(Boolean);
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        children: [
          run(`${parts.join(" — ")}    Page `, { size: 14, color: MUTED }),
          new TextRun({ children: [PageNumber.CURRENT], size: 14, color: MUTED }),
          run(" / ", { size: 14, color: MUTED }),
          new TextRun({ children: [PageNumber.TOTAL_PAGES], size: 14, color: MUTED }),
        ],
      }),
    ],
  });
}

/** « Projet — non validé » at the top of every page of a draft. */
function draftHeader(): Header {
  return new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [run(DRAFT_MARK.toUpperCase(), { bold: true, color: DRAFT_COLOR, size: 20 })],
      }),
    ],
  });
}

/** The errors that keep a draft from being validated, each with the item it concerns. */
function errorsAnnex(errors: readonly Issue[], outline: Outline): (Paragraph | Table)[] {
  const widths = [Math.floor(TEXT_WIDTH * 0.15), Math.floor(TEXT_WIDTH * 0.85)];
  return [
    new Paragraph({
      heading: HeadingLevel.HEADING_1,
      pageBreakBefore: true,
      children: [run("Annexe — erreurs à corriger avant validation")],
    }),
    new Paragraph({
      children: [
        run(
          errors.length === 0
            ? "Aucune erreur bloquante."
            : `${errors.length} ${errors.length > 1 ? "erreurs bloquantes restent" : "erreur bloquante reste"} à corriger dans cette version.`,
        ),
      ],
    }),
    ...(errors.length === 0
      ? []
      : [
          new Table({
            width: { size: TEXT_WIDTH, type: WidthType.DXA },
            columnWidths: widths,
            layout: TableLayoutType.FIXED,
            rows: [
              headerRow(["Élément", "Erreur"], widths),
              ...errors.map(
                (issue) =>
                  new TableRow({
                    children: [
                      cell(
                        [
                          new Paragraph({
                            children: [
                              run(issue.nodeId ? (outline.codes.get(issue.nodeId) ?? "—") : "Fiche", {
                                bold: true,
                              }),
                            ],
                          }),
                        ],
                        widths[0],
                      ),
                      cell([new Paragraph({ children: [run(issue.message.fr)] })], widths[1]),
                    ],
                  }),
              ),
            ],
          }),
        ]),
  ];
}

function longDate(date: Date | string): string {
  const value = new Date(isoDay(date));
  if (Number.isNaN(value.getTime())) return String(date);
  return new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "UTC" }).format(value);
}

function titlePage(ref: Referential, options: DocxOptions): (Paragraph | Table)[] {
  const { meta } = ref;
  const rows: [string, string][] = [
    ["Code RNCP", meta.rncpCode || "non enregistré"],
    [
      "Niveau",
      meta.level ? `Niveau ${meta.level.slice(3)} du cadre national des certifications` : "non renseigné",
    ],
    [
      meta.certifiers.length > 1 ? "Certificateurs" : "Certificateur",
      meta.certifiers.map((c) => (c.siret ? `${c.name} (SIRET ${c.siret})` : c.name)).join("\n") ||
        "non renseigné",
    ],
  ];
  if (meta.nsf.length > 0) rows.push(["Codes NSF", meta.nsf.join(", ")]);
  if (meta.rome.length > 0) rows.push(["Codes ROME", meta.rome.join(", ")]);
  if (meta.formacodes.length > 0) rows.push(["Formacodes", meta.formacodes.join(", ")]);
  if (options.versionName) rows.push(["Version", options.versionName]);
  if (options.date) rows.push(["Date", longDate(options.date)]);
  if (options.draft) {
    const count = options.draft.errors.length;
    rows.push([
      "État",
      count > 0
        ? `${DRAFT_MARK} : ${count} ${count > 1 ? "erreurs restent" : "erreur reste"} à corriger (voir l'annexe)`
        : `${DRAFT_MARK}`,
    ]);
  } else if (options.sha256) rows.push(["Empreinte (sha256)", options.sha256]);
  const border = { style: BorderStyle.SINGLE, size: 4, color: "BFBFBF" };
  return [
    new Paragraph({
      spacing: { before: 1800, after: 120 },
      children: [run("RÉFÉRENTIEL DE CERTIFICATION", { size: 24, color: MUTED })],
    }),
    new Paragraph({
      heading: HeadingLevel.TITLE,
      spacing: { after: 600 },
      children: [run(meta.title || "Sans titre")],
    }),
    new Table({
      width: { size: Math.floor(TEXT_WIDTH * 0.75), type: WidthType.DXA },
      columnWidths: [Math.floor(TEXT_WIDTH * 0.2), Math.floor(TEXT_WIDTH * 0.55)],
      layout: TableLayoutType.FIXED,
      borders: {
        top: border,
        bottom: border,
        left: border,
        right: border,
        insideHorizontal: border,
        insideVertical: border,
      },
      rows: rows.map(
        ([label, value]) =>
          new TableRow({
            children: [
              cell(
                [new Paragraph({ children: [run(label, { bold: true, color: ACCENT })] })],
                Math.floor(TEXT_WIDTH * 0.2),
              ),
              cell(
                value.split("\n").map(
                  (line) =>
                    new Paragraph({
                      children: [
                        run(line, label.startsWith("Empreinte") ? { font: "Courier New", size: 16 } : {}),
                      ],
                    }),
                ),
                Math.floor(TEXT_WIDTH * 0.55),
              ),
            ],
          }),
      ),
    }),
  ];
}

function ficheTexts(ref: Referential): Paragraph[] {
  const fields = META_RICH_FIELDS.filter((field) => ref.meta[field].length > 0);
  if (fields.length === 0) return [];
  return [
    new Paragraph({
      heading: HeadingLevel.HEADING_1,
      pageBreakBefore: true,
      children: [run("Présentation de la certification")],
    }),
    ...fields.flatMap((field) => [
      new Paragraph({ heading: HeadingLevel.HEADING_2, children: [run(META_LABELS[field])] }),
      ...richParagraphs(ref.meta[field]),
    ]),
  ];
}

type Row = { activity: Node | null; competencies: Node[] };

/**
 * One row per activity with the competencies derived from it; competencies derived from no
 * activity get a row each, so that modalities and criteria can sit next to what they evaluate.
 */
function blocRows(entry: BlocOutline): Row[] {
  return competencyGroups(entry).flatMap((group) =>
    group.activity || group.competencies.length <= 1
      ? [group]
      : group.competencies.map((c) => ({ activity: null, competencies: [c] })),
  );
}

/**
 * The modalities column as cells spanning rows: each modality starts on the row of the first
 * competency it covers, and its cell is merged down to the row of the last one (a modality that
 * covers the whole bloc spans the whole table).
 */
function modalityCells(rows: Row[], modalities: ModalityNode[]) {
  const rowOf = new Map<string, number>();
  rows.forEach((row, i) => {
    for (const c of row.competencies) rowOf.set(c.id, i);
  });
  const ranges = modalities.map((modality) => {
    const covered = (modality.links.covers ?? []).map((id) => rowOf.get(id)).filter((r) => r !== undefined);
    return { modality, first: covered.length > 0 ? Math.min(...covered) : 0, last: Math.max(0, ...covered) };
  });
  const cells: { row: number; span: number; modalities: ModalityNode[] }[] = [];
  for (let row = 0; row < rows.length; ) {
    const starting = ranges.filter((r) => r.first === row);
    const next = Math.min(rows.length, ...ranges.filter((r) => r.first > row).map((r) => r.first));
    const end = starting.length > 0 ? Math.min(Math.max(...starting.map((r) => r.last)), next - 1) : row;
    cells.push({ row, span: end - row + 1, modalities: starting.map((r) => r.modality) });
    row = end + 1;
  }
  return cells;
}

function blocSection(entry: BlocOutline, outline: Outline, first: boolean): (Paragraph | Table)[] {
  const code = (node: Node) => outline.codes.get(node.id) ?? "";
  const rows = blocRows(entry);
  const criteria = criteriaByGroup(entry, rows);
  const shownIn = new Map<string, number>();
  rows.forEach((row, i) => {
    for (const c of row.competencies) shownIn.set(c.id, i);
  });
  const modalityCell = new Map(modalityCells(rows, blocModalities(entry, outline)).map((c) => [c.row, c]));
  const spanned = new Set(
    [...modalityCell.values()].flatMap((c) => Array.from({ length: c.span - 1 }, (_, k) => c.row + k + 1)),
  );
  const noActivity = entry.activities.length === 0;
  const merge = (i: number) =>
    rows.length === 1 ? undefined : i === 0 ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE;

  const tableRows = rows.map((row, i) => {
    const seeAlso = row.activity
      ? entry.competencies.filter(
          (c) => c.links.activities?.includes(row.activity?.id ?? "") && shownIn.get(c.id) !== i,
        )
      : [];
    const modalities = modalityCell.get(i);
    return new TableRow({
      children: [
        noActivity
          ? cell(i === 0 ? [muted("Aucune activité décrite pour ce bloc.")] : [], COLUMNS[0], merge(i))
          : cell(row.activity ? statement(code(row.activity), row.activity) : [], COLUMNS[0]),
        cell(
          [
            ...row.competencies.flatMap((c) => statement(code(c), c)),
            ...seeAlso.map((c) => muted(`Voir ${code(c)}`)),
          ],
          COLUMNS[1],
        ),
        modalities
          ? cell(
              modalities.modalities.flatMap((m) => modalityParagraphs(m, entry, outline)),
              COLUMNS[2],
              modalities.span > 1 ? VerticalMergeType.RESTART : undefined,
            )
          : cell([], COLUMNS[2], spanned.has(i) ? VerticalMergeType.CONTINUE : undefined),
        cell(
          (criteria[i] ?? []).flatMap((c) => statement(coveredCodes(c.links.evaluates, entry, outline), c)),
          COLUMNS[3],
        ),
      ],
    });
  });

  return [
    new Paragraph({
      heading: HeadingLevel.HEADING_1,
      pageBreakBefore: first,
      children: [run(`${code(entry.bloc)} — `), run(entry.bloc.title)],
    }),
    ...richParagraphs(entry.bloc.body),
    ...prerequisites(entry.bloc),
    new Table({
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: COLUMNS,
      layout: TableLayoutType.FIXED,
      rows: [headerRow(DOCX_HEADERS, COLUMNS), ...tableRows],
    }),
  ];
}

/** A bloc's entry and validation prerequisites, when written. */
function prerequisites(bloc: BlocNode): Paragraph[] {
  const lines: [string, string][] = [
    ["Prérequis d'entrée en formation : ", bloc.prerequisEntree.trim()],
    ["Prérequis à la validation du bloc : ", bloc.prerequis.trim()],
  ];
  return lines
    .filter(([, text]) => text)
    .map(
      ([label, text]) => new Paragraph({ keepNext: true, children: [run(label, { bold: true }), run(text)] }),
    );
}

const muted = (text: string) => new Paragraph({ children: [run(text, { italics: true, color: MUTED })] });

function transversalSection(outline: Outline): (Paragraph | Table)[] {
  if (outline.transversal.length === 0) return [];
  const widths = [Math.floor(TEXT_WIDTH * 0.65), Math.floor(TEXT_WIDTH * 0.35)];
  return [
    new Paragraph({
      heading: HeadingLevel.HEADING_1,
      children: [run("Modalités d'évaluation transversales")],
    }),
    new Table({
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      rows: [
        headerRow(["Modalité d'évaluation", "Compétences évaluées"], widths),
        ...outline.transversal.map(
          (modality) =>
            new TableRow({
              children: [
                cell(modalityParagraphs(modality, null, outline), widths[0]),
                cell(
                  outline.blocs
                    .map((entry) => ({ entry, codes: coveredCodes(modality.links.covers, entry, outline) }))
                    .filter(({ codes }) => codes)
                    .map(
                      ({ entry, codes }) =>
                        new Paragraph({
                          children: [
                            run(`${outline.codes.get(entry.bloc.id)} : `, { bold: true }),
                            run(codes),
                          ],
                        }),
                    ),
                  widths[1],
                ),
              ],
            }),
        ),
      ],
    }),
  ];
}

function headerRow(labels: readonly string[], widths: readonly number[]): TableRow {
  return new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: labels.map(
      (label, i) =>
        new TableCell({
          width: { size: widths[i] ?? 0, type: WidthType.DXA },
          shading: { type: ShadingType.CLEAR, color: "auto", fill: HEADER_FILL },
          margins: { top: 80, bottom: 80, left: 100, right: 100 },
          children: [new Paragraph({ children: [run(label, { bold: true, color: "FFFFFF", size: 20 })] })],
        }),
    ),
  });
}

function cell(
  children: Paragraph[],
  width = 0,
  verticalMerge?: (typeof VerticalMergeType)[keyof typeof VerticalMergeType],
) {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    margins: { top: 60, bottom: 60, left: 100, right: 100 },
    verticalMerge,
    children: children.length > 0 ? children : [new Paragraph({})],
  });
}

/** A coded statement: its code in bold before the first line, the rest of its text below. */
function statement(code: string, node: Node): Paragraph[] {
  const title = node.title.trim();
  const body = richParagraphs(node.body);
  const lead = new Paragraph({
    spacing: { before: 40, after: title ? 20 : 60 },
    children: [...(code ? [run(`${code} `, { bold: true, color: ACCENT })] : []), run(title)],
  });
  if (title || body.length === 0) return [lead, ...body];
  // No title: the code goes at the start of the body's first paragraph.
  const [first, ...rest] = richParagraphs(
    node.body,
    code ? [run(`${code} `, { bold: true, color: ACCENT })] : [],
  );
  return first ? [first, ...rest] : [lead];
}

function modalityParagraphs(
  modality: ModalityNode,
  entry: BlocOutline | null,
  outline: Outline,
): Paragraph[] {
  const details = [
    modality.modalityType ? MODALITY_TYPE_LABELS[modality.modalityType] : "",
    modality.grouping === "individual" ? "individuelle" : modality.grouping === "group" ? "en groupe" : "",
    modality.duration,
  ].filter(Boolean);
  const covered = entry ? coveredCodes(modality.links.covers, entry, outline) : "";
  return [
    new Paragraph({
      spacing: { before: 60, after: 20 },
      children: [run(modality.title || "Modalité", { bold: true })],
    }),
    ...(details.length > 0 || covered
      ? [
          new Paragraph({
            children: [
              run([details.join(" · "), covered ? `évalue ${covered}` : ""].filter(Boolean).join(" — "), {
                italics: true,
                color: MUTED,
                size: 16,
              }),
            ],
          }),
        ]
      : []),
    ...richParagraphs(modality.body),
  ];
}

/** Rich text as Word paragraphs: paragraphs, headings, bullet and numbered lists, bold/italic/underline. */
function richParagraphs(rich: RichText, lead: TextRun[] = []): Paragraph[] {
  const out: Paragraph[] = [];
  let pending = lead;
  const visit = (nodes: readonly RichNode[], level: number, bullet: boolean) => {
    for (const node of nodes) {
      if (node.type === "bulletList" || node.type === "orderedList") {
        (node.content ?? []).forEach((item, i) => {
          // Numbered items carry their number as text: Word numbering needs a numbering definition.
          if (node.type === "orderedList") pending = [...pending, run(`${i + 1}. `)];
          visit(item.content ?? [], level + 1, node.type === "bulletList");
        });
        continue;
      }
      if (node.type === "paragraph" || node.type === "heading") {
        const children = [...pending, ...textRuns(node.content ?? [], node.type === "heading")];
        pending = [];
        out.push(
          new Paragraph({
            children,
            ...(bullet ? { bullet: { level: Math.min(level - 1, 8) } } : {}),
            ...(level > 0 ? { indent: { left: 280 * level, hanging: bullet ? 200 : 0 } } : {}),
          }),
        );
        continue;
      }
      visit(node.content ?? [], level, bullet);
    }
  };
  visit(rich, 0, false);
  return out;
}

function textRuns(content: readonly RichNode[], bold: boolean): TextRun[] {
  return content.map((node) => {
    if (node.type === "hardBreak") return new TextRun({ break: 1 });
    const marks = new Set((node.marks ?? []).map((m) => m.type));
    return run(node.text ?? "", {
      bold: bold || marks.has("bold"),
      italics: marks.has("italic"),
      underline: marks.has("underline") ? {} : undefined,
      strike: marks.has("strike"),
    });
  });
}
