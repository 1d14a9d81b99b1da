import type * as Y from "yjs";
import { suggestionsMap } from "../layout.ts";
import type { Referential } from "../model.ts";
import { toReferential } from "../projection.ts";
import { Facts } from "./facts.ts";
import type { ValidationReport } from "./issue.ts";
import { toIssue, toReport } from "./report.ts";
import type { Finding, Message } from "./rule.ts";
import { allScopes, checkScope } from "./rules.ts";
import { readSuggestionFact } from "./suggestions.ts";

/** The full check of a référentiel (DESIGN §5): structure first, then every rule. A pure function. */
export function validate(ref: Referential): ValidationReport {
  return validateWith(new Facts(), ref);
}

/** `validate` of a document's projection, with its suggested edits (which the projection leaves out). */
export function validateDoc(doc: Y.Doc): ValidationReport {
  const facts = new Facts();
  for (const id of suggestionsMap(doc).keys()) facts.setSuggestion(id, readSuggestionFact(doc, id));
  return validateWith(facts, toReferential(doc));
}

function validateWith(facts: Facts, ref: Referential): ValidationReport {
  const findings = loadFacts(facts, ref);
  if (findings === null)
    return toReport([inputFinding("root", MESSAGES.notAReferential)].map((f) => toIssue(f, facts)));
  for (const scope of allScopes(facts)) findings.push(...checkScope(facts, scope));
  return toReport(findings.map((finding) => toIssue(finding, facts)));
}

const TOP_KEYS = new Set(["meta", "nodes", "comments"]);

const MESSAGES = {
  notAReferential: {
    fr: "Le document n'est pas un référentiel : il lui faut des métadonnées, des éléments et des commentaires.",
    en: "The document is not a référentiel: it needs meta, nodes and comments.",
  },
  unknownKey: (key: string): Message => ({
    fr: `Le référentiel a un champ inconnu : « ${key} ».`,
    en: `The référentiel has an unknown field: "${key}".`,
  }),
  noId: (what: string, index: number): Message => ({
    fr: `${what === "nodes" ? "L'élément" : "Le fil de commentaires"} n° ${index + 1} n'a pas d'identifiant.`,
    en: `${what === "nodes" ? "Item" : "Comment thread"} #${index + 1} has no id.`,
  }),
  duplicateId: (what: string, id: string): Message => ({
    fr: `L'identifiant « ${id} » est utilisé par plusieurs ${what === "nodes" ? "éléments" : "fils de commentaires"}.`,
    en: `The id "${id}" is used by several ${what === "nodes" ? "items" : "comment threads"}.`,
  }),
};

function inputFinding(detail: string, message: Message, nodeId: string | null = null): Finding {
  return { rule: "structure.invalid", nodeId, detail, message: () => message };
}

/**
 * Loads a projection into facts; returns the findings about its outer shape (unknown keys,
 * missing or repeated ids), or null when it is not a référentiel at all. The checks are
 * defensive because `validate` also receives untrusted JSON.
 */
function loadFacts(facts: Facts, ref: unknown): Finding[] | null {
  if (!isRecord(ref) || !Array.isArray(ref.nodes) || !Array.isArray(ref.comments)) return null;
  const findings: Finding[] = [];
  for (const key of Object.keys(ref)) {
    if (!TOP_KEYS.has(key)) findings.push(inputFinding(`root.${key}`, MESSAGES.unknownKey(key)));
  }
  facts.setMeta(ref.meta);
  const load = (what: "nodes" | "comments", list: unknown[], set: (id: string, raw: unknown) => void) => {
    const seen = new Set<string>();
    list.forEach((raw, index) => {
      const id = isRecord(raw) && typeof raw.id === "string" ? raw.id : undefined;
      if (id === undefined) findings.push(inputFinding(`${what}[${index}]`, MESSAGES.noId(what, index)));
      else if (seen.has(id)) {
        findings.push(inputFinding(`${what}[${index}]:duplicate`, MESSAGES.duplicateId(what, id), id));
      } else {
        seen.add(id);
        set(id, raw);
      }
    });
  };
  load("nodes", ref.nodes, (id, raw) => facts.setNode(id, raw));
  load("comments", ref.comments, (id, raw) => facts.setThread(id, raw));
  return findings;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
