import type { LinkName, Node } from "../model.ts";
import { LINK_RULES } from "../model.ts";
import type { Facts } from "./facts.ts";
import { capitalize, nameOf } from "./names.ts";
import type { Finding, Message, RuleTable } from "./rule.ts";

/** Coverage rules: every competency is evaluated, every activity leads to a competency. */

export const COVERAGE_RULES = {
  "competency.evaluated": {
    severity: "error",
    summary: {
      fr: "Chaque compétence est couverte par au moins une modalité et évaluée par au moins un critère.",
      en: "Every competency is covered by at least one modality and evaluated by at least one criterion.",
    },
  },
  "activity.traced": {
    severity: "warning",
    summary: {
      fr: "Chaque activité donne lieu à au moins une compétence.",
      en: "Every activity leads to at least one competency.",
    },
  },
} as const satisfies RuleTable<"competency.evaluated" | "activity.traced">;

const MESSAGES = {
  notCovered: (who: Message): Message => ({
    fr: `${capitalize(who.fr)} n'est couverte par aucune modalité d'évaluation.`,
    en: `${capitalize(who.en)} is not covered by any evaluation modality.`,
  }),
  notEvaluated: (who: Message): Message => ({
    fr: `${capitalize(who.fr)} n'est évaluée par aucun critère.`,
    en: `${capitalize(who.en)} is not evaluated by any criterion.`,
  }),
  notTraced: (who: Message): Message => ({
    fr: `${capitalize(who.fr)} n'est reliée à aucune compétence.`,
    en: `${capitalize(who.en)} is not linked to any competency.`,
  }),
};

/** Coverage findings of one placed node. */
export function checkCoverage(facts: Facts, node: Node): Finding[] {
  const findings: Finding[] = [];
  const missing = (name: LinkName, detail: string, message: (who: Message) => Message) => {
    if (hasSource(facts, name, node.id)) return;
    findings.push({
      rule: node.kind === "activity" ? "activity.traced" : "competency.evaluated",
      nodeId: node.id,
      detail,
      message: (names) => message(nameOf(names, node.id)),
    });
  };
  if (node.kind === "competency") {
    missing("covers", "covers", MESSAGES.notCovered);
    missing("evaluates", "evaluates", MESSAGES.notEvaluated);
  } else if (node.kind === "activity") missing("activities", "activities", MESSAGES.notTraced);
  return findings;
}

/** Some node of the link's source kind holds a `name` link to `target`. */
function hasSource(facts: Facts, name: LinkName, target: string): boolean {
  for (const source of facts.sources(name, target)) {
    if (facts.nodes.get(source)?.kind === LINK_RULES[name].from) return true;
  }
  return false;
}
