import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addNode, createReferential } from "./commands.ts";
import { correspondenceLines, previousCertificationOf, proposeCorrespondences } from "./correspondence.ts";
import { previewTableFile, previewToReferential } from "./formats/tables/index.ts";
import type { Renewal } from "./model.ts";
import { toReferential } from "./projection.ts";
import { setRenewal } from "./renewal.ts";
import { canonicalSnapshot } from "./snapshot.ts";

/** A référentiel from blocs given as [id, title, competency statements]. */
function referential(rncpCode: string, blocs: [string, string, string[]][]) {
  const doc = new Y.Doc();
  createReferential(doc, { title: "Chef de projet", rncpCode });
  for (const [id, title, competencies] of blocs) {
    addNode(doc, { kind: "bloc", id, title }, { parent: null });
    for (const [i, body] of competencies.entries()) {
      addNode(doc, { kind: "competency", id: `${id}-c${i}`, body }, { parent: id });
    }
  }
  return doc;
}

const OLD = referential("RNCP31114", [
  [
    "o1",
    "Analyser le marché",
    [
      "Analyser les études de marché existantes afin d'établir un diagnostic.",
      "Organiser une veille concurrentielle pour anticiper les évolutions.",
    ],
  ],
  [
    "o2",
    "Piloter le projet",
    [
      "Piloter le budget du projet en suivant les indicateurs financiers.",
      "Animer l'équipe projet afin de tenir les délais.",
      "Rédiger le cahier des charges du projet de communication.",
    ],
  ],
]);

const NEW = referential("RNCP37674", [
  [
    "n1",
    "Diagnostic du marché",
    [
      "Analyser les études de marché existantes afin d'établir un diagnostic précis.",
      "Organiser une veille concurrentielle pour anticiper les évolutions du secteur.",
    ],
  ],
  [
    "n2",
    "Gestion budgétaire",
    ["Piloter le budget du projet en suivant les indicateurs financiers et extra-financiers."],
  ],
  ["n3", "Management d'équipe", ["Animer l'équipe projet afin de tenir les délais convenus."]],
]);

describe("proposeCorrespondences", () => {
  it("maps each old bloc to the new blocs that hold its competencies, total or partial", () => {
    const previous = previousCertificationOf(toReferential(OLD));
    expect(previous.blocs.map((bloc) => bloc.code)).toEqual(["RNCP31114BC01", "RNCP31114BC02"]);
    const rows = proposeCorrespondences(previous, toReferential(NEW));
    expect(rows.map((row) => [row.old[0]?.code, row.new, row.coverage, row.confirmed])).toEqual([
      ["RNCP31114BC01", ["n1"], "total", false],
      // The cahier des charges found no new home: partial, split over two new blocs.
      ["RNCP31114BC02", expect.arrayContaining(["n2", "n3"]), "partial", false],
    ]);
    expect(rows[1]?.new).toHaveLength(2);
  });

  it("proposes nothing for an old bloc with nothing alike", () => {
    const other = referential("RNCP11111", [["x", "Cuisine", ["Préparer une sauce béarnaise."]]]);
    const rows = proposeCorrespondences(previousCertificationOf(toReferential(other)), toReferential(NEW));
    expect(rows.map((row) => [row.new, row.coverage])).toEqual([[[], "partial"]]);
  });

  it("reads the former certification from its Word référentiel table", async () => {
    const path = new URL(
      "../../../shared/fixtures/documents/word/referentiel-chef-de-projet-marketing-communication.docx",
      import.meta.url,
    );
    const preview = await previewTableFile(new Uint8Array(readFileSync(path)), "ancien.docx");
    const previous = previousCertificationOf(previewToReferential(preview));
    expect(previous.blocs.length).toBeGreaterThan(0);
    expect(previous.blocs.every((bloc) => /^BC\d{2}$/.test(bloc.code))).toBe(true);
    expect(previous.blocs.flatMap((bloc) => bloc.competencies).length).toBeGreaterThan(5);
  });
});

describe("setRenewal", () => {
  it("stores the table in the document, keeps the sha256 of a référentiel without one, and refuses bad input", () => {
    const doc = referential("RNCP37674", [["n1", "Diagnostic", []]]);
    const before = canonicalSnapshot(doc).sha256;
    const renewal: Renewal = {
      previous: { rncpCode: "RNCP31114", title: "Ancien titre" },
      rows: [
        {
          id: "r1",
          old: [{ code: "RNCP31114BC01", title: "Analyser" }],
          new: ["n1", "gone"],
          coverage: "total",
          comment: "",
          confirmed: true,
        },
      ],
    };
    setRenewal(doc, renewal);
    expect(toReferential(doc).meta.renewal).toEqual(renewal);
    expect(correspondenceLines(toReferential(doc))).toEqual([
      {
        old: [{ code: "RNCP31114BC01", title: "Analyser" }],
        new: [{ code: "RNCP37674BC01", title: "Diagnostic" }],
        coverage: "total",
        comment: "",
      },
    ]);
    expect(() => setRenewal(doc, { ...renewal, previous: { rncpCode: "31114", title: "" } })).toThrow(/RNCP/);
    setRenewal(doc, null);
    expect(toReferential(doc).meta.renewal).toBeUndefined();
    expect(canonicalSnapshot(doc).sha256).toBe(before);
  });
});
