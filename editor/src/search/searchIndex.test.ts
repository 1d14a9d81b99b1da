import {
  addComment,
  addNode,
  buildOutline,
  createReferential,
  setMeta,
  toReferential,
} from "@refstudio/schema";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { buildSearchIndex, fold, searchIndex } from "./searchIndex.ts";

function fixture() {
  const doc = new Y.Doc();
  createReferential(doc, { title: "Chargé de communication" });
  const bloc = addNode(doc, { kind: "bloc", title: "Piloter la stratégie" }, { parent: null });
  const c1 = addNode(
    doc,
    { kind: "competency", body: "Analyser le marché afin de décider" },
    { parent: bloc },
  );
  const c2 = addNode(
    doc,
    { kind: "competency", body: "Élaborer un plan\nÉvaluer le résultat" },
    { parent: bloc },
  );
  const thread = addComment(doc, { node: c1 }, { author: "u1", body: "Préciser le marché visé" });
  setMeta(doc, { title: "Chargé de communication" });
  return { doc, bloc, c1, c2, thread, outline: buildOutline(toReferential(doc)) };
}

describe("search", () => {
  it("folds case and accents without moving offsets", () => {
    expect(fold("Élaborer ÉTÉ")).toBe("elaborer ete");
    expect(fold("Élaborer").length).toBe("Élaborer".length);
  });

  it("finds a word in fields, the fiche and comments, with its offsets, accents ignored", () => {
    const { doc, c1, c2, thread, outline } = fixture();
    const hits = searchIndex(buildSearchIndex(doc), outline, "marche");
    expect(hits.map((h) => [h.entry.nodeId, h.entry.field, h.entry.threadId])).toEqual([
      [c1, "body", null],
      [c1, "comment", thread],
    ]);
    expect(hits[0]?.entry.text.slice(hits[0].from, hits[0].to)).toBe("marché");
    const second = searchIndex(buildSearchIndex(doc), outline, "evaluer");
    expect(second[0]?.entry.nodeId).toBe(c2);
    expect(second[0]?.entry.text.slice(second[0].from, second[0].to)).toBe("Évaluer");
    expect(searchIndex(buildSearchIndex(doc), outline, "communication")[0]?.entry.field).toBe("meta.title");
  });

  it("puts the item whose code is the query first", () => {
    const { doc, c2, outline } = fixture();
    const hits = searchIndex(buildSearchIndex(doc), outline, "c1.2");
    expect(hits[0]).toMatchObject({ byCode: true, entry: { nodeId: c2 } });
    expect(searchIndex(buildSearchIndex(doc), outline, "   ")).toEqual([]);
  });
});
