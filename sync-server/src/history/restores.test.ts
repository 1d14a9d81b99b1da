import {
  addNode,
  createReferential,
  LOCAL_ORIGIN,
  nodesMap,
  nodeTitle,
  readMeta,
  readNode,
  readNodes,
  restoreReferential,
  updateNode,
} from "@refstudio/schema";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { selectiveUndo } from "./restores.ts";

/** Two replicas in sync. */
function pair(doc: Y.Doc): Y.Doc {
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  return other;
}
const sync = (from: Y.Doc, to: Y.Doc) =>
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));

describe("selectiveUndo", () => {
  it("undoes a restore alone: what it replaced comes back, what was typed after it stays", () => {
    const a = new Y.Doc();
    createReferential(a, { title: "T" });
    addNode(a, { kind: "bloc", id: "b1", title: "Bloc" }, { parent: null });
    addNode(a, { kind: "activity", id: "a1", title: "Veille" }, { parent: "b1" });
    const earlier = { meta: readMeta(a), nodes: readNodes(a) };
    addNode(a, { kind: "competency", id: "c9", body: "Ajoutée après." }, { parent: "b1" });
    updateNode(a, "a1", { title: "Veille stratégique" });
    const b = pair(a);

    // A restores the earlier state (capturing the state before and the restore's update).
    const before = Y.encodeStateAsUpdate(a);
    const updates: Uint8Array[] = [];
    const collect = (update: Uint8Array) => updates.push(update);
    a.on("update", collect);
    restoreReferential(a, earlier);
    a.off("update", collect);
    const change = Y.mergeUpdates(updates);
    sync(a, b);
    expect(readNode(b, "c9")).toBeUndefined();
    expect(readNode(b, "a1")?.title).toBe("Veille");

    // B types after the restore.
    const title = nodeTitle(nodesMap(b).get("a1")!);
    b.transact(() => title.insert(title.length, " — B"), LOCAL_ORIGIN);
    sync(b, a);

    const undo = selectiveUndo(before, change, a);
    expect(undo).not.toBeNull();
    Y.applyUpdate(a, undo!);
    sync(a, b);
    expect(readNode(a, "c9")?.body[0]?.content?.[0]?.text).toBe("Ajoutée après.");
    expect(readNode(a, "a1")?.title).toBe("Veille stratégique — B");
    expect(readNodes(b)).toEqual(readNodes(a));
  });
});
