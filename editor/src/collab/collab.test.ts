import { addNode, createReferential, LOCAL_ORIGIN, nodesMap, readNode } from "@refstudio/schema";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { localCollab } from "./collab.ts";
import { acquireCollab, openCollabCount, releaseCollab } from "./registry.ts";

const user = { id: "u1", name: "Alice", color: "#1f6f8b" };

function seeded(): Y.Doc {
  const doc = new Y.Doc();
  createReferential(doc, { title: "Test" });
  return doc;
}

describe("undo", () => {
  it("undoes my own changes and leaves the others' alone", () => {
    const collab = localCollab("r1", seeded(), user);
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(collab.doc));
    collab.undo.clear();

    const mine = addNode(collab.doc, { kind: "bloc", title: "Mon bloc" }, { parent: null });
    const theirs = addNode(other, { kind: "bloc", title: "Son bloc" }, { parent: null });
    Y.applyUpdate(collab.doc, Y.encodeStateAsUpdate(other), "remote");
    expect(readNode(collab.doc, theirs)?.title).toBe("Son bloc");

    collab.undo.undo();
    expect(readNode(collab.doc, mine)).toBeUndefined();
    expect(readNode(collab.doc, theirs)?.title).toBe("Son bloc");
    collab.undo.redo();
    expect(readNode(collab.doc, mine)?.title).toBe("Mon bloc");
    collab.destroy();
  });

  it("does not track transactions that are not mine", () => {
    const collab = localCollab("r2", seeded(), user);
    collab.undo.clear();
    collab.doc.transact(() => nodesMap(collab.doc).set("x", new Y.Map()), "somebody-else");
    expect(collab.undo.canUndo()).toBe(false);
    collab.doc.transact(() => nodesMap(collab.doc).delete("x"), LOCAL_ORIGIN);
    expect(collab.undo.canUndo()).toBe(true);
    collab.destroy();
  });
});

describe("registry", () => {
  it("reuses one document across StrictMode's unmount and remount, and frees it afterwards", async () => {
    let created = 0;
    const create = (id: string) => {
      created += 1;
      return localCollab(id, seeded(), user);
    };
    const first = acquireCollab("r3", user, create);
    releaseCollab("r3");
    const second = acquireCollab("r3", user, create);
    expect(second).toBe(first);
    expect(created).toBe(1);
    releaseCollab("r3");
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(openCollabCount()).toBe(0);
  });
});
