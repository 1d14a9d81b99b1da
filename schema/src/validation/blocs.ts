import type { Facts } from "./facts.ts";
import { capitalize, nameOf } from "./names.ts";
import type { Finding, Message, RuleTable } from "./rule.ts";

/** Rules on the blocs: there is one, and each has enough competencies and an evaluation modality. */

export const BLOC_RULES = {
  "bloc.min": {
    severity: "error",
    summary: { fr: "Le référentiel a au moins un bloc.", en: "The référentiel has at least one bloc." },
  },
  "bloc.competencies": {
    severity: "error",
    summary: {
      fr: "Chaque bloc a au moins deux compétences.",
      en: "Every bloc has at least two competencies.",
    },
  },
  "bloc.modality": {
    severity: "error",
    summary: {
      fr: "Chaque bloc a au moins une modalité d'évaluation (la sienne ou une modalité transversale qui le couvre).",
      en: "Every bloc has at least one evaluation modality (its own or a transversal one covering it).",
    },
  },
  "bloc.evaluable": {
    severity: "warning",
    summary: {
      fr: "Chaque bloc peut être évalué seul : il a au moins une modalité d'évaluation qui lui est propre (une modalité transversale ne suffit pas).",
      en: "Every bloc can be assessed on its own: it has at least one evaluation modality of its own (a transversal one is not enough).",
    },
  },
} as const satisfies RuleTable<"bloc.min" | "bloc.competencies" | "bloc.modality" | "bloc.evaluable">;

const MIN_COMPETENCIES = 2;

const MESSAGES = {
  noBloc: (): Message => ({
    fr: "Le référentiel ne contient aucun bloc de compétences.",
    en: "The référentiel has no bloc of competencies.",
  }),
  fewCompetencies: (bloc: Message, count: number): Message => ({
    fr: `${capitalize(bloc.fr)} ${
      count === 0 ? "ne contient aucune compétence" : "ne contient qu'une compétence"
    } : il en faut au moins deux.`,
    en: `${capitalize(bloc.en)} has ${count === 0 ? "no competency" : "only one competency"}: it needs at least two.`,
  }),
  onlyTransversal: (bloc: Message): Message => ({
    fr: `${capitalize(bloc.fr)} n'est évalué que par une modalité transversale : un bloc se valide seul, donnez-lui une modalité qui lui est propre.`,
    en: `${capitalize(bloc.en)} is only assessed by a transversal modality: a bloc is validated on its own, give it a modality of its own.`,
  }),
  noModality: (bloc: Message): Message => ({
    fr: `${capitalize(bloc.fr)} n'a aucune modalité d'évaluation : ajoutez-en une au bloc, ou une modalité transversale qui couvre l'une de ses compétences.`,
    en: `${capitalize(bloc.en)} has no evaluation modality: add one to the bloc, or a transversal modality covering one of its competencies.`,
  }),
};

export function checkBlocMin(facts: Facts): Finding[] {
  for (const node of facts.nodes.values()) if (node.kind === "bloc") return [];
  return [{ rule: "bloc.min", nodeId: null, message: MESSAGES.noBloc }];
}

/** bloc.competencies and bloc.modality for one bloc. */
export function checkBloc(facts: Facts, blocId: string): Finding[] {
  if (facts.nodes.get(blocId)?.kind !== "bloc") return [];
  const competencies: string[] = [];
  let ownModality = false;
  for (const child of facts.children(blocId)) {
    const kind = facts.nodes.get(child)?.kind;
    if (kind === "competency") competencies.push(child);
    else if (kind === "modality") ownModality = true;
  }
  const findings: Finding[] = [];
  const count = competencies.length;
  if (count < MIN_COMPETENCIES) {
    findings.push({
      rule: "bloc.competencies",
      nodeId: blocId,
      message: (names) => MESSAGES.fewCompetencies(nameOf(names, blocId), count),
    });
  }
  if (!ownModality) {
    const transversal = competencies.some((c) => coveredTransversally(facts, c));
    findings.push({
      rule: transversal ? "bloc.evaluable" : "bloc.modality",
      nodeId: blocId,
      message: (names) =>
        (transversal ? MESSAGES.onlyTransversal : MESSAGES.noModality)(nameOf(names, blocId)),
    });
  }
  return findings;
}

function coveredTransversally(facts: Facts, competency: string): boolean {
  for (const source of facts.sources("covers", competency)) {
    const node = facts.nodes.get(source);
    if (node?.kind === "modality" && node.parent === null) return true;
  }
  return false;
}
