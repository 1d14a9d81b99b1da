import { describe, expect, it } from "vitest";
import { documentWords, joinLine } from "./lineJoin.ts";

/** A word cut at a line end is joined back only when the document says so; otherwise the space stays. */

const words = documentWords([
  "la stratégie de communication digitale est définie",
  "un plan de communication validé par le client",
  "en semble et ensemble du projet",
  "il semble que tout le dispositif soit prêt",
  "un projet en cours de réalisation",
]);

describe("joining the lines of a PDF cell", () => {
  it.each([
    [
      "hyphen inside a word the document writes whole",
      "un plan de communica-",
      "tion validé",
      "un plan de communication validé",
    ],
    ["hyphen of a compound word", "suivi de l'e-", "réputation", "suivi de l'e-réputation"],
    ["hyphen before a capital stays", "Bloc 1 -", "Analyse du marché", "Bloc 1 - Analyse du marché"],
    [
      "cut word the document writes whole",
      "Élaborer la stratégie de communicatio",
      "n digitale",
      "Élaborer la stratégie de communication digitale",
    ],
    ["cut word with punctuation after", "un plan de communica", "tion.", "un plan de communication."],
    [
      "both pieces are words: kept apart",
      "réunir l'équipe en",
      "semble utile",
      "réunir l'équipe en semble utile",
    ],
    ["joined word unknown: kept apart", "analyser le march", "é cible", "analyser le march é cible"],
    ["next line starts with a capital", "la communicatio", "N digitale", "la communicatio N digitale"],
    ["next line starts with a digit", "le plan", "2 de communication", "le plan 2 de communication"],
    [
      "line ending with punctuation",
      "le plan de communication.",
      "validé",
      "le plan de communication. validé",
    ],
  ])("%s", (_case, text, next, joined) => {
    expect(joinLine(text, next, words)).toBe(joined);
  });

  it("takes a document's words from inside its lines only, where no cut piece can be", () => {
    const found = documentWords(["Élaborer la communicatio", "n digitale du plan"]);
    expect(found.has("communicatio")).toBe(false);
    expect(found.has("n")).toBe(false);
    expect([...found].sort()).toEqual(["digitale", "du", "la"]);
  });
});
