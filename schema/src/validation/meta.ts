import { LIMITS, Meta } from "../model.ts";
import type { Facts } from "./facts.ts";
import type { Finding, Message, RuleTable } from "./rule.ts";
import { checkShape } from "./shape.ts";

/** The fiche's metadata: what an export needs, within France Compétences' limits. */

export const META_RULES = {
  "meta.required": {
    severity: "error",
    summary: {
      fr: "Le titre, le niveau et au moins un certificateur sont renseignés (requis pour l'export).",
      en: "Title, level and at least one certifier are filled in (required for export).",
    },
  },
  "meta.limits": {
    severity: "error",
    summary: {
      fr: `Titre d'au plus ${LIMITS.titleChars} caractères, au plus ${LIMITS.nsf} codes NSF, ${LIMITS.rome} codes ROME et ${LIMITS.formacodes} Formacodes.`,
      en: `Title of at most ${LIMITS.titleChars} characters, at most ${LIMITS.nsf} NSF, ${LIMITS.rome} ROME and ${LIMITS.formacodes} Formacode codes.`,
    },
  },
} as const satisfies RuleTable<"meta.required" | "meta.limits">;

const REQUIRED = {
  title: {
    fr: "Le titre de la certification est obligatoire.",
    en: "The certification's title is required.",
  },
  level: {
    fr: "Le niveau de la certification (NIV3 à NIV8) est obligatoire.",
    en: "The certification's level (NIV3 to NIV8) is required.",
  },
  certifiers: {
    fr: "Au moins un certificateur doit être renseigné avant l'export.",
    en: "At least one certifier must be filled in before export.",
  },
} satisfies Record<string, Message>;

const LISTS = {
  nsf: { max: LIMITS.nsf, fr: "codes NSF", en: "NSF codes" },
  rome: { max: LIMITS.rome, fr: "codes ROME", en: "ROME codes" },
  formacodes: { max: LIMITS.formacodes, fr: "Formacodes", en: "Formacodes" },
};

const MESSAGES = {
  titleTooLong: (length: number): Message => ({
    fr: `Le titre de la certification compte ${length} caractères : au plus ${LIMITS.titleChars}.`,
    en: `The certification's title has ${length} characters: at most ${LIMITS.titleChars}.`,
  }),
  tooMany: (list: (typeof LISTS)[keyof typeof LISTS], count: number): Message => ({
    fr: `${count} ${list.fr} sont renseignés : au plus ${list.max}.`,
    en: `${count} ${list.en} are filled in: at most ${list.max}.`,
  }),
  who: { fr: "les métadonnées", en: "the metadata" },
};

/** structure.invalid of the meta, meta.required and meta.limits. Reads the raw meta defensively. */
export function checkMeta(facts: Facts): Finding[] {
  const raw = (facts.meta ?? {}) as Record<string, unknown>;
  const findings = checkShape(Meta, facts.meta, {
    nodeId: null,
    keyPrefix: "meta",
    fieldPrefix: "meta.",
    who: () => MESSAGES.who,
  }).findings;
  const title = typeof raw.title === "string" ? raw.title : "";
  const required = (field: keyof typeof REQUIRED, missing: boolean) => {
    if (missing) {
      findings.push({
        rule: "meta.required",
        nodeId: null,
        field: `meta.${field}`,
        detail: field,
        message: () => REQUIRED[field],
      });
    }
  };
  required("title", title.trim() === "");
  required("level", typeof raw.level !== "string" || raw.level === "");
  required("certifiers", !Array.isArray(raw.certifiers) || raw.certifiers.length === 0);
  if (title.length > LIMITS.titleChars) {
    findings.push({
      rule: "meta.limits",
      nodeId: null,
      field: "meta.title",
      detail: "title",
      message: () => MESSAGES.titleTooLong(title.length),
    });
  }
  for (const [field, list] of Object.entries(LISTS)) {
    const value = raw[field];
    const count = Array.isArray(value) ? value.length : 0;
    if (count > list.max) {
      findings.push({
        rule: "meta.limits",
        nodeId: null,
        field: `meta.${field}`,
        detail: field,
        message: () => MESSAGES.tooMany(list, count),
      });
    }
  }
  return findings;
}
