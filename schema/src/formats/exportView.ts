import type { ModalityNode, Node } from "../model.ts";
import type { BlocOutline, Outline } from "../outline.ts";
import { formatCodeList } from "./codes.ts";
import { richToLines } from "./freeText.ts";

/** What the exports (RNCP XML, DOCX, CASE) share: provenance options and the reading order of a bloc. */

/** Where an export comes from: the version's name and date, and the snapshot's sha256. */
export type ExportMeta = { sha256?: string; versionName?: string; date?: Date | string };

/** The day of a date as YYYY-MM-DD (UTC). */
export function isoDay(date: Date | string): string {
  const value = typeof date === "string" ? new Date(date) : date;
  return Number.isNaN(value.getTime()) ? String(date).slice(0, 10) : value.toISOString().slice(0, 10);
}

/** A node's statement as lines: its title (if any) then its body. */
export function statementLines(node: Node): string[] {
  return [...(node.title.trim() ? [node.title.trim()] : []), ...richToLines(node.body)];
}

/**
 * The competencies in the order they are written: each activity followed by the competencies
 * whose first activity it is, then those derived from no activity.
 */
export function competencyGroups(entry: BlocOutline): { activity: Node | null; competencies: Node[] }[] {
  const position = new Map(entry.activities.map((a, i) => [a.id, i]));
  const firstActivity = (c: Node) => {
    const indexes = (c.links.activities ?? []).map((id) => position.get(id)).filter((i) => i !== undefined);
    return indexes.length > 0 ? Math.min(...indexes) : -1;
  };
  const groups: { activity: Node | null; competencies: Node[] }[] = entry.activities.map((activity) => ({
    activity,
    competencies: [],
  }));
  const loose: Node[] = [];
  for (const competency of entry.competencies) {
    const at = firstActivity(competency);
    if (at === -1) loose.push(competency);
    else groups[at]?.competencies.push(competency);
  }
  if (loose.length > 0 || groups.length === 0) groups.push({ activity: null, competencies: loose });
  return groups;
}

/** The modalities evaluating a bloc: its own, then the transversal ones that cover it. */
export function blocModalities(entry: BlocOutline, outline: Outline): ModalityNode[] {
  const ids = new Set(entry.competencies.map((c) => c.id));
  return [
    ...entry.modalities,
    ...outline.transversal.filter((m) => (m.links.covers ?? []).some((id) => ids.has(id))),
  ];
}

/**
 * The criteria shown with each group of `competencyGroups`: a criterion goes with the first group
 * holding a competency it evaluates; those evaluating none of the bloc's competencies go last.
 */
export function criteriaByGroup(entry: BlocOutline, groups: { competencies: Node[] }[]): Node[][] {
  const groupOf = new Map<string, number>();
  groups.forEach((g, i) => {
    for (const c of g.competencies) groupOf.set(c.id, i);
  });
  const out: Node[][] = groups.map(() => []);
  for (const criterion of entry.criteria) {
    const indexes = (criterion.links.evaluates ?? [])
      .map((id) => groupOf.get(id))
      .filter((i) => i !== undefined);
    const at = indexes.length > 0 ? Math.min(...indexes) : groups.length - 1;
    out[at]?.push(criterion);
  }
  return out;
}

/** The codes of the bloc's competencies among `ids`, as certifiers list them ("C1.1 et C1.3", "C1.1 à C1.6"); "" when none. */
export function coveredCodes(
  ids: readonly string[] | undefined,
  entry: BlocOutline,
  outline: Outline,
): string {
  const wanted = new Set(ids ?? []);
  const positions = entry.competencies.flatMap((c, i) => (wanted.has(c.id) ? [i] : []));
  const codes = positions.map((i) => outline.codes.get(entry.competencies[i]?.id ?? "") ?? "");
  return formatCodeList(codes, positions);
}
