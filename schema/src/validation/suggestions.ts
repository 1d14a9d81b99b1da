import * as Y from "yjs";
import { SUGGESTION_KEYS, suggestionsMap } from "../layout.ts";
import type { Facts } from "./facts.ts";
import { codeOf, excerpt, nameOf } from "./names.ts";
import type { Finding, Message, Names, RuleTable } from "./rule.ts";

/**
 * Suggested edits still waiting for a decision: a validated snapshot taken while some are open
 * would leave a reviewer's proposal unanswered, so each one is a reminder (a warning: it does not
 * block the export). Suggestions live beside the content, not in the projection: only documents
 * (`validateDoc`, `LiveValidator`) have them.
 */

export const SUGGESTION_RULES = {
  "suggestions.open": {
    severity: "warning",
    summary: {
      fr: "Aucune suggestion de modification n'attend de décision.",
      en: "No suggested edit is awaiting a decision.",
    },
  },
} as const satisfies RuleTable<"suggestions.open">;

/** What the rule reads of a suggestion: independent of the text, so typing never re-checks it. */
export type SuggestionFact = {
  node: string;
  field?: "title" | "body";
  status: string;
  text: string;
  original: string;
};

/** The fact of one stored suggestion, or undefined when it is gone or not readable. */
export function readSuggestionFact(doc: Y.Doc, id: string): SuggestionFact | undefined {
  const map = suggestionsMap(doc).get(id);
  if (!(map instanceof Y.Map)) return undefined;
  const anchor = map.get(SUGGESTION_KEYS.anchor) as { node?: unknown; field?: unknown } | undefined;
  if (typeof anchor?.node !== "string") return undefined;
  const string = (key: string) => {
    const value = map.get(key);
    return typeof value === "string" ? value : "";
  };
  const fact: SuggestionFact = {
    node: anchor.node,
    status: string(SUGGESTION_KEYS.status),
    text: string(SUGGESTION_KEYS.text),
    original: string(SUGGESTION_KEYS.original),
  };
  if (anchor.field === "title" || anchor.field === "body") fact.field = anchor.field;
  return fact;
}

const MESSAGES = {
  open: (names: Names, fact: SuggestionFact): Message => {
    const on = names.code(fact.node) ? nameOf(names, fact.node) : codeOf(names, fact.node);
    const proposed = excerpt(fact.text, 60);
    const removed = excerpt(fact.original, 60);
    const what = proposed
      ? { fr: ` : « ${proposed} »`, en: `: "${proposed}"` }
      : removed
        ? { fr: ` : supprimer « ${removed} »`, en: `: delete "${removed}"` }
        : { fr: "", en: "" };
    return {
      fr: `Une suggestion attend une décision sur ${on.fr}${what.fr}.`,
      en: `A suggested edit awaits a decision on ${on.en}${what.en}.`,
    };
  },
};

/** suggestions.open of one suggestion. */
export function checkSuggestion(facts: Facts, id: string): Finding[] {
  const fact = facts.suggestions.get(id);
  if (fact?.status !== "open") return [];
  const finding: Finding = {
    rule: "suggestions.open",
    nodeId: fact.node,
    detail: id,
    message: (names) => MESSAGES.open(names, fact),
  };
  if (fact.field) finding.field = fact.field;
  return [finding];
}
