import { bulletOf } from "../freeText.ts";

/**
 * How certifiers write the parts of a référentiel table: bloc headings, labels, codes (and their
 * OCR slips), inline bullets. Small pure functions the classifier combines.
 */

/** Lower case without accents, for keyword tests. */
export const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();

/** « BLOC 1 – Title », « Bloc de compétences n°2 : Title », « RNCP12345BC03 - Title ». */
const BLOC_HEADING =
  /^((?:bloc(?:\s+de\s+comp[ée]tences?)?\s*(?:n\s*[°o]\s*)?(\d{1,2})|(RNCP\d{4,5}BC\d{2})|(BC\s?\d{2}))\b\s*[-–—:.)]?\s*)(.*)$/iu;

export type BlocHeading = { label: string; number: number | null; code: string | null; title: string };

export function blocHeading(text: string): BlocHeading | null {
  const m = BLOC_HEADING.exec(text.trim());
  if (!m) return null;
  const code = m[3] ?? (m[4] ? m[4].replace(/\s/g, "") : null);
  return {
    label: (m[1] ?? "").replace(/[\s\-–—:.)]+$/u, ""),
    number: m[2] ? Number(m[2]) : null,
    code: code ?? null,
    title: (m[5] ?? "").trim(),
  };
}

/** « 1/ Title », « 2) Title »: a numbered group in the activities column. */
const NUMBERED_GROUP = /^(\d{1,2}\s*[/)])\s*(\S.*)$/u;
/** « Activité 1 : Title » or a bare « Activité 1 ». */
const ACTIVITY_NUMBER = /^(activit[ée]\s*(?:n\s*[°o]\s*)?\d{1,2})\s*(?:[-–—:.]\s*(.*))?$/iu;

export function numberedGroup(text: string): { label: string; title: string } | null {
  const m = NUMBERED_GROUP.exec(text) ?? ACTIVITY_NUMBER.exec(text);
  if (!m) return null;
  return { label: (m[1] ?? "").trim(), title: (m[2] ?? "").trim() };
}

/** « Principales activités : », « Activités », « Tâches principales » opening a cell, with what follows it. */
const ACTIVITY_LABEL = /^((?:principales\s+)?(?:activit[ée]s|t[âa]ches)(?:\s+principales)?\s*:?)\s*(.*)$/iu;

export function activityLabel(text: string): { label: string; rest: string } | null {
  const m = ACTIVITY_LABEL.exec(text);
  return m ? { label: (m[1] ?? "").trim(), rest: (m[2] ?? "").trim() } : null;
}

/** « Critères C1.1 à C1.6 », « Critères d'évaluation : », « Concernant les travaux de groupe 2.1-2.4 : ». */
const CRITERIA_GROUP = /^(crit[èée]res?(?:\s+d['’]\s*[ée]valuation)?|concernant\s+[^:]{0,80}?)\s*(.*?)$/iu;

export function criteriaGroup(text: string): { label: string; rest: string } | null {
  const m = CRITERIA_GROUP.exec(text);
  if (!m) return null;
  return { label: (m[1] ?? "").trim(), rest: (m[2] ?? "").trim() };
}

/** Words that open the name of an evaluation (« Étude de cas », « Mise en situation… »). */
const MODALITY_OPENING =
  /^(?:[ée]tudes?\s+(?:de\s+)?cas|cas\s+(?:pratique|de\s+synth[èe]se)|mises?\s+en\s+situation|dossier|soutenance|pr[ée]sentation\s+orale|jeu\s+de\s+r[ôo]le|p[ée]riode\s+en\s*_?\s*entreprise|[ée]preuve|questionnaire|qcm|oral|entretien|projet|m[ée]moire|rapport|th[èe]se|grand\s+oral|contr[ôo]le|examen|simulations?|[ée]valuation\s+(?:en\s+entreprise|finale))/iu;

export const opensModality = (text: string) => MODALITY_OPENING.test(text.trim());

/** Transversal evaluations, outside any bloc. */
const TRANSVERSAL =
  /transversal|th[èe]se\s+professionnelle|cas\s+de\s+synth[èe]se|grand\s+oral|[ée]preuve\s+finale|ensemble\s+des\s+blocs/iu;
export const isTransversal = (text: string) => TRANSVERSAL.test(text);

export const startsLower = (text: string) => /^[\p{Ll}(,;:.)\]»]/u.test(text.trim());
export const endsSentence = (text: string) => /[.!?]["»)]?$/.test(text.trim());
export const hasWords = (text: string) => /[\p{L}\p{N}]/u.test(text);

/**
 * Codes as OCR reads them: `l`, `I` or `|` for `1` (`Al.1` is `A1.1`, `Cl1.4` is `C1.4`) and
 * `a` for `à` between two codes. Returns the text with codes corrected and what was changed.
 */
const OCR_CODE = /(?<![\p{L}\p{N}])(BC|[AC])([\dlI|]{1,3}(?:[.,][\dlI|]{1,3})+)(?![\p{L}\p{N}])/gu;

export function fixOcrCodes(text: string): { text: string; fixed: { written: string; code: string }[] } {
  const fixed: { written: string; code: string }[] = [];
  const out = text.replace(OCR_CODE, (whole, prefix: string, rest: string) => {
    if (!/[lI|]/.test(rest)) return whole;
    const code = `${prefix}${rest
      .replace(/[lI|](?=\d)/g, "")
      .replace(/[lI|]/g, "1")
      .replace(/,/g, ".")}`;
    fixed.push({ written: whole, code });
    return code;
  });
  return { text: out.replace(/(\d)\s+a\s+(?=(?:[AC]|BC)?\d)/g, "$1 à "), fixed };
}

/**
 * Splits a paragraph that holds several bulleted items on one line (« • A. • B. », « - A - B »):
 * at the bullet that opened the paragraph or, for a paragraph continuing a cut item, at the
 * bullet its column uses (`hint`); dashes split only before a capital.
 */
export function splitInlineBullets(text: string, hint: string | null = null): string[] {
  const bullet = bulletOf(text)?.trim() ?? hint;
  if (!bullet) return [text];
  const escaped = bullet.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const dash = /^[-–—]$/.test(bullet);
  const splitter = new RegExp(`(?:\\s+|(?<=[.;!?]))(?=${escaped}\\s*${dash ? "\\s\\p{Lu}" : "\\S"})`, "gu");
  return text.split(splitter).filter((part) => part.trim().length > 0);
}
