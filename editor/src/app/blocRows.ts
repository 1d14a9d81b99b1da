import type { BlocOutline, Node, Outline } from "@refstudio/schema";

/**
 * A bloc as certifiers read it, row by row: an activity, the competencies that come from it, the
 * modalities that cover them, the criteria that evaluate them. One row per competency; a cell
 * shared by consecutive rows (an activity, a modality covering several competencies) spans them.
 * Items linked to nothing in the bloc come in a last row, so nothing is left out.
 */
export type TableCell = { ids: string[]; rowSpan: number };
export type TableRow = {
  /** null: covered by a cell spanning from a row above. */
  activity: TableCell | null;
  competency: TableCell;
  modalities: TableCell | null;
  criteria: TableCell | null;
};
export const TABLE_COLUMNS = ["activity", "competency", "modalities", "criteria"] as const;
export type TableColumn = (typeof TABLE_COLUMNS)[number];

const same = (a: string[], b: string[]) => a.length === b.length && a.every((id, i) => id === b[i]);

export function blocRows(entry: BlocOutline, outline: Outline): TableRow[] {
  const activities = entry.activities.map((a) => a.id);
  const inBloc = new Set(activities);
  const firstActivity = (c: Node) => (c.links.activities ?? []).find((id) => inBloc.has(id)) ?? null;
  const modalities = [...entry.modalities, ...outline.transversal];
  const coveredBy = (c: string) =>
    modalities.filter((m) => (m.links.covers ?? []).includes(c)).map((m) => m.id);
  const evaluatedBy = (c: string) =>
    entry.criteria.filter((cr) => (cr.links.evaluates ?? []).includes(c)).map((cr) => cr.id);

  const raw: { activity: string[]; competency: string[]; modalities: string[]; criteria: string[] }[] = [];
  for (const activity of activities) {
    const own = entry.competencies.filter((c) => firstActivity(c) === activity);
    if (own.length === 0) raw.push({ activity: [activity], competency: [], modalities: [], criteria: [] });
    for (const c of own) {
      raw.push({
        activity: [activity],
        competency: [c.id],
        modalities: coveredBy(c.id),
        criteria: evaluatedBy(c.id),
      });
    }
  }
  for (const c of entry.competencies.filter((c) => firstActivity(c) === null)) {
    raw.push({ activity: [], competency: [c.id], modalities: coveredBy(c.id), criteria: evaluatedBy(c.id) });
  }
  const placed = new Set(raw.flatMap((row) => [...row.modalities, ...row.criteria]));
  const loneModalities = entry.modalities.filter((m) => !placed.has(m.id)).map((m) => m.id);
  const loneCriteria = entry.criteria.filter((c) => !placed.has(c.id)).map((c) => c.id);
  if (loneModalities.length > 0 || loneCriteria.length > 0) {
    raw.push({ activity: [], competency: [], modalities: loneModalities, criteria: loneCriteria });
  }

  const rows: TableRow[] = raw.map((row) => ({
    activity: { ids: row.activity, rowSpan: 1 },
    competency: { ids: row.competency, rowSpan: 1 },
    modalities: { ids: row.modalities, rowSpan: 1 },
    criteria: { ids: row.criteria, rowSpan: 1 },
  }));
  for (const column of ["activity", "modalities", "criteria"] as const) {
    let owner: TableCell | null = null;
    for (const row of rows) {
      const cell = row[column] as TableCell;
      if (owner && cell.ids.length > 0 && same(owner.ids, cell.ids)) {
        owner.rowSpan += 1;
        row[column] = null;
      } else owner = cell;
    }
  }
  return rows;
}
