import type { Node } from "../model.ts";
import type { Facts } from "./facts.ts";
import { capitalize, nameOf } from "./names.ts";
import type { Finding, Message, RuleTable } from "./rule.ts";

/**
 * Wording rules (warnings): a competency reads « verbe à l'infinitif … afin de … », a criterion
 * describes something an assessor can observe.
 */

export const WORDING_RULES = {
  "competency.verb": {
    severity: "warning",
    summary: {
      fr: "Une compétence commence par un verbe d'action à l'infinitif et précise sa finalité (afin de, pour, en vue de).",
      en: "A competency starts with an infinitive action verb and states its purpose (afin de, pour, en vue de).",
    },
  },
  "criterion.observable": {
    severity: "warning",
    summary: {
      fr: "Un critère évite les verbes non observables (connaître, comprendre, savoir, maîtriser).",
      en: "A criterion avoids non-observable verbs (connaître, comprendre, savoir, maîtriser).",
    },
  },
} as const satisfies RuleTable<"competency.verb" | "criterion.observable">;

/** Bullets, quotes and a leading code (« C1.1 », « A1C1. », « 2) ») that imported statements carry. */
const LEADING_NOISE =
  /^(?:[\s\-–—•·*▪◦‣►>"'«»“”‘’()]+|(?:(?:[A-Z]{1,3}\d+)+(?:[.-]\d+)*|\d+(?:\.\d+)*)[.):–-]?\s+)+/u;
/** The first word, after an optional pronominal « s' » / « se ». */
const FIRST_WORD = /^(?:s['’]|se\s+)?(\p{L}+(?:-\p{L}+)*)/iu;
/** French infinitives end in -er, -ir (including -oir) or -re. */
const INFINITIVE = /(?:er|ir|re)$/u;
/** Frequent first words with an infinitive-like ending that are not verbs. */
const NOT_VERBS = new Set([
  "autre",
  "cadre",
  "centre",
  "contre",
  "dernier",
  "dossier",
  "entre",
  "lettre",
  "membre",
  "métier",
  "nombre",
  "notre",
  "offre",
  "ordre",
  "premier",
  "titre",
  "votre",
]);
const PURPOSE =
  /(?<!\p{L})(?:afin\s+de(?!\p{L})|afin\s+d['’]|pour(?!\p{L})|en\s+vue\s+de(?!\p{L})|en\s+vue\s+d['’])/iu;

/**
 * Forms of connaître, comprendre, savoir and maîtriser (with or without circumflex). « y compris »
 * (including) and the nouns « savoir-faire », « savoir-être » are not the verbs.
 */
const NOT_OBSERVABLE = new RegExp(
  [
    "conna[iî](?:t|tre|tra|tront|trait|s|ssons|ssez|ssent|ssait|ssaient|ssant)",
    "connu(?:e|s|es)?",
    "compren(?:d|ds|dre|dra|dront|drait|ons|ez|nent|ait|aient|ant)",
    "(?<!(?:^|[^\\p{L}])y\\s+)compris(?:e|es)?",
    "sa(?:voir(?!-(?:faire|[êe]tre))|it|is|vent|vons|vez|vait|vaient|che|chent|chant|ura|uront|urait)",
    "ma[iî]tris(?:e|es|er|é|ée|és|ées|ent|ons|ez|ait|aient|ant|era|eront|erait)",
  ]
    .map((form) => `(?<!\\p{L})(?:${form})(?!\\p{L})`)
    .join("|"),
  "giu",
);

const PURPOSES_FR = "« afin de », « pour » ou « en vue de »";

const MESSAGES = {
  empty: (who: Message): Message => ({
    fr: `${capitalize(who.fr)} n'a pas d'énoncé : commencez par un verbe d'action à l'infinitif et précisez la finalité.`,
    en: `${capitalize(who.en)} has no statement: start with an infinitive action verb and state the purpose.`,
  }),
  verb: (who: Message, first: string): Message => ({
    fr: `${capitalize(who.fr)} ne commence pas par un verbe d'action à l'infinitif (« ${first} »).`,
    en: `${capitalize(who.en)} does not start with an infinitive action verb ("${first}").`,
  }),
  purpose: (who: Message): Message => ({
    fr: `${capitalize(who.fr)} ne précise pas sa finalité (${PURPOSES_FR}).`,
    en: `${capitalize(who.en)} does not state its purpose ("afin de", "pour" or "en vue de").`,
  }),
  observable: (who: Message, words: string[]): Message => {
    const list = words.map((w) => `« ${w} »`).join(", ");
    const listEn = words.map((w) => `"${w}"`).join(", ");
    return {
      fr: `${capitalize(who.fr)} emploie ${list} : un verbe non observable. Décrivez ce que l'évaluateur constate (identifie, réalise, justifie…).`,
      en: `${capitalize(who.en)} uses ${listEn}: a non-observable verb. Describe what the assessor can see (identifies, carries out, justifies…).`,
    };
  },
};

/** The first word of a statement when it is not an infinitive, "" for an empty statement, null when fine. */
function nonInfinitiveStart(statement: string): string | null {
  const text = statement.replace(LEADING_NOISE, "");
  const word = FIRST_WORD.exec(text)?.[1];
  if (!word) return text.trim() === "" ? "" : text.trim().split(/\s+/u)[0]!;
  const lower = word.toLowerCase();
  return INFINITIVE.test(lower) && !NOT_VERBS.has(lower) ? null : word;
}

function statesPurpose(statement: string): boolean {
  return PURPOSE.test(statement);
}

/** Distinct non-observable verb forms used, lowercased, in order of appearance. */
function nonObservableVerbs(statement: string): string[] {
  return [...new Set([...statement.matchAll(NOT_OBSERVABLE)].map((m) => m[0].toLowerCase()))];
}

/** competency.verb or criterion.observable for one placed node. */
export function checkWording(facts: Facts, node: Node): Finding[] {
  const text = facts.text(node.id);
  const finding = (rule: Finding["rule"], detail: string, message: (who: Message) => Message): Finding => ({
    rule,
    nodeId: node.id,
    field: "body",
    detail,
    message: (names) => message(nameOf(names, node.id)),
  });
  if (node.kind === "competency") {
    if (text === "") return [finding("competency.verb", "empty", MESSAGES.empty)];
    const findings: Finding[] = [];
    const first = nonInfinitiveStart(text);
    if (first !== null) findings.push(finding("competency.verb", "verb", (who) => MESSAGES.verb(who, first)));
    if (!statesPurpose(text)) findings.push(finding("competency.verb", "purpose", MESSAGES.purpose));
    return findings;
  }
  if (node.kind === "criterion") {
    const words = nonObservableVerbs(text);
    if (words.length > 0) {
      return [finding("criterion.observable", "verbs", (who) => MESSAGES.observable(who, words))];
    }
  }
  return [];
}
