import { LINK_NAMES, LINK_RULES, type Node } from "../model.ts";
import type { Facts } from "./facts.ts";
import { agree, capitalize, codeOf, nameOf } from "./names.ts";
import type { Finding, Message, RuleTable } from "./rule.ts";

/**
 * A bloc is evaluated and certified on its own: what a bloc's item points at (a competency's
 * activities, a modality's or a criterion's competencies) sits in the same bloc. Links cross
 * blocs when an item is moved to another bloc and its links stay behind.
 */

export const BLOC_LINK_RULES = {
  "link.bloc": {
    // A warning: a team reorganising its blocs passes through such states; the message says what to fix.
    severity: "warning",
    summary: {
      fr: "Les liens d'un élément de bloc restent dans son bloc (une compétence, une modalité ou un critère ne vise pas un autre bloc).",
      en: "An item of a bloc links only within its bloc (a competency, modality or criterion does not point into another bloc).",
    },
  },
} as const satisfies RuleTable<"link.bloc">;

const MESSAGES = {
  crosses: (who: Message, kind: Node["kind"], target: Message, bloc: Message): Message => ({
    fr: `${capitalize(who.fr)} est ${agree(kind, "relié")} à ${target.fr}, qui appartient au bloc ${bloc.fr} : déplacez l'un des deux ou retirez le lien.`,
    en: `${capitalize(who.en)} is linked to ${target.en}, which belongs to bloc ${bloc.en}: move one of them or remove the link.`,
  }),
};

/** link.bloc for one placed item of a bloc: one finding per target sitting in another bloc. */
export function checkBlocLinks(facts: Facts, node: Node): Finding[] {
  const bloc = facts.blocOf(node);
  if (bloc === undefined || node.kind === "bloc") return [];
  const findings: Finding[] = [];
  for (const name of LINK_NAMES) {
    if (LINK_RULES[name].from !== node.kind) continue;
    for (const target of node.links[name] ?? []) {
      const other = facts.nodes.get(target);
      const otherBloc = other && facts.blocOf(other);
      if (otherBloc === undefined || otherBloc === bloc) continue;
      findings.push({
        rule: "link.bloc",
        nodeId: node.id,
        detail: target,
        message: (names) =>
          MESSAGES.crosses(
            nameOf(names, node.id),
            node.kind,
            nameOf(names, target),
            codeOf(names, otherBloc),
          ),
      });
    }
  }
  return findings;
}
