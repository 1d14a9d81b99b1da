import type { z } from "zod";
import { capitalize } from "./names.ts";
import type { Finding, Message, Names } from "./rule.ts";

/**
 * The zod layer of structure validation: a projection part that does not parse becomes
 * `structure.invalid` findings, one per zod issue, with its path and a French explanation.
 */

/** Issues that leave the value's shape intact (sizes, formats, enum values): rules can still read it. */
const SHAPE_PRESERVING = new Set([
  "too_big",
  "too_small",
  "invalid_format",
  "invalid_value",
  "unrecognized_keys",
]);

export type ShapeCheck = { findings: Finding[]; usable: boolean };

/** Where a part of the référentiel failed, to build the finding's node, field, key and wording. */
type ShapeSubject = {
  nodeId: string | null;
  /** Prefix of the key's detail (e.g. "meta", "thread:abc"), to keep keys unique across parts. */
  keyPrefix?: string;
  /** How the first path segment becomes the field to focus: "" for a node's own fields, "meta." for meta, null for none. */
  fieldPrefix: string | null;
  /** Who is at fault, for the message (« la compétence C1.2 », « les métadonnées »). */
  who: (names: Names) => Message;
};

export function checkShape<T>(schema: z.ZodType<T>, value: unknown, subject: ShapeSubject): ShapeCheck {
  const result = schema.safeParse(value);
  if (result.success) return { findings: [], usable: true };
  const issues = result.error.issues;
  return {
    findings: issues.map((issue) => shapeFinding(issue, subject)),
    usable: issues.every((issue) => SHAPE_PRESERVING.has(issue.code)),
  };
}

function shapeFinding(issue: z.core.$ZodIssue, subject: ShapeSubject): Finding {
  const path = formatPath(issue.path);
  const first = issue.path[0];
  const what = describe(issue);
  const finding: Finding = {
    rule: "structure.invalid",
    nodeId: subject.nodeId,
    detail: [subject.keyPrefix, path || "(racine)", issue.code].filter(Boolean).join(":"),
    message: (names) => {
      const who = subject.who(names);
      return path
        ? {
            fr: `${capitalize(who.fr)}, champ « ${path} » : ${what.fr}.`,
            en: `${capitalize(who.en)}, field "${path}": ${what.en}.`,
          }
        : { fr: `${capitalize(who.fr)} : ${what.fr}.`, en: `${capitalize(who.en)}: ${what.en}.` };
    },
  };
  if (typeof first === "string" && subject.fieldPrefix !== null)
    finding.field = `${subject.fieldPrefix}${first}`;
  return finding;
}

function formatPath(path: PropertyKey[]): string {
  return path
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
    .join("")
    .replace(/^\./, "");
}

function describe(issue: z.core.$ZodIssue): Message {
  switch (issue.code) {
    case "too_big": {
      const max = String(issue.maximum);
      if (issue.origin === "string")
        return {
          fr: `texte trop long (au plus ${max} caractères)`,
          en: `text too long (at most ${max} characters)`,
        };
      if (issue.origin === "array")
        return { fr: `trop d'éléments (au plus ${max})`, en: `too many items (at most ${max})` };
      return { fr: `valeur trop grande (au plus ${max})`, en: `value too large (at most ${max})` };
    }
    case "too_small": {
      const min = String(issue.minimum);
      if (issue.origin === "string")
        return min === "1"
          ? { fr: "texte vide", en: "empty text" }
          : {
              fr: `texte trop court (au moins ${min} caractères)`,
              en: `text too short (at least ${min} characters)`,
            };
      if (issue.origin === "array")
        return { fr: `trop peu d'éléments (au moins ${min})`, en: `too few items (at least ${min})` };
      return { fr: `valeur trop petite (au moins ${min})`, en: `value too small (at least ${min})` };
    }
    case "invalid_format":
      // The model's regexes carry French explanations; zod's defaults start with "Invalid".
      return issue.message.startsWith("Invalid")
        ? { fr: "format invalide", en: "invalid format" }
        : { fr: `format invalide (${issue.message})`, en: "invalid format" };
    case "invalid_value": {
      const values = issue.values.map((v) => JSON.stringify(v)).join(", ");
      return { fr: `valeur non reconnue (attendu : ${values})`, en: `unknown value (expected: ${values})` };
    }
    case "invalid_type":
      return {
        fr: `type incorrect (attendu : ${issue.expected})`,
        en: `wrong type (expected: ${issue.expected})`,
      };
    case "unrecognized_keys": {
      const keys = issue.keys.join(", ");
      return { fr: `champ inconnu : ${keys}`, en: `unknown field: ${keys}` };
    }
    case "invalid_union":
      return "discriminator" in issue && issue.discriminator
        ? { fr: "type d'élément inconnu", en: "unknown item type" }
        : { fr: "valeur non reconnue", en: "unknown value" };
    default:
      return { fr: "valeur invalide", en: issue.message };
  }
}
