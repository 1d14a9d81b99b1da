import { addNode, createReferential, deleteNode, moveNode, setMeta, updateNode } from "@refstudio/schema";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { LoggedUpdate } from "../store/types.ts";
import { digestLog } from "./digest.ts";

/** A document edited by one command per update, logged with an author and a time. */
function logged() {
  const doc = new Y.Doc();
  const log: LoggedUpdate[] = [];
  let author = "anne";
  doc.on("update", (update: Uint8Array) =>
    log.push({ seq: log.length + 1, update, userId: author, at: 1000 + log.length }),
  );
  createReferential(doc, { title: "Réf" });
  addNode(doc, { kind: "bloc", id: "b1", title: "Bloc" }, { parent: null });
  addNode(doc, { kind: "competency", id: "c1", body: "Analyser." }, { parent: "b1" });
  addNode(doc, { kind: "competency", id: "c2", body: "Piloter." }, { parent: "b1" });
  author = "bob";
  updateNode(doc, "c1", { body: "Analyser le marché." });
  moveNode(doc, "c1", { parent: "b1", index: 1 });
  setMeta(doc, { title: "Nouveau titre" });
  deleteNode(doc, "c2");
  return { doc, log };
}

describe("digestLog", () => {
  it("says who changed which field of which node, and how much, from the stored updates", () => {
    const { doc, log } = logged();
    const digests = digestLog(doc, log);
    const last = digests.slice(-4);
    expect(last.map((d) => [d.userId, d.touched])).toEqual([
      ["bob", [{ target: "c1", field: "body" }]],
      ["bob", [{ target: "c1", field: "position" }]],
      ["bob", [{ target: "meta", field: "title" }]],
      ["bob", [{ target: "c2", field: "node" }]],
    ]);
    expect(last[0]!.inserted).toBeGreaterThanOrEqual("Analyser le marché.".length);
    expect(last[0]!.deleted).toBeGreaterThan(0);
    expect(digests[1]!.touched).toContainEqual({ target: "b1", field: "node" });
  });

  it("digests an update that does not decode as touching nothing", () => {
    const { doc } = logged();
    expect(digestLog(doc, [{ seq: 1, update: new Uint8Array([9, 9, 9]), userId: "x", at: 5 }])).toEqual([
      { seq: 1, userId: "x", at: 5, inserted: 0, deleted: 0, touched: [] },
    ]);
  });
});
