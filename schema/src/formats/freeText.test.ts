import { describe, expect, it } from "vitest";
import { parseHead, resolveCodes } from "./codes.ts";
import { cleanFluxText, linesToRich, richToLines, splitLines } from "./freeText.ts";
import { missingWords } from "./testHelpers.ts";

describe("flux free text", () => {
  it("reads runs of spaces as line breaks and joins lines wrapped mid-sentence", () => {
    expect(
      splitLines(
        "- Valider une solution   technique  - Renseigner la maquette    A1C2.Apprécier les   incidences      3.1  Organiser",
      ),
    ).toEqual([
      "- Valider une solution technique",
      "- Renseigner la maquette",
      "A1C2.Apprécier les incidences",
      "3.1 Organiser",
    ]);
    // Two spaces before a capital break a line; before a lower-case word they do not.
    expect(splitLines("web ou web mobile  Maquetter des interfaces (RGPD)  et règles")).toEqual([
      "web ou web mobile",
      "Maquetter des interfaces (RGPD) et règles",
    ]);
    // A line ending a sentence or with ":" is not continued by the next.
    expect(splitLines("comprenant :    l'analyse    Fin.    ensuite")).toEqual([
      "comprenant :",
      "l'analyse",
      "Fin.",
      "ensuite",
    ]);
  });

  it("decodes HTML remnants", () => {
    expect(cleanFluxText("R&amp;D&nbsp;: <b>gras</b><br/>suite&#8217;s &unknown;")).toBe(
      "R&D : gras\nsuite’s &unknown;",
    );
  });

  it("turns bullet lines into a list and back", () => {
    const rich = linesToRich(["Intro :", "- un", "* deux", "Fin"]);
    expect(rich.map((n) => n.type)).toEqual(["paragraph", "bulletList", "paragraph"]);
    expect(richToLines(rich)).toEqual(["Intro :", "- un", "- deux", "Fin"]);
  });

  it("reads the codes at the head of a line, lists and ranges included", () => {
    expect(parseHead("A2C2. et A2C3. Analyse de situations")).toEqual({
      bullet: null,
      codes: [{ from: "A2C2" }, { from: "A2C3" }],
      rest: "Analyse de situations",
    });
    expect(parseHead("A3C3 à A3C6. Notes").codes).toEqual([{ from: "A3C3", to: "A3C6" }]);
    expect(parseHead("- C1.1- Conduire une veille")).toEqual({
      bullet: "- ",
      codes: [{ from: "C1.1" }],
      rest: "Conduire une veille",
    });
    expect(parseHead("C.1. Organiser").codes).toEqual([{ from: "C.1" }]);
    expect(parseHead("NB : les compétences").codes).toEqual([]);
    expect(parseHead("A1C1Evaluer").codes).toEqual([]);
    expect(
      resolveCodes([{ from: "A5C1", to: "a5.c3" }, { from: "X9" }], ["A5.C1", "A5.C2", "A5.C3", "A5.C4"]),
    ).toEqual({
      found: [0, 1, 2],
      missing: ["X9"],
    });
  });

  it("finds dropped words, including a dropped sentence whose words occur elsewhere", () => {
    expect(missingWords("Analyser le marché. Analyser le marché.", "Analyser le marché.")).toEqual([
      "analyser (1/2)",
      "marché (1/2)",
    ]);
    expect(missingWords("Coder vite", "coder")).toEqual(["vite (0/1)"]);
    expect(missingWords("A1C1. Coder", "A1C1 coder")).toEqual([]);
  });
});
