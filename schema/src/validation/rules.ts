import { BLOC_LINK_RULES, checkBlocLinks } from "./blocLinks.ts";
import { BLOC_RULES, checkBloc, checkBlocMin } from "./blocs.ts";
import { CODE_RULES, checkCodes } from "./codes.ts";
import { COMMENT_RULES, checkThread } from "./comments.ts";
import { COVERAGE_RULES, checkCoverage } from "./coverage.ts";
import { checkCriterionDuplicates, checkDuplicates, DUPLICATE_RULES } from "./duplicates.ts";
import type { Facts } from "./facts.ts";
import type { RuleId } from "./issue.ts";
import { checkMeta, META_RULES } from "./meta.ts";
import type { Finding, RuleSpec } from "./rule.ts";
import { checkLinks, checkOrder, checkPlacement, checkSize, STRUCTURE_RULES } from "./structure.ts";
import { checkSuggestion, SUGGESTION_RULES } from "./suggestions.ts";
import { checkWording, WORDING_RULES } from "./wording.ts";

/** Every rule with its severity and what it demands (DESIGN §5): the UI lists them from here. */
export const VALIDATION_RULES = {
  ...STRUCTURE_RULES,
  ...BLOC_RULES,
  ...COVERAGE_RULES,
  ...CODE_RULES,
  ...DUPLICATE_RULES,
  ...BLOC_LINK_RULES,
  ...META_RULES,
  ...WORDING_RULES,
  ...COMMENT_RULES,
  ...SUGGESTION_RULES,
} as const satisfies Record<RuleId, RuleSpec>;

/**
 * A scope is a unit of re-checking: the findings of one node, one bloc, one duplicate group,
 * one thread or suggestion, or one référentiel-wide check. `validate` checks every scope; `LiveValidator`
 * re-checks only the scopes a transaction can affect.
 */
export const Scope = {
  node: (id: string) => `node:${id}`,
  bloc: (id: string) => `bloc:${id}`,
  statement: (norm: string) => `statement:${norm}`,
  thread: (id: string) => `thread:${id}`,
  suggestion: (id: string) => `suggestion:${id}`,
  meta: "meta",
  codes: "codes",
  blocs: "blocs",
  size: "size",
} as const;

/** Node-local findings: its shape, placement and links; coverage and wording once it is placed. */
function checkNode(facts: Facts, id: string): Finding[] {
  const problems = facts.problems.get(id) ?? [];
  const node = facts.nodes.get(id);
  if (!node) return [...problems];
  const findings = [
    ...problems,
    ...checkOrder(node),
    ...checkPlacement(facts, node),
    ...checkLinks(facts, node),
  ];
  if (facts.isPlaced(node)) {
    findings.push(
      ...checkCoverage(facts, node),
      ...checkWording(facts, node),
      ...checkBlocLinks(facts, node),
    );
  }
  return findings;
}

export function checkScope(facts: Facts, scope: string): Finding[] {
  const colon = scope.indexOf(":");
  const arg = scope.slice(colon + 1);
  switch (colon < 0 ? scope : scope.slice(0, colon)) {
    case "node":
      return checkNode(facts, arg);
    case "bloc":
      return checkBloc(facts, arg);
    case "statement":
      return arg.startsWith("criterion:")
        ? checkCriterionDuplicates(facts, arg)
        : checkDuplicates(facts, arg);
    case "thread":
      return checkThread(facts, arg);
    case "suggestion":
      return checkSuggestion(facts, arg);
    case Scope.meta:
      return checkMeta(facts);
    case Scope.codes:
      return checkCodes(facts);
    case Scope.blocs:
      return checkBlocMin(facts);
    case Scope.size:
      return checkSize(facts);
    default:
      throw new Error(`Unknown validation scope: ${scope}`);
  }
}

export function allScopes(facts: Facts): string[] {
  const scopes: string[] = [Scope.meta, Scope.codes, Scope.blocs, Scope.size];
  for (const id of facts.known) scopes.push(Scope.node(id));
  for (const node of facts.nodes.values()) if (node.kind === "bloc") scopes.push(Scope.bloc(node.id));
  for (const norm of facts.norms()) scopes.push(Scope.statement(norm));
  for (const id of facts.threads.keys()) scopes.push(Scope.thread(id));
  for (const id of facts.suggestions.keys()) scopes.push(Scope.suggestion(id));
  return scopes;
}
