import type { ModalityType } from "../model.ts";
import { type CodeRef, cleanCode, namedCodes, normCode, parseHead, resolveCodes } from "./codes.ts";
import { bulletOf, splitLineGroups, splitLines, withoutBullets } from "./freeText.ts";
import { opensModality } from "./tables/textRules.ts";

/**
 * Splitting a bloc's two free texts (`LISTE_COMPETENCES`, `MODALITES_EVALUATION`) into items by
 * the conventions real certifiers use. Every line of the source ends up in exactly one item (or
 * in the bloc's preamble): nothing is dropped. What cannot be split with confidence stays whole
 * and is flagged.
 */

export type SplitFlag = {
  kind: "competency" | "modality" | "criterion";
  index: number;
  reason: string;
};

export type ActivityItem = { code: string | null; lines: string[] };
export type CompetencyItem = { code: string | null; lines: string[]; activity: number | null };

export type CompetencySplit = {
  /** Lines before the first item (an introduction): they go to the bloc's description. */
  preamble: string[];
  /** Group headings (`1.1` above `1.1.1`, short titles above detailed lines): the bloc's activities. */
  activities: ActivityItem[];
  competencies: CompetencyItem[];
  flags: SplitFlag[];
};

/** Long enough, or stating a purpose: a detailed competency rather than a group heading. */
const PURPOSE =
  /\b(?:afin\s+(?:d[e'’]|que)|dans le but|en vue d[e'’]|de (?:façon|manière|sorte) à|de telle (?:manière|sorte)|permettant d|visant à|pour (?!(?:une?|les?|la|des|l['’]|ce|cet|cette|ces|son|sa|ses|leur|leurs|tout|tous|toute|toutes)\b))/i;
const DETAILED_CHARS = 100;
const LONG_SINGLE_LINE = 600;
/** Our own export's activity codes (`A1.2`), as opposed to certifiers' `A1C2` competency codes. */
const ACTIVITY_CODE = /^A\d+\.\d+$/;

/** A sentence that ends and a capitalised infinitive that starts the next: two statements in one item? */
const JOINED = /[.;!?]\s+(\p{Lu}\p{Ll}+(?:er|ir|re))\b/u;

export function splitCompetencies(raw: string): CompetencySplit {
  const lines = splitLines(raw);
  const split = splitCompetencyLines(lines);
  split.competencies.forEach((item, index) => {
    if (split.flags.some((f) => f.index === index)) return;
    const text = item.lines.join(" ");
    const joined = JOINED.exec(text);
    if (joined) {
      split.flags.push({
        kind: "competency",
        index,
        reason:
          text.length > LONG_SINGLE_LINE && split.competencies.length === 1
            ? "Liste des compétences gardée en un seul bloc de texte : ni codes, ni puces, ni retours à la ligne pour la découper."
            : `Deux compétences semblent jointes (« … ${joined[1]} … ») : séparez-les si c'est le cas.`,
      });
    }
  });
  return split;
}

function splitCompetencyLines(lines: string[]): CompetencySplit {
  const heads = lines.map(parseHead);
  if (heads.some((h) => h.codes.length > 0)) return codedCompetencies(lines);
  if (heads.filter((h) => h.bullet !== null).length >= 2) return bulletedCompetencies(lines);
  if (lines.length >= 2) return plainCompetencies(lines);
  return singleCompetency(lines[0]);
}

function emptySplit(): CompetencySplit {
  return { preamble: [], activities: [], competencies: [], flags: [] };
}

/** Lines opened by codes: one item per coded line, uncoded lines continue the item above. */
function codedCompetencies(lines: string[]): CompetencySplit {
  const split = emptySplit();
  const items: { code: string | null; lines: string[]; loose: boolean }[] = [];
  for (const line of lines) {
    const head = parseHead(line);
    const code = head.codes.length === 1 && !head.codes[0]?.to ? cleanCode(head.codes[0]?.from ?? "") : "";
    // A pinned code has at most 40 characters: a longer "code" stays in the text.
    const single = code.length > 0 && code.length <= 40;
    if (head.codes.length > 0) {
      items.push({ code: single ? code : null, lines: [single ? head.rest : line], loose: false });
    } else if (items.length === 0) split.preamble.push(line);
    else {
      const item = items[items.length - 1]!;
      item.lines.push(line);
      // An uncoded line opening with an infinitive may be a competency of its own.
      if (STATEMENT.test(withoutBullets(line))) item.loose = true;
    }
  }
  const codes = items.map((item) => (item.code ? normCode(item.code) : null));
  const isHeading = items.map((item, i) => {
    const code = codes[i];
    if (!item.code || !code) return false;
    return ACTIVITY_CODE.test(item.code) || codes.some((other) => other !== null && isUnder(other, code));
  });
  if (isHeading.every(Boolean)) isHeading.fill(false);
  let activity: number | null = null;
  items.forEach((item, i) => {
    const lines = item.lines.filter((l) => l.length > 0);
    if (isHeading[i]) {
      split.activities.push({ code: item.code, lines });
      activity = split.activities.length - 1;
    } else {
      split.competencies.push({ code: item.code, lines, activity });
      if (item.loose)
        split.flags.push({ kind: "competency", index: split.competencies.length - 1, reason: FLAG_UNCODED });
    }
  });
  return split;
}

/** A line that reads as a statement of its own: it opens with a capitalised infinitive. */
const STATEMENT = /^\p{Lu}\p{Ll}+(?:er|ir|re)\b/u;
const FLAG_UNCODED =
  "Ligne sans code après une compétence codée : rattachée à celle-ci. Séparez-la si c'est une autre compétence.";
const FLAG_UNBULLETED =
  "Ligne sans puce après une liste : gardée comme compétence séparée. Fusionnez-la avec la précédente si elle la continue.";

/** `1.1.1` is under `1.1`, `A1C2` under `A1`; `C10` is not under `C1`. */
function isUnder(code: string, parent: string): boolean {
  return code.length > parent.length && code.startsWith(parent) && /[.A-Z]/.test(code[parent.length] ?? "");
}

/** Bulleted or numbered lines; a line ending with ":" before bullets may head a group. */
function bulletedCompetencies(lines: string[]): CompetencySplit {
  const split = emptySplit();
  const isGroup = lines.map(
    (line, i) => bulletOf(line) === null && line.endsWith(":") && bulletOf(lines[i + 1] ?? "") !== null,
  );
  const groupCount = isGroup.filter(Boolean).length;
  let activity: number | null = null;
  lines.forEach((line, i) => {
    const bullet = bulletOf(line);
    if (bullet !== null) {
      split.competencies.push({ code: null, lines: [withoutBullets(line)], activity });
    } else if (isGroup[i] && (groupCount >= 2 || split.competencies.length > 0)) {
      split.activities.push({ code: null, lines: [line.replace(/\s*:$/, "")] });
      activity = split.activities.length - 1;
    } else if (split.competencies.length === 0) split.preamble.push(line);
    else {
      // A line without bullet after a bullet: a competency of its own, flagged (never merged silently).
      split.competencies.push({ code: null, lines: [line], activity });
      split.flags.push({ kind: "competency", index: split.competencies.length - 1, reason: FLAG_UNBULLETED });
    }
  });
  return split;
}

/**
 * One competency per line. When the text starts with a short title followed by detailed lines
 * (a purpose, or long), every short line followed by a detailed one heads a group: an activity.
 */
function plainCompetencies(lines: string[]): CompetencySplit {
  const split = emptySplit();
  const rest = [...lines];
  if (rest[0]?.endsWith(":") && rest.length > 1) split.preamble.push(rest.shift() ?? "");
  const detailed = rest.map((line) => line.length > DETAILED_CHARS || PURPOSE.test(line));
  const heads = rest.map((_, i) => !detailed[i] && detailed[i + 1] === true);
  const grouped = heads[0] === true;
  let activity: number | null = null;
  rest.forEach((line, i) => {
    if (grouped && heads[i]) {
      split.activities.push({ code: null, lines: [line] });
      activity = split.activities.length - 1;
    } else split.competencies.push({ code: null, lines: [line], activity });
  });
  return split;
}

/** One line: a list separated by ";" when every part reads as a statement, else one competency. */
function singleCompetency(line: string | undefined): CompetencySplit {
  const split = emptySplit();
  if (line === undefined) return split;
  const parts = line.split(/\s*;\s*/).filter((p) => p.length > 0);
  if (parts.length >= 2 && parts.every((p) => /^\p{Lu}/u.test(p) && p.length <= 250)) {
    for (const part of parts) split.competencies.push({ code: null, lines: [part], activity: null });
    return split;
  }
  split.competencies.push({ code: null, lines: [line], activity: null });
  return split;
}

export type ModalityItem = {
  title: string;
  body: string[];
  duration: string;
  modalityType: ModalityType | null;
  /** Indexes of the bloc's competencies this modality covers. */
  covers: number[];
};

export type CriterionItem = { lines: string[]; evaluates: number[] };

export type ModalitySplit = {
  preamble: string[];
  modalities: ModalityItem[];
  criteria: CriterionItem[];
  flags: SplitFlag[];
};

const DURATION = "\\d{1,2}\\s*h(?:eures?)?(?:\\s*\\d{1,2}(?:\\s*min(?:utes?)?)?)?|\\d{1,3}\\s*min(?:utes?)?";
/** "Entretien technique : 00 h 30 min", the heading of one test in the titres professionnels. */
const DURATION_HEADING = new RegExp(`^(.{2,150}?)\\s*:\\s*(${DURATION})\\.?$`, "i");
const TOTAL_DURATION = /^durée totale/i;
/** How a public sits the test, in the Éducation nationale tables ("Ponctuelle écrite", "CCF"). */
const MODE =
  /^(?:épreuve\s+)?(?:ponctuel(?:le)?(?:\s+(?:écrite?|orale?|pratique))?(?:\s+et\s+(?:écrite?|orale?|pratique))?|ccf|contr[ôo]le en cours de formation)\.?$/i;
const CRITERIA_HEADING = /^crit[èe]res?\s+d['’]\s*[ée]valuation\s*:?\s*(.*)$/i;
/** Our own export's modality codes, used when a modality covers no competency. */
const MODALITY_CODE = /^MT?\d+(?:\.\d+)?$/;
const LABEL_CHARS = 80;

/**
 * Splits `MODALITES_EVALUATION`. `known` is the ordered list of the bloc's competency codes, so
 * that a modality naming codes covers those competencies (and one naming none covers them all).
 */
export function splitModalities(raw: string, known: readonly string[]): ModalitySplit {
  const lineGroups = splitLineGroups(raw);
  const lines = lineGroups ? lineGroups.flat() : splitLines(raw);
  const testStarts = lineGroups ? lineGroups.flatMap((g) => g.map((_, i) => i === 0)) : null;
  const criteriaAt = lines.findIndex((line) => CRITERIA_HEADING.test(line));
  const modalityLines = criteriaAt === -1 ? lines : lines.slice(0, criteriaAt);
  const split: ModalitySplit = { preamble: [], modalities: [], criteria: [], flags: [] };
  const groups = groupModalityLines(
    modalityLines,
    known,
    split,
    testStarts?.slice(0, modalityLines.length) ?? null,
  );
  groups.forEach((group, index) => {
    split.modalities.push(toModality(group, known));
    const missing = resolveCodes(group.head ?? [], known).missing.filter(
      (c) => !MODALITY_CODE.test(cleanCode(c)),
    );
    if (missing.length > 0) {
      split.flags.push({
        kind: "modality",
        index,
        reason: `Codes cités mais absents de la liste des compétences du bloc : ${missing.join(", ")}.`,
      });
    }
  });
  if (criteriaAt !== -1) {
    const first = CRITERIA_HEADING.exec(lines[criteriaAt] ?? "")?.[1] ?? "";
    split.criteria = splitCriteria([...(first ? [first] : []), ...lines.slice(criteriaAt + 1)], known);
  }
  return split;
}

type Group = { lines: string[]; head?: CodeRef[]; mode?: string; duration?: string; title?: string };

function groupModalityLines(
  lines: string[],
  known: readonly string[],
  split: ModalitySplit,
  testStarts: boolean[] | null,
): Group[] {
  if (lines.length === 0) return [];
  const heads = lines.map(parseHead);
  const knownHead = heads.map(
    (h) =>
      h.codes.length > 0 &&
      (resolveCodes(h.codes, known).found.length > 0 ||
        h.codes.every((c) => MODALITY_CODE.test(cleanCode(c.from)))),
  );
  if (knownHead.some(Boolean)) {
    return startAt(lines, knownHead, split, (line, i) => ({
      lines: [heads[i]?.rest ?? line],
      head: heads[i]?.codes,
    }));
  }
  const timed = lines.map((line) => DURATION_HEADING.test(line) && !TOTAL_DURATION.test(line));
  if (timed.some(Boolean)) {
    return startAt(lines, timed, split, (line) => {
      const m = DURATION_HEADING.exec(line);
      return { lines: [], title: m?.[1]?.trim() ?? line, duration: m?.[2]?.trim() ?? "" };
    });
  }
  const modes = lines.map((line) => MODE.test(line));
  const modeCount = modes.filter(Boolean).length;
  if (modeCount >= 2 && modes[modes.length - 1] && !modes.some((m, i) => m && (i === 0 || modes[i - 1]))) {
    const groups: Group[] = [];
    let pending: string[] = [];
    lines.forEach((line, i) => {
      if (modes[i]) {
        groups.push({ lines: pending, mode: capitalize(line.replace(/\.$/, "")) });
        pending = [];
      } else pending.push(line);
    });
    return groups;
  }
  // Tests separated more strongly than the lines inside them (blank lines, 4 spaces against 2).
  if (testStarts && testStarts.filter(Boolean).length >= 2) {
    return startAt(lines, testStarts, split, (line) => ({ lines: [withoutBullets(line)] }));
  }
  const bullets = heads.map((h) => h.bullet !== null);
  if (bullets.filter(Boolean).length >= 2) {
    return startAt(lines, bullets, split, (line) => ({ lines: [withoutBullets(line)] }));
  }
  // Lines that open with the name of a test (« Étude de cas… », « Dossier… ») start one each.
  const opening = lines.map((l) => opensModality(withoutBullets(l)));
  if (opening.filter(Boolean).length >= 2 && opening[0]) {
    return startAt(lines, opening, split, (line) => ({ lines: [withoutBullets(line)] }));
  }
  const labels = lines.every((l) => l.length <= LABEL_CHARS && !/[.!?](?:\s|$)/.test(l) && !l.endsWith(":"));
  if (lines.length >= 2 && labels) return lines.map((line) => ({ lines: [line] }));
  // Kept whole: flagged only when the text names several kinds of test, the sign of several tests.
  const kinds = new Set(
    TYPE_WORDS.filter(([, pattern]) => pattern.test(lines.join(" "))).map(([type]) => type),
  );
  if (lines.length >= 2 && kinds.size >= 2) {
    split.flags.push({
      kind: "modality",
      index: 0,
      reason:
        "Modalités gardées en une seule : le texte nomme plusieurs épreuves sans les séparer (codes, durées, puces, lignes) ; vérifiez s'il faut la diviser.",
    });
  }
  return [{ lines }];
}

/** Groups lines into items that start where `starts` is true; lines before the first go to the preamble. */
function startAt(
  lines: string[],
  starts: boolean[],
  split: ModalitySplit,
  open: (line: string, i: number) => Group,
): Group[] {
  const groups: Group[] = [];
  lines.forEach((line, i) => {
    if (starts[i]) groups.push(open(line, i));
    else if (groups.length === 0) split.preamble.push(line);
    else groups[groups.length - 1]?.lines.push(line);
  });
  return groups;
}

function toModality(group: Group, known: readonly string[]): ModalityItem {
  let title = group.title ?? group.mode ?? "";
  let duration = group.duration ?? "";
  const body = [...group.lines];
  if (group.title === undefined && group.mode === undefined) {
    const first = body.shift() ?? "";
    const timed = DURATION_HEADING.exec(first);
    if (timed) {
      title = timed[1]?.trim() ?? "";
      duration = timed[2]?.trim() ?? "";
    } else {
      const parts = splitTitle(first);
      title = parts.title;
      body.unshift(...parts.body);
    }
  }
  if (!title) {
    // A modality always has a name: the opening words of its text, the rest as its description.
    const first = body.shift() ?? "";
    const lead = leadTitle(first);
    title = lead.title;
    if (lead.rest) body.unshift(lead.rest);
  }
  return {
    title,
    body: body.filter((l) => l.length > 0),
    duration,
    modalityType: modalityTypeOf(title || (body[0] ?? "")),
    covers: coverage(group.head, [title, ...body].join(" "), known),
  };
}

/** The competencies an item covers: the codes at its head, else the codes it names, else all. */
function coverage(head: CodeRef[] | undefined, text: string, known: readonly string[]): number[] {
  if (head && head.length > 0) return resolveCodes(head, known).found;
  const named = resolveCodes(namedCodes(text), known).found;
  return named.length > 0 ? named : known.map((_, i) => i);
}

/**
 * The short name of a modality and its description, from its first line: "Name : details",
 * "Name. More sentences", or a short line as a whole. An enumeration after the colon (a ; b ; c)
 * becomes a list.
 */
export function splitTitle(line: string): { title: string; body: string[] } {
  const tail = /\s:\s([^:]{1,60})$/.exec(line);
  if (tail?.[1] && MODE.test(tail[1].trim())) {
    return { title: capitalize(tail[1].trim().replace(/\.$/, "")), body: [line.slice(0, tail.index).trim()] };
  }
  const colon = line.indexOf(" : ");
  if (colon > 0 && colon <= 250 && line.slice(colon + 3).trim().length > 0) {
    const details = line.slice(colon + 3).trim();
    const items = details.split(/\s*;\s*/).filter((p) => p.length > 0);
    return {
      title: line.slice(0, colon).trim(),
      body: items.length >= 2 ? items.map((p) => `- ${p}`) : [details],
    };
  }
  const sentence = /^(.{10,150}?[.!?])\s+(?=\p{Lu})/u.exec(line);
  if (sentence?.[1]) {
    return { title: sentence[1].replace(/\.$/, ""), body: [line.slice(sentence[0].length).trim()] };
  }
  if (line.length <= 200) return { title: line.replace(/\.$/, ""), body: [] };
  return { title: "", body: [line] };
}

/** The opening of a long line as a name: up to its first colon, comma or parenthesis, else its first words. */
export function leadTitle(line: string): { title: string; rest: string } {
  const stop = /^(.{10,120}?)\s*[:,(–—]\s*/u.exec(line);
  if (stop?.[1])
    return {
      title: stop[1].trim(),
      rest: line
        .slice(stop[1].length)
        .replace(/^\s*[:,]\s*/, "")
        .trim(),
    };
  const words = line.split(/\s+/);
  return { title: words.slice(0, 8).join(" "), rest: words.slice(8).join(" ") };
}

const TYPE_WORDS: [ModalityType, RegExp][] = [
  ["etude_de_cas", /[ée]tudes? de cas|cas pratiques?|cas de synth[èe]se/i],
  ["mise_en_situation", /mises? en situation|(?:ponctuel(?:le)?|[ée]preuve) pratique/i],
  ["questionnaire", /questionnaire|qcm|quiz/i],
  ["dossier", /dossier|m[ée]moire|rapport/i],
  ["soutenance_orale", /soutenance|pr[ée]sentation|entretien|orale?\b/i],
  ["epreuve_ecrite", /[ée]crite?\b|[ée]preuve sur table/i],
];

/** The kind of test a name announces: the earliest keyword wins ("Cas pratique - Mise en situation" is a case study). */
export function modalityTypeOf(text: string): ModalityType | null {
  let best: { type: ModalityType; at: number } | null = null;
  for (const [type, pattern] of TYPE_WORDS) {
    const at = text.search(pattern);
    if (at !== -1 && (best === null || at < best.at)) best = { type, at };
  }
  return best?.type ?? null;
}

function splitCriteria(lines: string[], known: readonly string[]): CriterionItem[] {
  const heads = lines.map(parseHead);
  const items: { lines: string[]; head?: CodeRef[] }[] = [];
  const coded = heads.some((h) => h.codes.length > 0);
  lines.forEach((line, i) => {
    const head = heads[i];
    const starts = coded ? (head?.codes.length ?? 0) > 0 : true;
    if (starts || items.length === 0) {
      const text = coded && head && head.codes.length > 0 ? head.rest : withoutBullets(line);
      items.push({ lines: [text], head: head?.codes });
    } else items[items.length - 1]?.lines.push(line);
  });
  return items.map((item) => ({
    lines: item.lines.filter((l) => l.length > 0),
    evaluates: coverage(item.head, item.lines.join(" "), known),
  }));
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
