import { modalityTypeOf, splitTitle } from "../blocSplit.ts";
import { type CodeRef, namedCodes, normCode, parseHead, resolveCodes } from "../codes.ts";
import { bulletOf, withoutBullets } from "../freeText.ts";
import { alignOrdered } from "./align.ts";
import { type ColumnMap, columnsFromHeader, DEFAULT_COLUMNS, isHeaderRow } from "./columns.ts";
import {
  type ImportPreview,
  type ItemKind,
  itemText,
  type PreviewBloc,
  type PreviewItem,
} from "./previewModel.ts";
import type { SourceCell, SourceDocument, SourceLine, SourceTable } from "./sourceDocument.ts";
import {
  activityLabel,
  type BlocHeading,
  blocHeading,
  criteriaGroup,
  endsSentence,
  fixOcrCodes,
  hasWords,
  isTransversal,
  numberedGroup,
  opensModality,
  splitInlineBullets,
  startsLower,
} from "./textRules.ts";

/**
 * Turns the tables of a document (any reader's SourceDocument) into an import preview: columns
 * from the header, blocs from headings, items from each cell by its column's conventions, links
 * from what the text says (codes it names, else the row it is on). What is unsure is flagged;
 * text that fits no column goes to the « Non classé » list with the reason.
 */

type Draft = PreviewItem & {
  /** Table rows of the cell the item starts in (`table:row`): links follow them when no code is named. */
  home: Set<string>;
  /** Every row the item's text covers, continuations included: what a modality evaluates. */
  rows: Set<string>;
  refs: CodeRef[];
  /** An activity opened by a code or a title: the lines under it are its tasks. */
  headed: boolean;
};

const REASONS = {
  header: "En-tête du tableau",
  label: "Intitulé de rubrique",
  outside: "Texte hors du tableau",
  margin: "En-tête ou pied de page",
  noColumn: "Texte hors des colonnes du référentiel",
  notReferential: "Tableau sans colonnes de référentiel",
  criteriaGroup: "Intitulé d'un groupe de critères",
} as const;

const FLAGS = {
  lineAfterList:
    "Ligne sans puce après une liste : gardée comme élément séparé. Fusionnez-la avec le précédent si elle le continue.",
  modalityContinued:
    "Texte sans intitulé en haut de cellule : rattaché à la modalité précédente du bloc (suite de page ?).",
  ocr: (written: string, code: string) => `Code « ${written} » lu comme ${code}.`,
  missing: (codes: string[]) =>
    `Code${codes.length > 1 ? "s" : ""} cité${codes.length > 1 ? "s" : ""} introuvable${codes.length > 1 ? "s" : ""} : « ${codes.join(" », « ")} ».`,
  alignedActivities:
    "Activité liée d'après le sens du texte : la ligne du tableau a plusieurs activités et un autre nombre de compétences.",
  alignedCompetencies:
    "Compétence évaluée déduite du sens du texte : la ligne du tableau a plusieurs compétences et un autre nombre de critères.",
  noRowCompetency: "Aucune compétence sur sa ligne du tableau : liée à toutes les compétences du bloc.",
  noBloc: "Placé hors bloc : aucune compétence ni aucun bloc ne le précède.",
} as const;

const ROLE_ORDER: ItemKind[] = ["activity", "competency", "modality", "criterion"];

export function classifyDocument(doc: SourceDocument, title = ""): ImportPreview {
  return new Classifier(doc, title).run();
}

class Classifier {
  private readonly blocs: PreviewBloc[] = [];
  private readonly items: Draft[] = [];
  private readonly preview: ImportPreview;
  private bloc: PreviewBloc | null = null;
  private columns: ColumnMap | null = null;
  private last: Partial<Record<ItemKind, Draft>> = {};
  private groupRefs: CodeRef[] = [];
  private readonly explicitBlocs: boolean;
  private tables = 0;
  /** The bullet each column's items use, to split a continued paragraph at the same bullet. */
  private readonly bullets: Partial<Record<ItemKind, string>> = {};
  /** The key of the last data row read: a cut row continued on the next table is the same row. */
  private lastRowKey: string | null = null;
  private nextId = 1;

  constructor(
    private readonly doc: SourceDocument,
    title: string,
  ) {
    this.preview = { format: doc.format, title, blocs: this.blocs, items: [], unclassified: [], notes: [] };
    this.explicitBlocs = doc.blocks.some((b) =>
      b.kind === "paragraph"
        ? blocHeading(b.line.text) !== null
        : b.cells.some((c) => c.lines.some((l) => blocHeading(l.text) !== null)),
    );
  }

  run(): ImportPreview {
    for (const block of this.doc.blocks) {
      if (block.kind === "paragraph") this.paragraph(block.line, block.place, block.pageMargin === true);
      else this.table(block);
    }
    this.link();
    this.preview.items = this.items.map(
      ({ home: _home, rows: _rows, refs: _refs, headed: _headed, ...item }) => item,
    );
    return this.preview;
  }

  // ── structure ────────────────────────────────────────────────────────────────────────────

  private openBloc(heading: Pick<BlocHeading, "label" | "code" | "title">): PreviewBloc {
    const bloc: PreviewBloc = {
      id: `b${this.blocs.length + 1}`,
      label: heading.label,
      code: heading.code && /^RNCP\d{4,5}BC\d{2}$/.test(heading.code) ? heading.code : null,
      title: heading.title,
      lines: [],
    };
    this.blocs.push(bloc);
    this.bloc = bloc;
    this.last = {};
    this.groupRefs = [];
    return bloc;
  }

  private currentBloc(): PreviewBloc {
    if (this.bloc) return this.bloc;
    this.preview.notes.push(
      "Le document n'indique aucun bloc avant ses premiers éléments : ils sont placés dans un bloc sans titre.",
    );
    return this.openBloc({ label: "", code: null, title: "" });
  }

  private unclassify(text: string, reason: string, place: string): void {
    if (!hasWords(text)) return;
    this.preview.unclassified.push({ id: `u${this.preview.unclassified.length + 1}`, text, reason, place });
  }

  private newItem(kind: ItemKind, place: string, fields: Partial<Draft> = {}): Draft {
    const transversal = kind === "modality" && fields.bloc === null;
    const item: Draft = {
      id: `i${this.nextId++}`,
      kind,
      bloc: transversal ? null : this.currentBloc().id,
      code: null,
      written: null,
      title: "",
      lines: [],
      links: [],
      modalityType: null,
      flags: [],
      place,
      home: new Set(),
      rows: new Set(),
      refs: [],
      headed: false,
      ...fields,
    };
    this.items.push(item);
    if (!transversal) this.last[kind] = item;
    return item;
  }

  private paragraph(source: SourceLine, place: string, margin: boolean): void {
    const text = source.text;
    if (margin) {
      this.unclassify(text, REASONS.margin, place);
      return;
    }
    const heading = blocHeading(text);
    if (heading && (heading.title || heading.code)) {
      this.openBloc(heading);
      return;
    }
    this.unclassify(text, REASONS.outside, place);
  }

  // ── tables ───────────────────────────────────────────────────────────────────────────────

  private table(table: SourceTable): void {
    this.tables += 1;
    const continued = this.continuesRow(table);
    const key = (row: number) => (row === 0 && continued ? continued : `${this.tables}:${row}`);
    const byRow = new Map<number, SourceCell[]>();
    for (const cell of table.cells) byRow.set(cell.row, [...(byRow.get(cell.row) ?? []), cell]);
    const headerRows: number[] = [];
    let columns: ColumnMap | null = null;
    for (let row = 0; row < table.rows; row++) {
      const cells = byRow.get(row) ?? [];
      const place = `${table.place}, ligne ${row + 1}`;
      if (isHeaderRow(cells)) {
        headerRows.push(row);
        for (const cell of cells) this.unclassify(cellText(cell), REASONS.header, place);
        continue;
      }
      if (headerRows.length > 0) {
        columns = columnsFromHeader(table, headerRows);
        headerRows.length = 0;
      }
      if (columns === null) columns = this.inheritedColumns(table);
      if (columns === null) {
        for (const cell of cells) this.unclassify(cellText(cell), REASONS.notReferential, place);
        continue;
      }
      this.columns = columns;
      this.lastRowKey = key(row);
      this.row(
        cells,
        columns,
        key(row),
        (cell) => [...Array(cell.rowSpan).keys()].map((i) => key(cell.row + i)),
        place,
      );
    }
  }

  /**
   * A table that opens on a cell cut by a page break (its first line starts in lower case)
   * continues the previous table's last row: items on either side of the cut share their row.
   */
  private continuesRow(table: SourceTable): string | null {
    if (this.lastRowKey === null) return null;
    const first = table.cells.filter((c) => c.row === 0);
    if (isHeaderRow(first)) return null;
    const cut = first.some((c) => c.lines[0] && startsLower(c.lines[0].text));
    // A row with no competency and no criterion cannot stand alone: it is the end of the previous one.
    const partial =
      this.columns !== null &&
      first.every((c) => {
        const role = this.columns?.[c.col];
        return (role !== "competency" && role !== "criterion") || !hasWords(cellText(c));
      });
    return cut || partial ? this.lastRowKey : null;
  }

  /** A table without a header continues the previous one (same columns), or uses the usual order. */
  private inheritedColumns(table: SourceTable): ColumnMap | null {
    if (this.columns && this.columns.length === table.cols) return this.columns;
    if (
      table.cols === DEFAULT_COLUMNS.length &&
      (this.columns !== null || this.tables === 1 || this.blocs.length > 0)
    ) {
      this.preview.notes.push(
        `${capitalize(table.place)} n'a pas d'en-tête de colonnes : l'ordre Activités, Compétences, Modalités, Critères est supposé.`,
      );
      return DEFAULT_COLUMNS;
    }
    return null;
  }

  private row(
    cells: SourceCell[],
    columns: ColumnMap,
    rowKey: string,
    rowsOf: (cell: SourceCell) => string[],
    place: string,
  ): void {
    const filled = cells.filter((c) => hasWords(cellText(c)));
    if (filled.length === 1 && this.headingRow(filled[0]!, columns, place)) return;
    const roleOf = (cell: SourceCell) => columns[cell.col] ?? null;
    let modalityShown = false;
    for (const role of ROLE_ORDER) {
      for (const cell of cells.filter((c) => roleOf(c) === role)) {
        const rows = rowsOf(cell);
        if (role === "activity") this.activityCell(cell, rows, place);
        else if (role === "competency" || role === "criterion") this.statementCell(cell, role, rows, place);
        else if (hasWords(cellText(cell))) {
          modalityShown = true;
          this.modalityCell(cell, rows, place, this.transversalRow(cells, columns, cell));
        }
      }
    }
    for (const cell of cells.filter((c) => roleOf(c) === null))
      this.unclassify(cellText(cell), REASONS.noColumn, place);
    // A row whose modality cell is empty (not merged from above) is still evaluated by the bloc's current modality.
    const covered = this.items.some((i) => i.kind === "modality" && i.rows.has(rowKey));
    if (!modalityShown && !covered && this.last.modality) this.last.modality.rows.add(rowKey);
  }

  /** A row with one filled cell spanning columns: a bloc heading, or a heading of transversal evaluations. */
  private headingRow(cell: SourceCell, columns: ColumnMap, place: string): boolean {
    const [first, ...rest] = cell.lines;
    if (!first) return false;
    const heading = blocHeading(first.text);
    if (heading && (heading.title || heading.code)) {
      const bloc = this.openBloc(heading);
      bloc.lines.push(...rest.map((l) => l.text));
      return true;
    }
    if (cell.colSpan < 2 || columns[cell.col] === "modality") return false;
    this.unclassify(cellText(cell), REASONS.label, place);
    return true;
  }

  /** A modality on a row with no activity and no competency, naming a transversal test. */
  private transversalRow(cells: SourceCell[], columns: ColumnMap, modality: SourceCell): boolean {
    const others = cells.filter(
      (c) => c !== modality && (columns[c.col] === "activity" || columns[c.col] === "competency"),
    );
    return others.every((c) => !hasWords(cellText(c))) && isTransversal(cellText(modality));
  }

  // ── cells by column ──────────────────────────────────────────────────────────────────────

  private activityCell(cell: SourceCell, rows: string[], place: string): void {
    let current: Draft | null = null;
    for (const source of cell.lines) {
      let text = source.text;
      if (!hasWords(text)) continue;
      const heading = blocHeading(text);
      if (heading && (heading.title || heading.code)) {
        this.openBloc(heading);
        current = null;
        continue;
      }
      const label = activityLabel(text);
      if (label) {
        this.unclassify(label.label, REASONS.label, place);
        if (!label.rest) continue;
        text = label.rest;
        current = null;
      }
      const group = numberedGroup(text);
      if (group && !this.explicitBlocs && /^\d/.test(group.label)) {
        this.openBloc({ label: group.label, code: null, title: group.title });
        current = null;
        continue;
      }
      if (group) {
        if (!group.title) {
          this.unclassify(group.label, REASONS.label, place);
          continue;
        }
        this.unclassify(group.label, REASONS.label, place);
        current = this.newItem("activity", place, { title: group.title, headed: true });
        addRows(current, rows);
        continue;
      }
      const { text: fixed, fixed: corrections } = fixOcrCodes(text);
      const head = parseHead(fixed);
      const code = head.codes.length === 1 && !head.codes[0]?.to ? head.codes[0]!.from : null;
      if (code && /^A/i.test(code)) {
        current = this.newItem("activity", place, { code, title: head.rest, headed: true });
        this.noteOcr(current, corrections, code);
      } else if (current && startsLower(text)) {
        appendText(current, text);
      } else if (current?.headed) {
        current.lines.push(text);
      } else if (
        !current &&
        startsLower(text) &&
        this.last.activity?.bloc === this.bloc?.id &&
        this.last.activity
      ) {
        current = this.last.activity;
        appendText(current, text);
      } else {
        current = this.newItem("activity", place, { title: withoutBullets(text) });
      }
      addRows(current, rows);
    }
  }

  private statementCell(
    cell: SourceCell,
    kind: "competency" | "criterion",
    rows: string[],
    place: string,
  ): void {
    const pieces = cell.lines.flatMap((l) => {
      const own = bulletOf(l.text)?.trim();
      if (own) this.bullets[kind] = own;
      const parts = splitInlineBullets(l.text, own ?? this.bullets[kind] ?? null);
      return parts.map((text, i) => ({ text, list: l.list || i > 0 }));
    });
    const anyStart = pieces.some(
      (p) => p.list || bulletOf(p.text) !== null || parseHead(p.text).codes.length > 0,
    );
    let current: Draft | null = null;
    pieces.forEach((piece, i) => {
      const { text, fixed: corrections } = fixOcrCodes(piece.text);
      if (!hasWords(text)) return;
      const head = parseHead(text);
      if (kind === "criterion" && this.criteriaGroupLine(text, head.rest, rows, place)) {
        current = null;
        return;
      }
      const starts = piece.list || head.bullet !== null || head.codes.length > 0;
      const previous = current ?? (i === 0 ? this.last[kind] : null);
      if (!starts && previous && previous.bloc === this.bloc?.id && startsLower(text)) {
        appendText(previous, text);
        addRows(previous, rows);
        current = previous;
        return;
      }
      const single = head.codes.length === 1 && !head.codes[0]?.to;
      const item: Draft =
        kind === "competency"
          ? this.newItem(kind, place, {
              code: single ? head.codes[0]!.from : null,
              lines: [head.codes.length > 0 && single ? head.rest : withoutBullets(text)],
            })
          : this.newItem(kind, place, {
              lines: [head.codes.length > 0 ? head.rest : withoutBullets(text)],
              refs: head.codes.length > 0 ? head.codes : [],
              written: head.codes.length > 0 ? writtenHead(piece.text, head.rest) : null,
            });
      if (kind === "competency" && item.code) this.noteOcr(item, corrections, item.code);
      if (kind === "criterion" && item.refs.length === 0) {
        const named = namedCodes(text);
        item.refs = named.length > 0 ? named : this.groupRefs;
      }
      if (!starts && anyStart && current) item.flags.push(FLAGS.lineAfterList);
      addRows(item, rows);
      current = item;
    });
  }

  /** « Critères C1.1 à C1.6 » (alone, or opening a criterion): the codes apply to the criteria that follow. */
  private criteriaGroupLine(text: string, rest: string, rows: string[], place: string): boolean {
    const group = criteriaGroup(text);
    if (!group) return false;
    const head = parseHead(group.rest.replace(/^[:\s]+/, ""));
    const refs = head.codes.length > 0 ? head.codes : namedCodes(group.rest);
    if (refs.length === 0 && group.rest.length > 0 && !/^\s*:?\s*$/.test(group.rest)) return false;
    this.groupRefs = refs;
    const statement = head.rest.replace(/^[-–—:\s]+/, "");
    if (hasWords(statement) && head.codes.length > 0) {
      this.unclassify(text.slice(0, text.length - statement.length).trim(), REASONS.criteriaGroup, place);
      addRows(this.newItem("criterion", place, { lines: [statement], refs }), rows);
      return true;
    }
    this.unclassify(text || rest, REASONS.criteriaGroup, place);
    return true;
  }

  private modalityCell(cell: SourceCell, rows: string[], place: string, transversal: boolean): void {
    let current: Draft | null = null;
    cell.lines.forEach((source, i) => {
      const { text } = fixOcrCodes(source.text);
      if (!hasWords(text)) return;
      const head = parseHead(text);
      const rest = head.codes.length > 0 ? head.rest.replace(/^[-–—:\s]+/, "") : withoutBullets(text);
      const written = head.codes.length > 0 ? writtenHead(source.text, rest) : null;
      const refs = head.codes.length > 0 ? head.codes : namedCodes(text);
      const open = opensModality(rest) || (transversal && i === 0);
      if (
        current &&
        open &&
        current.lines.length === 0 &&
        current.refs.length === 0 &&
        head.codes.length > 0
      ) {
        current.lines.push(rest);
        current.refs = refs;
        current.written = written;
        return;
      }
      if (open || (i === 0 && isShortTitle(rest)) || (i === 0 && !this.lastModalityHere())) {
        const { title, body } = splitTitle(rest);
        current = this.newItem("modality", place, {
          bloc: transversal ? null : undefined,
          title,
          lines: body,
          refs,
          written,
          modalityType: modalityTypeOf(title || rest),
        });
        if (!transversal) current.bloc = this.currentBloc().id;
        addRows(current, rows);
        return;
      }
      if (!current) {
        current = this.lastModalityHere()!;
        current.flags.push(FLAGS.modalityContinued);
        addRows(current, rows);
      }
      current.lines.push(head.codes.length > 0 ? rest : text);
      if (head.codes.length > 0 && current.refs.length === 0) {
        current.refs = refs;
        current.written = written;
      } else if (written) current.lines[current.lines.length - 1] = text;
    });
  }

  private lastModalityHere(): Draft | null {
    const last = this.last.modality;
    return last && last.bloc === this.bloc?.id ? last : null;
  }

  private noteOcr(item: Draft, corrections: { written: string; code: string }[], code: string): void {
    const fix = corrections.find((c) => c.code === code);
    if (!fix) return;
    item.written = fix.written;
    item.flags.push(FLAGS.ocr(fix.written, code));
  }

  // ── links ────────────────────────────────────────────────────────────────────────────────

  private link(): void {
    const competenciesOf = new Map<string | null, Draft[]>();
    const activitiesOf = new Map<string | null, Draft[]>();
    for (const item of this.items) {
      if (item.kind === "competency")
        competenciesOf.set(item.bloc, [...(competenciesOf.get(item.bloc) ?? []), item]);
      if (item.kind === "activity")
        activitiesOf.set(item.bloc, [...(activitiesOf.get(item.bloc) ?? []), item]);
    }
    const codeOf = new Map<Draft, string>();
    this.blocs.forEach((bloc, b) => {
      (competenciesOf.get(bloc.id) ?? []).forEach((c, i) => {
        if (c.code && /^\d/.test(c.code)) c.code = `C${c.code}`;
        codeOf.set(c, c.code ?? `C${b + 1}.${i + 1}`);
      });
    });
    const all = [...codeOf.keys()];
    const resolve = (item: Draft, scope: Draft[]): Draft[] | null => {
      if (item.refs.length === 0) return null;
      const refs = item.refs.map((r) => ({
        from: withLetter(r.from),
        ...(r.to ? { to: withLetter(r.to) } : {}),
      }));
      const known = scope.map((c) => normCode(codeOf.get(c) ?? ""));
      const { found, missing } = resolveCodes(refs, known);
      if (missing.length > 0) item.flags.push(FLAGS.missing(missing));
      return found.length > 0 ? found.map((i) => scope[i]!) : null;
    };
    const meeting = (item: Draft, pool: Draft[], rows: "home" | "rows" = "home") =>
      pool.filter((p) => [...p.home].some((r) => item[rows].has(r)));

    for (const bloc of [...this.blocs.map((b) => b.id), null]) {
      const competencies = competenciesOf.get(bloc) ?? [];
      const activities = activitiesOf.get(bloc) ?? [];
      // Competencies come from the activities of their row.
      pairByRows(
        competencies,
        (c) => {
          const mine = meeting(c, activities);
          if (mine.length > 0) return mine;
          const before = activities.filter((a) => this.items.indexOf(a) < this.items.indexOf(c));
          return before.length > 0 ? [before[before.length - 1]!] : [];
        },
        FLAGS.alignedActivities,
      );
      // Criteria evaluate the competencies they name, else those of their row.
      const criteria = this.items.filter((i) => i.kind === "criterion" && i.bloc === bloc);
      const unnamed: Draft[] = [];
      for (const criterion of criteria) {
        const named = resolve(criterion, competencies);
        if (named) criterion.links = named.map((c) => c.id);
        else unnamed.push(criterion);
      }
      pairByRows(
        unnamed,
        (k) => meeting(k, competencies),
        FLAGS.alignedCompetencies,
        () => {
          return competencies;
        },
      );
      // Modalities cover the competencies they name, else those of the rows they span.
      for (const modality of this.items.filter((i) => i.kind === "modality" && i.bloc === bloc)) {
        const named = resolve(modality, bloc === null ? all : competencies);
        if (named) modality.links = named.map((c) => c.id);
        else {
          const mine = meeting(modality, competencies, "rows");
          if (mine.length === 0 && bloc !== null) modality.flags.push(FLAGS.noRowCompetency);
          modality.links = (mine.length > 0 ? mine : competencies).map((c) => c.id);
        }
      }
    }
  }
}

/**
 * Links items to the targets on their row: one target or one item links all; equal counts pair
 * in order; otherwise the text decides (alignOrdered) and the items are flagged.
 */
function pairByRows(
  items: Draft[],
  targetsOf: (item: Draft) => Draft[],
  flag: string,
  fallback?: () => Draft[],
): void {
  const groups = new Map<string, { targets: Draft[]; items: Draft[] }>();
  for (const item of items) {
    let targets = targetsOf(item);
    if (targets.length === 0 && fallback) {
      targets = fallback();
      if (targets.length > 0) item.flags.push(FLAGS.noRowCompetency);
    }
    const key = targets.map((t) => t.id).join(",");
    const group = groups.get(key) ?? { targets, items: [] };
    group.items.push(item);
    groups.set(key, group);
  }
  for (const { targets, items: members } of groups.values()) {
    if (targets.length === 0) continue;
    if (targets.length === 1 || members.length === 1) {
      for (const m of members) m.links = targets.map((t) => t.id);
    } else if (targets.length === members.length) {
      members.forEach((m, i) => {
        m.links = [targets[i]!.id];
      });
    } else if (members.length > targets.length) {
      const to = alignOrdered(members.map(itemText), targets.map(itemText));
      members.forEach((m, i) => {
        m.links = [targets[to[i]!]!.id];
        m.flags.push(flag);
      });
    } else {
      const to = alignOrdered(targets.map(itemText), members.map(itemText));
      members.forEach((m) => {
        m.links = [];
        m.flags.push(flag);
      });
      to.forEach((memberIndex, t) => {
        members[memberIndex]?.links.push(targets[t]!.id);
      });
    }
  }
}

/** The codes at the head of a line as the source wrote them (before OCR corrections): what precedes `rest`. */
function writtenHead(original: string, rest: string): string {
  const at = original.lastIndexOf(rest);
  return (at > 0 ? original.slice(0, at) : original).replace(/[\s\-–—:.]+$/u, "").trim();
}

const cellText = (cell: SourceCell) => cell.lines.map((l) => l.text).join("\n");
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const withLetter = (code: string) => (/^\d/.test(code) ? `C${code}` : code);
/** A short line that names a test; a sentence's subject (« Il rédige… », « Le candidat… ») does not. */
const isShortTitle = (text: string) =>
  text.length <= 80 &&
  !endsSentence(text) &&
  /^\p{Lu}/u.test(text) &&
  !/^(?:il|elle|ils|elles|on|ce|cette|ces|le\s+candidat|la\s+candidate|les\s+candidats)\b/iu.test(text);

/** Rows an item covers; the first call also gives its home rows. */
function addRows(item: Draft, rows: string[]): void {
  const first = item.home.size === 0;
  for (const r of rows) {
    item.rows.add(r);
    if (first) item.home.add(r);
  }
}

/** Text that continues an item's last line (a cell cut by a page break). */
function appendText(item: Draft, text: string): void {
  if (item.lines.length === 0) item.title = `${item.title} ${text}`.trim();
  else item.lines[item.lines.length - 1] = `${item.lines[item.lines.length - 1]} ${text}`;
}
