import { MODALITY_TYPE_LABELS, type Node } from "../model.ts";
import { richToPlain } from "../richtext.ts";
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
      fr: "Une compétence est un seul énoncé : un verbe d'action à l'infinitif et sa finalité (afin de, pour, en vue de).",
      en: "A competency is one statement: an infinitive action verb and its purpose (afin de, pour, en vue de).",
    },
  },
  "criterion.observable": {
    severity: "warning",
    summary: {
      fr: "Un critère décrit ce que l'évaluateur constate, sans formulation non observable (connaître, maîtriser, est capable de, de qualité…).",
      en: "A criterion describes what the assessor observes, with no non-observable wording (connaître, maîtriser, est capable de, de qualité…).",
    },
  },
  "modality.description": {
    severity: "warning",
    summary: {
      fr: "Chaque modalité d'évaluation est décrite (situation, livrable, durée), au-delà de son seul type.",
      en: "Every evaluation modality is described (situation, deliverable, duration), beyond its mere type.",
    },
  },
} as const satisfies RuleTable<"competency.verb" | "criterion.observable" | "modality.description">;

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
/**
 * Purpose markers (France compétences' FAQ on writing competencies: « pour, afin de, en vue de, à
 * l'attention de »), with « afin que », « à des fins de » and the like that state a purpose too.
 */
const PURPOSE = new RegExp(
  [
    "afin\\s+(?:de|que)(?!\\p{L})",
    "afin\\s+(?:d|qu)['’]",
    "pour(?!\\p{L})",
    "en\\s+vue\\s+(?:de(?!\\p{L})|d['’])",
    "(?:à|a)\\s+des\\s+fins\\s+(?:de(?!\\p{L})|d['’])",
    "(?:à|a)\\s+l['’]attention\\s+(?:de(?!\\p{L})|d['’]|des(?!\\p{L}))",
    "dans\\s+le\\s+but\\s+(?:de(?!\\p{L})|d['’])",
    "de\\s+(?:manière|façon|sorte)\\s+(?:à|que|qu['’])",
  ]
    .map((form) => `(?<!\\p{L})${form}`)
    .join("|"),
  "iu",
);

/**
 * A second infinitive written with a capital inside the statement, after a lower-case word or a
 * full stop (« …l'équipe artistique Participer à… »): two competencies run together into one.
 */
const JOINED_VERB = /(?:(\p{Ll}+)[,]?\s+|[.;]\s+)(\p{Lu}\p{Ll}+(?:er|ir|re))(?=\s+\p{Ll})/gu;
/** Words after which a capitalised word is a name or a title (« le Manager », « de la Direction »), not a verb. */
const BEFORE_NAMES = new Set(
  "le la les l un une des du de d au aux en et ou son sa ses leur leurs ce cet cette ces notre nos votre vos avec par sur dans chez entre vers".split(
    " ",
  ),
);

/** A non-observable formulation: the words it matches and why an assessor cannot see it. */
type Vague = { pattern: string; reason: Message };

const INNER_STATE: Message = {
  fr: "décrit un état intérieur du candidat, que l'évaluateur ne voit pas",
  en: "describes an inner state of the candidate, which the assessor cannot see",
};
const NO_THRESHOLD: Message = {
  fr: "juge sans dire à quoi l'évaluateur le constate",
  en: "judges without saying how the assessor can tell",
};

/**
 * Non-observable formulations (France compétences, « Préconisations relatives à l'évaluation des
 * compétences professionnelles », 2021: a criterion states what the assessor observes). Forms of
 * connaître, comprendre, savoir and maîtriser (with or without circumflex) — not « y compris »
 * nor the nouns « savoir-faire », « savoir-être » — then capacities, awareness and judgements.
 */
const VAGUE: Vague[] = [
  {
    pattern:
      "conna[iî](?:t|tre|tra|tront|trait|s|ssons|ssez|ssent|ssait|ssaient|ssant)|connu(?:e|s|es)?|connaissances?",
    reason: INNER_STATE,
  },
  {
    pattern:
      "compren(?:d|ds|dre|dra|dront|drait|ons|ez|nent|ait|aient|ant)|(?<!(?:^|[^\\p{L}])y\\s+)compris(?:e|es)?",
    reason: INNER_STATE,
  },
  {
    pattern:
      "sa(?:voir(?!-(?:faire|[êe]tre))|it|is|vent|vons|vez|vait|vaient|che|chent|chant|ura|uront|urait)",
    reason: INNER_STATE,
  },
  {
    pattern: "ma[iî]tris(?:e|es|er|é|ée|és|ées|ent|ons|ez|ait|aient|ant|era|eront|erait)",
    reason: {
      fr: "affirme un résultat sans dire ce qui le montre",
      en: "asserts a result without saying what shows it",
    },
  },
  {
    pattern: "(?:est|sont|être|soit|sera)\\s+capables?\\s+(?:de|d['’])|capacité\\s+(?:à|de|d['’])",
    reason: {
      fr: "dit qu'une capacité existe, pas ce que l'évaluateur constate",
      en: "says a capacity exists, not what the assessor observes",
    },
  },
  {
    pattern:
      "(?:a|ont|avoir|prend|prendre|prennent)\\s+conscience|conscient(?:e|s|es)?|sensibilis(?:é|ée|és|ées|er)",
    reason: INNER_STATE,
  },
  {
    pattern:
      "appréhend(?:e|es|er|é|ée|és|ées|ent|ant)|assimil(?:e|es|er|é|ée|és|ées|ent)|familiaris(?:é|ée|és|ées|er)",
    reason: {
      fr: "verbe flou : il ne dit pas quelle action est attendue",
      en: "vague verb: it does not say which action is expected",
    },
  },
  { pattern: "de\\s+qualité|avec\\s+aisance|de\\s+manière\\s+satisfaisante", reason: NO_THRESHOLD },
  { pattern: "bonnes?\\s+(?:ma[iî]trise|connaissance|compréhension|capacité)s?", reason: INNER_STATE },
];
const VAGUE_PATTERNS = VAGUE.map((entry) => new RegExp(`(?<!\\p{L})(?:${entry.pattern})(?!\\p{L})`, "giu"));

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
  joined: (who: Message, verbs: string[]): Message => ({
    fr: `${capitalize(who.fr)} enchaîne plusieurs énoncés (${verbs.map((v) => `« ${v} »`).join(", ")}) : séparez-les en compétences distinctes.`,
    en: `${capitalize(who.en)} runs several statements together (${verbs.map((v) => `"${v}"`).join(", ")}): split them into separate competencies.`,
  }),
  observable: (who: Message, found: { words: string; reason: Message }[]): Message => ({
    fr: `${capitalize(who.fr)} n'est pas observable : ${found.map((f) => `« ${f.words} » ${f.reason.fr}`).join(" ; ")}. Décrivez ce que l'évaluateur constate (identifie, réalise, justifie…).`,
    en: `${capitalize(who.en)} is not observable: ${found.map((f) => `"${f.words}" ${f.reason.en}`).join("; ")}. Describe what the assessor can see (identifies, carries out, justifies…).`,
  }),
  noDescription: (who: Message): Message => ({
    fr: `${capitalize(who.fr)} n'est pas décrite : dites ce que le candidat produit ou réalise, dans quelle situation et devant qui.`,
    en: `${capitalize(who.en)} has no description: say what the candidate produces or does, in which situation and before whom.`,
  }),
  restates: (who: Message): Message => ({
    fr: `${capitalize(who.fr)} ne fait que répéter son type : décrivez la situation d'évaluation, le livrable et la durée.`,
    en: `${capitalize(who.en)} only restates its type: describe the assessment situation, the deliverable and the duration.`,
  }),
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

/** Distinct non-observable formulations used, lowercased, in order of appearance, each with its reason. */
export function vagueWords(statement: string): { words: string; reason: Message }[] {
  const found = VAGUE_PATTERNS.flatMap((pattern, i) =>
    [...statement.matchAll(pattern)].map((m) => ({
      at: m.index,
      words: m[0].toLowerCase(),
      reason: VAGUE[i]!.reason,
    })),
  );
  found.sort((a, b) => a.at - b.at);
  const seen = new Set<string>();
  return found.filter((f) => !seen.has(f.words) && seen.add(f.words));
}

/** Capitalised infinitives that start a second statement inside the first. */
function joinedVerbs(statement: string): string[] {
  return [...statement.replace(LEADING_NOISE, "").matchAll(JOINED_VERB)]
    .filter((m) => !BEFORE_NAMES.has((m[1] ?? "").toLowerCase()))
    .map((m) => m[2] ?? "")
    .filter((word) => !NOT_VERBS.has(word.toLowerCase()) && !/[èê]re$/u.test(word));
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
    const joined = joinedVerbs(text);
    if (joined.length > 0)
      findings.push(finding("competency.verb", "joined", (who) => MESSAGES.joined(who, joined)));
    return findings;
  }
  if (node.kind === "criterion") {
    const found = vagueWords(text);
    if (found.length > 0) {
      return [finding("criterion.observable", "verbs", (who) => MESSAGES.observable(who, found))];
    }
  }
  if (node.kind === "modality") {
    const description = richToPlain(node.body).trim();
    if (description === "") return [finding("modality.description", "empty", MESSAGES.noDescription)];
    const restated = [node.title, node.modalityType ? MODALITY_TYPE_LABELS[node.modalityType] : ""];
    if (restated.some((label) => label && folded(label) === folded(description))) {
      return [finding("modality.description", "restates", MESSAGES.restates)];
    }
  }
  return [];
}

/** Lower case, no accents, no punctuation: « Étude de cas. » and « etude de cas » compare equal. */
function folded(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}
