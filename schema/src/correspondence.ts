import { newId } from "./ids.ts";
import type { CorrespondenceRow, Node, Referential } from "./model.ts";
import { buildOutline } from "./outline.ts";
import { richToPlain } from "./richtext.ts";

/**
 * The correspondence table of a renewal (France Compétences asks for it when a certification
 * replaces an earlier one): for each old bloc, the new bloc(s) it corresponds to, totally or
 * partly. A first table is proposed by comparing the two référentiels — same bloc number, similar
 * competencies — then the team confirms or edits each line.
 */

/** The earlier certification as the comparison needs it: its blocs with their competencies' text. */
export type PreviousCertification = {
  rncpCode: string;
  title: string;
  blocs: { code: string; title: string; competencies: string[] }[];
};

/** The blocs of a référentiel (an earlier version, or a fiche imported from the RNCP flux or Word). */
export function previousCertificationOf(ref: Pick<Referential, "meta" | "nodes">): PreviousCertification {
  const outline = buildOutline(ref);
  return {
    rncpCode: ref.meta.rncpCode,
    title: ref.meta.title,
    blocs: outline.blocs.map((entry) => ({
      code: outline.codes.get(entry.bloc.id) ?? "",
      title: entry.bloc.title,
      competencies: entry.competencies.map(statement).filter(Boolean),
    })),
  };
}

const statement = (node: Node) => [node.title, richToPlain(node.body)].filter(Boolean).join(" ").trim();

/** Words that say nothing about what a competency is about. */
const STOP_WORDS = new Set(
  "afin ainsi au aux avec ce ces dans de des du elle en et etc il la le les leur leurs ou par pour que qui sa se ses son sur un une à".split(
    " ",
  ),
);

/** The meaningful words of a text: lower case, without accents, stop words or short words. */
function words(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .split(/[^a-z0-9]+/)
      .filter((word) => word.length > 2 && !STOP_WORDS.has(word)),
  );
}

/** Dice similarity of two word sets, 0 to 1. */
function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** "RNCP12345BC03", "BC03", "Bloc 3" → 3. */
function blocNumber(code: string): number | null {
  const match = /(?:BC|bloc\s*)0*(\d+)\s*$/i.exec(code.trim());
  return match ? Number(match[1]) : null;
}

/** Two competencies this similar are taken for the same one, reworded. */
const SAME_COMPETENCY = 0.5;
/** A new bloc is proposed for an old one from this score on. */
const PROPOSE_FROM = 0.25;

/**
 * Proposes the table: each old bloc goes to the new blocs holding its competencies (each old
 * competency matched to its most similar new one), or to the new bloc with the same number and a
 * similar title; "total" when every old competency finds its match. Lines are unconfirmed.
 */
export function proposeCorrespondences(
  previous: PreviousCertification,
  current: Pick<Referential, "meta" | "nodes">,
): CorrespondenceRow[] {
  const outline = buildOutline(current);
  const newBlocs = outline.blocs.map((entry) => ({
    id: entry.bloc.id,
    number: blocNumber(outline.codes.get(entry.bloc.id) ?? ""),
    title: words(entry.bloc.title),
    competencies: entry.competencies.map((competency) => words(statement(competency))),
  }));
  return previous.blocs.map((old, index) => {
    const oldNumber = blocNumber(old.code) ?? index + 1;
    const oldTitle = words(old.title);
    const matchedIn = new Map<string, number>();
    let matched = 0;
    for (const competency of old.competencies.map(words)) {
      let best: { bloc: string; score: number } | null = null;
      for (const bloc of newBlocs) {
        for (const candidate of bloc.competencies) {
          const score = similarity(competency, candidate);
          if (!best || score > best.score) best = { bloc: bloc.id, score };
        }
      }
      if (best && best.score >= SAME_COMPETENCY) {
        matched++;
        matchedIn.set(best.bloc, (matchedIn.get(best.bloc) ?? 0) + 1);
      }
    }
    const scores = newBlocs.map((bloc) => {
      const byCompetencies =
        old.competencies.length > 0 ? (matchedIn.get(bloc.id) ?? 0) / old.competencies.length : 0;
      const byTitle = similarity(oldTitle, bloc.title);
      const sameNumber = bloc.number === oldNumber ? 0.15 : 0;
      return { id: bloc.id, score: Math.max(byCompetencies, byTitle * 0.8) + sameNumber };
    });
    const proposed = scores.filter((entry) => entry.score >= PROPOSE_FROM).sort((a, b) => b.score - a.score);
    const total =
      old.competencies.length > 0 ? matched === old.competencies.length : (proposed[0]?.score ?? 0) >= 0.8;
    return {
      id: newId(),
      old: [{ code: old.code, title: old.title }],
      new: proposed.map((entry) => entry.id),
      coverage: total && proposed.length > 0 ? "total" : "partial",
      comment: "",
      confirmed: false,
    };
  });
}

/** A line of the table as exports write it: codes and titles on both sides. */
export type CorrespondenceLine = {
  old: { code: string; title: string }[];
  new: { code: string; title: string }[];
  coverage: "total" | "partial";
  comment: string;
};

/** The table's lines with the new blocs' current codes and titles (blocs deleted since are left out). */
export function correspondenceLines(ref: Pick<Referential, "meta" | "nodes">): CorrespondenceLine[] {
  const renewal = ref.meta.renewal;
  if (!renewal) return [];
  const outline = buildOutline(ref);
  return renewal.rows.map((row) => ({
    old: row.old,
    new: row.new.flatMap((id) => {
      const node = outline.byId.get(id);
      return node?.kind === "bloc" ? [{ code: outline.codes.get(id) ?? "", title: node.title }] : [];
    }),
    coverage: row.coverage,
    comment: row.comment,
  }));
}
