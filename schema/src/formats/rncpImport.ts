import { generateNKeysBetween } from "fractional-indexing";
import {
  type BlocNode,
  LEVELS,
  type Level,
  type Meta,
  type ModalityNode,
  type Node,
  type NodeOfKind,
  Referential,
  type Renewal,
  type RncpFlux,
} from "../model.ts";
import { parseOrExplain } from "../parse.ts";
import { type SplitFlag, splitCompetencies, splitModalities } from "./blocSplit.ts";
import { fluxTextToRich, linesToRich, oneLine } from "./freeText.ts";
import { BLOC_ELEMENTS, FICHE_ELEMENTS } from "./rncpExport.ts";
import { fluxContext, keepElements } from "./rncpFlux.ts";
import { findRncpFiche, type ReadOptions, type RncpBloc, type RncpFiche } from "./rncpReader.ts";

/**
 * Import of one RNCP fiche as a new référentiel: meta, blocs with their flux codes, and the
 * free texts split into activities, competencies, modalities and criteria (see blocSplit.ts).
 */

/** Something the import could not do with confidence: shown to the user after the import. */
export type ImportFlag = {
  /** The node holding the text in question (the bloc when the whole field is concerned). */
  nodeId: string;
  blocCode: string | null;
  field: "LISTE_COMPETENCES" | "MODALITES_EVALUATION";
  reason: string;
};

export type RncpImport = { referential: Referential; flags: ImportFlag[] };

/** Reads an RNCP export and builds the référentiel of one fiche; a clear error if it is absent or the file is bad. */
export async function importRncpFiche(
  chunks: AsyncIterable<string | Uint8Array>,
  ficheNumber: string,
  options: Pick<ReadOptions, "onProgress"> = {},
): Promise<RncpImport> {
  return ficheToReferential(await findRncpFiche(chunks, ficheNumber, options));
}

/** The référentiel of a parsed fiche. Node ids derive from the fiche, so importing it twice gives the same ids. */
export function ficheToReferential(fiche: RncpFiche): RncpImport {
  const nodes: Node[] = [];
  const flags: ImportFlag[] = [];
  const blocs = new Map<string, RncpBloc>();
  const blocOrders = generateNKeysBetween(null, null, fiche.blocs.length);
  fiche.blocs.forEach((bloc, i) => {
    const id = blocIdFor(bloc, i + 1, new Set(blocs.keys()));
    blocs.set(id, bloc);
    importBloc(bloc, i + 1, id, blocOrders[i] ?? "a0", nodes, flags);
  });
  nodes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const imported = { meta: metaOf(fiche), nodes, comments: [] };
  const renewal = renewalOf(fiche, blocs);
  if (renewal) imported.meta.renewal = renewal;
  if (fiche.elements.length > 0) imported.meta.rncpFlux = keptFlux(imported, fiche, blocs);
  const referential = parseOrExplain(Referential, imported, `Fiche ${fiche.number} importée`);
  return { referential, flags };
}

/** The fiche's elements kept as XML, each modeled one with the digest of what the import made of it. */
function keptFlux(ref: Referential, fiche: RncpFiche, blocs: Map<string, RncpBloc>): RncpFlux {
  const context = fluxContext(ref);
  return {
    fiche: keepElements(fiche.elements, FICHE_ELEMENTS, context),
    blocs: Object.fromEntries(
      context.outline.blocs.map((entry) => [
        entry.bloc.id,
        keepElements(blocs.get(entry.bloc.id)?.elements ?? [], BLOC_ELEMENTS, { ...context, entry }),
      ]),
    ),
  };
}

function metaOf(fiche: RncpFiche): Meta {
  const codes = (list: string[]) => [
    ...new Set(list.map((c) => c.trim()).filter((c) => c && c.length <= 20)),
  ];
  const text = (field: keyof RncpFiche["texts"]) => fluxTextToRich(fiche.texts[field] ?? "");
  return {
    rncpCode: /^RNCP\d{4,5}$/.test(fiche.number) ? fiche.number : "",
    title: oneLine(fiche.title),
    level: (LEVELS as readonly string[]).includes(fiche.level) ? (fiche.level as Level) : "",
    nsf: codes(fiche.nsf),
    rome: codes(fiche.rome),
    formacodes: codes(fiche.formacodes),
    certifiers: fiche.certifiers
      .map((c) => ({ name: oneLine(c.name).slice(0, 500), siret: c.siret.replace(/\s+/g, "") }))
      .filter((c) => c.name.length > 0)
      .map((c) => (/^\d{14}$/.test(c.siret) ? c : { name: c.name })),
    status: "draft",
    activitesVisees: text("activitesVisees"),
    capacitesAttestees: text("capacitesAttestees"),
    secteursActivite: text("secteursActivite"),
    typesEmplois: text("typesEmplois"),
    objectifsContexte: text("objectifsContexte"),
    // The flux has no field for general evaluation rules: they stay for the user to write.
    modalitesGenerales: [],
    reglementationsActivites: text("reglementationsActivites"),
    prerequisEntreeFormation: text("prerequisEntreeFormation"),
  };
}

/**
 * The correspondence table the fiche carries, its lines confirmed (France Compétences published
 * them): one line per CORRESPONDANCE with blocs, total when the fiche also has the line naming the
 * whole old fiche (the flux's way of saying every old bloc corresponds totally). None when the
 * fiche renews nothing, or renews several certifications (the table names one).
 */
function renewalOf(fiche: RncpFiche, blocs: Map<string, RncpBloc>): Renewal | undefined {
  const { previous, correspondences } = fiche.renewal;
  const numbers = new Set([...previous, ...correspondences.map((line) => line.destination.fiche)]);
  const [rncpCode] = numbers;
  if (numbers.size !== 1 || !rncpCode || !/^RNCP\d{4,5}$/.test(rncpCode)) return undefined;
  const idOfCode = new Map([...blocs].map(([id, bloc]) => [bloc.code, id]));
  const total = correspondences.some(
    (line) => line.source.length === 0 && line.destination.blocs.length === 0,
  );
  const rows = correspondences
    .filter((line) => line.destination.blocs.length > 0)
    .slice(0, 500)
    .map((line, index) => ({
      id: `corr${String(index + 1).padStart(2, "0")}`,
      old: line.destination.blocs.slice(0, 50).map((code) => ({ code: code.slice(0, 40), title: "" })),
      new: line.source.flatMap((code) => idOfCode.get(code) ?? []).slice(0, 50),
      coverage: total ? ("total" as const) : ("partial" as const),
      comment: "",
      confirmed: true,
    }));
  return { previous: { rncpCode, title: "" }, rows };
}

function blocIdFor(bloc: RncpBloc, position: number, taken: Set<string>): string {
  const fromCode = bloc.code.replace(/[^A-Za-z0-9_-]/g, "").slice(0, 40);
  return fromCode && !taken.has(fromCode) ? fromCode : `bloc${String(position).padStart(2, "0")}`;
}

const childId = (blocId: string, letter: string, index: number) =>
  `${blocId}-${letter}${String(index + 1).padStart(2, "0")}`;

/** A pinned code, unless it is the code the position would give anyway. */
const pinned = (code: string | null, derived: string) => (code === null || code === derived ? null : code);

function importBloc(
  bloc: RncpBloc,
  b: number,
  blocId: string,
  order: string,
  nodes: Node[],
  flags: ImportFlag[],
) {
  const blocCode = bloc.code || null;
  const competencies = splitCompetencies(bloc.competencies);
  const known = competencies.competencies.map((c, j) => c.code ?? `C${b}.${j + 1}`);
  const modalities = splitModalities(bloc.modalities, known);
  /** Ids and order keys of one kind of children, in source order. */
  const place = <T>(letter: string, items: T[]) => {
    const orders = generateNKeysBetween(null, null, items.length);
    return items.map((item, j) => ({ item, j, id: childId(blocId, letter, j), order: orders[j] ?? "a0" }));
  };
  const base = { parent: blocId, body: [], links: {} };

  const activities = place("a", competencies.activities);
  for (const { item, j, id, order } of activities) {
    nodes.push({
      ...base,
      id,
      kind: "activity",
      order,
      pinnedCode: pinned(item.code, `A${b}.${j + 1}`),
      title: item.lines[0] ?? "",
      body: linesToRich(item.lines.slice(1)),
    } satisfies NodeOfKind<"activity">);
  }

  const competencyNodes = place("c", competencies.competencies);
  for (const { item, j, id, order } of competencyNodes) {
    const activity = item.activity === null ? undefined : activities[item.activity]?.id;
    nodes.push({
      ...base,
      id,
      kind: "competency",
      order,
      pinnedCode: pinned(item.code, `C${b}.${j + 1}`),
      title: "",
      body: linesToRich(item.lines),
      links: { activities: activity ? [activity] : [] },
    } satisfies NodeOfKind<"competency">);
  }
  const competencyIds = competencyNodes.map((c) => c.id);
  const idsOf = (indexes: number[]) => indexes.map((i) => competencyIds[i] ?? "").sort();

  const modalityNodes = place("m", modalities.modalities);
  for (const { item, id, order } of modalityNodes) {
    nodes.push({
      ...base,
      id,
      kind: "modality",
      order,
      pinnedCode: null,
      title: item.title,
      body: linesToRich(item.body),
      links: { covers: idsOf(item.covers) },
      modalityType: item.modalityType,
      grouping: null,
      duration: item.duration,
    } satisfies ModalityNode);
  }

  const criterionNodes = place("k", modalities.criteria);
  for (const { item, id, order } of criterionNodes) {
    nodes.push({
      ...base,
      id,
      kind: "criterion",
      order,
      pinnedCode: null,
      title: "",
      body: linesToRich(item.lines),
      links: { evaluates: idsOf(item.evaluates) },
    } satisfies NodeOfKind<"criterion">);
  }

  nodes.push({
    id: blocId,
    kind: "bloc",
    parent: null,
    order,
    pinnedCode: blocCode,
    title: oneLine(bloc.title),
    body: linesToRich([...competencies.preamble, ...modalities.preamble]),
    links: {},
    prerequis: bloc.validationPrerequisites.trim(),
    prerequisEntree: bloc.entryPrerequisites.trim(),
  } satisfies BlocNode);

  const nodeIdsByKind: Record<SplitFlag["kind"], string[]> = {
    competency: competencyIds,
    modality: modalityNodes.map((m) => m.id),
    criterion: criterionNodes.map((c) => c.id),
  };
  const report = (field: ImportFlag["field"]) => (f: SplitFlag) => {
    const nodeId = nodeIdsByKind[f.kind][f.index] ?? blocId;
    flags.push({ nodeId, blocCode, field, reason: f.reason });
  };
  competencies.flags.forEach(report("LISTE_COMPETENCES"));
  modalities.flags.forEach(report("MODALITES_EVALUATION"));
  if (competencies.competencies.length === 0) {
    flags.push({
      nodeId: blocId,
      blocCode,
      field: "LISTE_COMPETENCES",
      reason: "Le flux ne donne aucune compétence pour ce bloc.",
    });
  }
  if (modalities.modalities.length === 0) {
    flags.push({
      nodeId: blocId,
      blocCode,
      field: "MODALITES_EVALUATION",
      reason: "Le flux ne donne aucune modalité d'évaluation pour ce bloc.",
    });
  }
}
