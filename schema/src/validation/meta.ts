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
  "meta.siret": {
    severity: "error",
    summary: {
      fr: "Le SIRET de chaque certificateur est un numéro valide (14 chiffres et clé de contrôle de Luhn).",
      en: "Each certifier's SIRET is a valid number (14 digits and a Luhn check digit).",
    },
  },
  "meta.codes": {
    severity: "error",
    summary: {
      fr: "Les codes NSF (3 chiffres et une lettre éventuelle), ROME (une lettre et 4 chiffres) et Formacode (5 chiffres) sont bien formés.",
      en: "NSF (3 digits and an optional letter), ROME (a letter and 4 digits) and Formacode (5 digits) codes are well formed.",
    },
  },
} as const satisfies RuleTable<"meta.required" | "meta.limits" | "meta.siret" | "meta.codes">;

/** The formats of the nomenclature codes a fiche carries. */
const CODE_FORMATS = {
  nsf: { pattern: /^\d{3}[a-z]?$/, fr: "code NSF", en: "NSF code", example: "310 ou 315p" },
  rome: { pattern: /^[A-N]\d{4}$/, fr: "code ROME", en: "ROME code", example: "M1705" },
  formacodes: { pattern: /^\d{5}$/, fr: "Formacode", en: "Formacode", example: "34566" },
} as const;

/**
 * Luhn's check over the 14 digits, as INSEE defines the SIRET's key. La Poste's establishments
 * (SIREN 356000000) follow another rule: their digits add up to a multiple of 5.
 */
export function isValidSiret(siret: string): boolean {
  if (!/^\d{14}$/.test(siret)) return false;
  const digits = [...siret].map(Number);
  if (siret.startsWith("356000000")) return digits.reduce((a, b) => a + b, 0) % 5 === 0;
  const sum = digits.reduce((total, digit, i) => {
    const doubled = i % 2 === 0 ? digit * 2 : digit;
    return total + (doubled > 9 ? doubled - 9 : doubled);
  }, 0);
  return sum % 10 === 0;
}

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
  siret: (name: string, siret: string): Message => ({
    fr: `Le SIRET ${siret} du certificateur « ${name} » n'est pas valide (sa clé de contrôle ne correspond pas) : vérifiez-le sur l'annuaire des entreprises.`,
    en: `SIRET ${siret} of certifier "${name}" is not valid (its check digit does not match): check it in the business directory.`,
  }),
  code: (format: (typeof CODE_FORMATS)[keyof typeof CODE_FORMATS], code: string): Message => ({
    fr: `« ${code} » n'est pas un ${format.fr} bien formé (par exemple ${format.example}).`,
    en: `"${code}" is not a well-formed ${format.en} (e.g. ${format.example.replace(" ou ", " or ")}).`,
  }),
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
  if (Array.isArray(raw.certifiers)) {
    for (const certifier of raw.certifiers as { name?: unknown; siret?: unknown }[]) {
      const siret = typeof certifier?.siret === "string" ? certifier.siret : "";
      if (!/^\d{14}$/.test(siret) || isValidSiret(siret)) continue; // a malformed one is structure.invalid
      const name = typeof certifier.name === "string" ? certifier.name : "";
      findings.push({
        rule: "meta.siret",
        nodeId: null,
        field: "meta.certifiers",
        detail: siret,
        message: () => MESSAGES.siret(name, siret),
      });
    }
  }
  for (const [field, format] of Object.entries(CODE_FORMATS)) {
    const value = raw[field];
    for (const code of Array.isArray(value) ? value : []) {
      if (typeof code !== "string" || format.pattern.test(code)) continue;
      findings.push({
        rule: "meta.codes",
        nodeId: null,
        field: `meta.${field}`,
        detail: `${field}:${code}`,
        message: () => MESSAGES.code(format, code),
      });
    }
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
