import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addNode, deleteNode, moveNode, pinCode, setLink, setMeta, updateNode } from "./commands.ts";
import { addComment } from "./comments.ts";
import { ItemLocator } from "./locate.ts";
import { validDoc } from "./validation/testing.ts";

/** The places of the items a command creates or deletes, read from its update. */
function placesOf(doc: Y.Doc, command: () => void): string[] {
  const updates: Uint8Array[] = [];
  const listen = (update: Uint8Array) => updates.push(update);
  doc.on("update", listen);
  command();
  doc.off("update", listen);
  const locator = new ItemLocator(doc);
  const places = new Set<string>();
  for (const update of updates) {
    const { structs, ds } = Y.decodeUpdate(update);
    const ids = structs.map((struct) => struct.id);
    for (const [client, ranges] of ds.clients)
      for (const range of ranges) ids.push(Y.createID(client, range.clock));
    for (const id of ids) {
      const item = locator.itemAt(id);
      const place = item && locator.place(item);
      if (place) places.add(`${place.target}.${place.field}`);
    }
  }
  return [...places].sort();
}

describe("ItemLocator", () => {
  it("names the node and field each command changes", () => {
    const doc = validDoc();
    expect(placesOf(doc, () => updateNode(doc, "c1", { body: "Analyser." }))).toEqual(["c1.body"]);
    expect(placesOf(doc, () => updateNode(doc, "a1", { title: "Veille" }))).toEqual(["a1.title"]);
    expect(placesOf(doc, () => moveNode(doc, "c2", { parent: "b1", index: 0 }))).toEqual(["c2.position"]);
    expect(placesOf(doc, () => pinCode(doc, "b1", "BC07"))).toEqual(["b1.code"]);
    expect(placesOf(doc, () => setLink(doc, "k1", "evaluates", "c2"))).toEqual(["k1.links"]);
    expect(placesOf(doc, () => setMeta(doc, { title: "Nouveau titre" }))).toEqual(["meta.title"]);
    expect(placesOf(doc, () => addNode(doc, { kind: "criterion", id: "k9" }, { parent: "b1" }))).toContain(
      "k9.node",
    );
    expect(placesOf(doc, () => deleteNode(doc, "k2"))).toEqual(["k2.node"]);
    expect(placesOf(doc, () => addComment(doc, { node: "c1" }, { author: "u", body: "Oui" }))).toEqual([
      "comments.comments",
    ]);
  });
});
