import type { Node } from "../model.ts";
import { compareOrder } from "../outline.ts";
import type { Facts } from "./facts.ts";
import { capitalize, codeOf, enList, frList, nameOf } from "./names.ts";
import type { Finding, Message, Names, RuleTable } from "./rule.ts";

/** The same competency statement must not appear in two blocs. */

export const DUPLICATE_RULES = {
  "competency.duplicate": {
    severity: "error",
    summary: {
      fr: "Un même énoncé de compétence n'apparaît pas dans deux blocs.",
      en: "The same competency statement does not appear in two blocs.",
    },
  },
  "criterion.duplicate": {
    severity: "warning",
    summary: {
      fr: "Un même critère n'est pas écrit deux fois pour une même compétence.",
      en: "The same criterion is not written twice for one competency.",
    },
  },
} as const satisfies RuleTable<"competency.duplicate" | "criterion.duplicate">;

/**
 * The text compared: whitespace runs and final punctuation folded; case and accents kept
 * (« Gérer » and « gérer » stay distinct, as the brief for this rule asks).
 */
export function normalizeStatement(text: string): string {
  return text
    .replace(/\s+/gu, " ")
    .trim()
    .replace(/[\s.,;:!?…]+$/u, "");
}

const MESSAGES = {
  criterionTwin: (names: Names, id: string, twin: string, competency: string): Message => {
    const who = nameOf(names, id);
    const other = codeOf(names, twin);
    const target = codeOf(names, competency);
    return {
      fr: `${capitalize(who.fr)} répète le critère ${other.fr} pour la compétence ${target.fr} : supprimez le doublon ou précisez ce qu'il observe.`,
      en: `${capitalize(who.en)} repeats criterion ${other.en} for competency ${target.en}: delete the duplicate or say what it observes.`,
    };
  },
  duplicate: (names: Names, id: string, twins: string[]): Message => {
    const others = twins.map((twin) => {
      const node = names.node(twin);
      const bloc = node?.parent ? (names.code(node.parent) ?? node.parent) : "?";
      const code = names.code(twin) ?? twin;
      return { code, text: `${code} (bloc ${bloc})` };
    });
    others.sort((a, b) => a.code.localeCompare(b.code, "fr", { numeric: true }));
    const who = nameOf(names, id);
    return {
      fr: `${capitalize(who.fr)} reprend mot pour mot l'énoncé de ${frList(others.map((o) => o.text))}.`,
      en: `${capitalize(who.en)} repeats word for word the statement of ${enList(others.map((o) => o.text))}.`,
    };
  },
};

/**
 * criterion.duplicate: among the criteria of one statement key, each one that repeats an earlier
 * criterion (in the bloc's order) evaluating one of the same competencies.
 */
export function checkCriterionDuplicates(facts: Facts, key: string): Finding[] {
  const members = [...facts.withNorm(key)]
    .map((id) => facts.nodes.get(id))
    .filter((node): node is Node => node !== undefined && facts.blocOf(node) !== undefined)
    .sort(compareOrder);
  const findings: Finding[] = [];
  members.forEach((node, i) => {
    const targets = new Set(node.links.evaluates ?? []);
    for (const earlier of members.slice(0, i)) {
      if (earlier.parent !== node.parent) continue;
      const shared = (earlier.links.evaluates ?? []).find((target) => targets.has(target));
      if (shared === undefined) continue;
      findings.push({
        rule: "criterion.duplicate",
        nodeId: node.id,
        field: "body",
        message: (names) => MESSAGES.criterionTwin(names, node.id, earlier.id, shared),
      });
      return;
    }
  });
  return findings;
}

/** competency.duplicate for every placed competency whose normalized statement is `norm`. */
export function checkDuplicates(facts: Facts, norm: string): Finding[] {
  const members: { id: string; bloc: string }[] = [];
  for (const id of facts.withNorm(norm)) {
    const node = facts.nodes.get(id);
    const bloc = node && facts.blocOf(node);
    if (bloc !== undefined) members.push({ id, bloc });
  }
  if (new Set(members.map((m) => m.bloc)).size < 2) return [];
  return members.map(({ id, bloc }) => {
    const twins = members
      .filter((m) => m.bloc !== bloc)
      .map((m) => m.id)
      .sort();
    return {
      rule: "competency.duplicate",
      nodeId: id,
      field: "body",
      message: (names) => MESSAGES.duplicate(names, id, twins),
    };
  });
}
