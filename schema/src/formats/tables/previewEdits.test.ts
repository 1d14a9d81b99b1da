import { describe, expect, it } from "vitest";
import {
  acceptItem,
  classifyText,
  mergeItems,
  setItemBloc,
  setItemKind,
  setItemLinks,
  splitItem,
  unclassifyItem,
} from "./previewEdits.ts";
import type { ImportPreview, PreviewItem } from "./previewModel.ts";
import { previewToReferential } from "./previewToReferential.ts";

const item = (
  id: string,
  kind: PreviewItem["kind"],
  lines: string[],
  links: string[] = [],
  title = "",
): PreviewItem => ({
  id,
  kind,
  bloc: "b1",
  code: null,
  written: null,
  title,
  lines,
  links,
  modalityType: null,
  flags: ["à vérifier"],
  place: "tableau 1",
});

const preview = (): ImportPreview => ({
  format: "docx",
  title: "Essai",
  blocs: [
    { id: "b1", label: "BLOC 1", code: null, title: "Premier", lines: [] },
    { id: "b2", label: "BLOC 2", code: null, title: "Second", lines: [] },
  ],
  items: [
    item("a", "activity", [], [], "Analyse du marché"),
    item("c1", "competency", ["Analyser le marché"], ["a"]),
    item("c2", "competency", ["Concevoir une offre", "Présenter l'offre au client"], ["a"]),
    item("m", "modality", ["Le candidat rédige un dossier"], ["c1", "c2"], "Dossier"),
    item("k", "criterion", ["Le marché est analysé"], ["c1"]),
  ],
  unclassified: [{ id: "u1", text: "Rédiger la synthèse", reason: "Texte hors du tableau", place: "texte" }],
  notes: [],
});

const find = (p: ImportPreview, id: string) => p.items.find((i) => i.id === id);

describe("corrections of an import preview", () => {
  it("changes a kind: the statement keeps its words, links that no longer fit go", () => {
    const p = setItemKind(preview(), "c1", "criterion");
    expect(find(p, "c1")).toMatchObject({ kind: "criterion", lines: ["Analyser le marché"], links: [] });
    expect(find(p, "m")?.links).toEqual(["c2"]);
    expect(find(p, "k")?.links).toEqual([]);
    // An activity's title becomes a competency's statement.
    expect(find(setItemKind(preview(), "a", "competency"), "a")).toMatchObject({
      title: "",
      lines: ["Analyse du marché"],
    });
  });

  it("moves an item to another bloc, and only a modality outside the blocs", () => {
    expect(find(setItemBloc(preview(), "c1", "b2"), "c1")?.bloc).toBe("b2");
    expect(find(setItemBloc(preview(), "c1", null), "c1")?.bloc).toBe("b1");
    expect(find(setItemBloc(preview(), "m", null), "m")?.bloc).toBeNull();
  });

  it("merges two items: text, links and the links that pointed to the second", () => {
    const p = mergeItems(preview(), "c1", "c2");
    expect(find(p, "c2")).toBeUndefined();
    expect(find(p, "c1")?.lines).toEqual([
      "Analyser le marché",
      "Concevoir une offre",
      "Présenter l'offre au client",
    ]);
    expect(find(p, "m")?.links).toEqual(["c1"]);
  });

  it("splits an item at a line or inside a line, keeping its links on both parts", () => {
    const p = splitItem(preview(), "c2", 1);
    const [first, second] = p.items.filter((i) => i.kind === "competency").slice(1);
    expect(first?.lines).toEqual(["Concevoir une offre"]);
    expect(second?.lines).toEqual(["Présenter l'offre au client"]);
    expect(second?.links).toEqual(["a"]);
    const inside = splitItem(preview(), "c1", 0, 9);
    expect(inside.items.filter((i) => i.kind === "competency").map((i) => i.lines)).toEqual([
      ["Analyser"],
      ["le marché"],
      ["Concevoir une offre", "Présenter l'offre au client"],
    ]);
    expect(splitItem(preview(), "c1", 0)).toEqual(preview());
  });

  it("fixes links, accepts flags, and moves text between items and the « Non classé » list", () => {
    expect(find(setItemLinks(preview(), "k", ["c2", "c2", "a"]), "k")?.links).toEqual(["c2"]);
    expect(find(acceptItem(preview(), "k"), "k")?.flags).toEqual([]);
    const classified = classifyText(preview(), "u1", "competency", "b2");
    expect(classified.unclassified).toEqual([]);
    expect(classified.items.at(-1)).toMatchObject({
      kind: "competency",
      bloc: "b2",
      lines: ["Rédiger la synthèse"],
    });
    const dropped = unclassifyItem(preview(), "c1");
    expect(dropped.unclassified.at(-1)).toMatchObject({
      text: "Analyser le marché",
      reason: "Écarté à la relecture",
    });
    expect(find(dropped, "k")?.links).toEqual([]);
  });

  it("creates the référentiel the corrected preview shows", () => {
    const corrected = setItemBloc(mergeItems(preview(), "c1", "c2"), "m", null);
    const referential = previewToReferential(corrected, { level: "NIV6" });
    expect(referential.meta).toMatchObject({ title: "Essai", level: "NIV6" });
    const [competency] = referential.nodes.filter((n) => n.kind === "competency");
    expect(competency?.links.activities).toEqual(["b01-a01"]);
    const transversal = referential.nodes.find((n) => n.kind === "modality");
    expect(transversal).toMatchObject({ parent: null, title: "Dossier", links: { covers: ["b01-c01"] } });
    expect(referential.nodes.find((n) => n.kind === "criterion")?.links.evaluates).toEqual(["b01-c01"]);
  });
});
