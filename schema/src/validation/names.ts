import type { NodeKind } from "../model.ts";
import type { Message, Names } from "./rule.ts";

/** How messages name nodes: « la compétence C2.3 », or an excerpt of its text when it has no code. */

const NOUNS: Record<NodeKind, { fr: string; en: string; feminine: boolean }> = {
  bloc: { fr: "le bloc", en: "bloc", feminine: false },
  activity: { fr: "l'activité", en: "activity", feminine: true },
  competency: { fr: "la compétence", en: "competency", feminine: true },
  modality: { fr: "la modalité", en: "modality", feminine: true },
  criterion: { fr: "le critère", en: "criterion", feminine: false },
};

/** The kind with an indefinite article: « une compétence » / "a competency". */
export function aKind(kind: NodeKind): Message {
  const noun = NOUNS[kind];
  const fr = `${noun.feminine ? "une" : "un"} ${noun.fr.replace(/^(le |la |l')/, "")}`;
  return { fr, en: `${/^[aeiou]/.test(noun.en) ? "an" : "a"} ${noun.en}` };
}

/** French agreement of a past participle with the node's kind (« rattaché » -> « rattachée »). */
export function agree(kind: NodeKind, participle: string): string {
  return NOUNS[kind].feminine ? `${participle}e` : participle;
}

/** The object pronoun for the node's kind (« déplacez-la »). */
export function pronoun(kind: NodeKind): string {
  return NOUNS[kind].feminine ? "la" : "le";
}

/** The start of a text on one line, cut at a word when it is longer than `max`. */
export function excerpt(text: string, max = 40): string {
  const line = text.replace(/\s+/g, " ").trim();
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** « la compétence C2.3 » / "competency C2.3"; a node without code is named by an excerpt of its text, or its id. */
export function nameOf(names: Names, id: string): Message {
  const node = names.node(id);
  if (!node) return { fr: `l'élément ${id}`, en: `item ${id}` };
  const noun = NOUNS[node.kind];
  const code = names.code(id);
  const text = excerpt(names.text(id));
  const label = code ?? (text ? `« ${text} »` : id);
  const labelEn = code ?? (text ? `"${text}"` : id);
  return { fr: `${noun.fr} ${label}`, en: `${noun.en} ${labelEn}` };
}

/** Code of another node for a message, without its text (so the message changes only with codes). */
export function codeOf(names: Names, id: string): Message {
  const code = names.code(id);
  if (code) return { fr: code, en: code };
  return names.node(id)
    ? { fr: "un élément hors plan", en: "an unplaced item" }
    : { fr: "un élément supprimé", en: "a deleted item" };
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A French list: « A, B et C ». */
export function frList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} et ${items.at(-1)}`;
}

export function enList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
