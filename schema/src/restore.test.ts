import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { updateNode } from "./commands.ts";
import { addComment } from "./comments.ts";
import { LOCAL_ORIGIN, nodeBody, nodesMap, nodeTitle } from "./layout.ts";
import { readNode, toReferential } from "./projection.ts";
import { restoreReferential } from "./restore.ts";
import { richToPlain } from "./richtext.ts";
import { canonicalJson } from "./snapshot.ts";
import { transactionsOf } from "./testing.ts";
import { applyCommand, commandArb, edgyDoc, idSequence, validDoc } from "./validation/testing.ts";

const content = (ref: ReturnType<typeof toReferential>) =>
  canonicalJson({ meta: ref.meta, nodes: ref.nodes });

/** A second replica of a document, kept in sync by hand. */
function replicaOf(doc: Y.Doc, clientID: number): Y.Doc {
  const copy = new Y.Doc();
  copy.clientID = clientID;
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}
const exchange = (a: Y.Doc, b: Y.Doc) => {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, toB);
  Y.applyUpdate(a, toA);
};

describe("restoreReferential", () => {
  it("brings back an earlier state in one transaction, for random command sequences", () => {
    fc.assert(
      fc.property(
        fc.array(commandArb, { maxLength: 20 }),
        fc.array(commandArb, { minLength: 1, maxLength: 25 }),
        (before, after) => {
          const doc = edgyDoc();
          const nextId = idSequence("n");
          for (const command of before) applyCommand(doc, command, nextId);
          const earlier = toReferential(doc);
          for (const command of after) applyCommand(doc, command, nextId);
          const threads = toReferential(doc).comments.map((thread) => thread.id);

          const origins = transactionsOf(doc, () => restoreReferential(doc, earlier));
          expect(origins.length).toBeLessThanOrEqual(1);
          expect(origins.every((origin) => origin === LOCAL_ORIGIN)).toBe(true);
          const restored = toReferential(doc);
          expect(content(restored)).toBe(content(earlier));
          // Discussion is kept, whatever the state brought back.
          expect(restored.comments.map((thread) => thread.id)).toEqual(threads);
        },
      ),
      { numRuns: 120 },
    );
  });

  it("changes nothing when the state is already the current one", () => {
    const doc = edgyDoc();
    expect(transactionsOf(doc, () => restoreReferential(doc, toReferential(doc)))).toHaveLength(1);
    const updates: Uint8Array[] = [];
    doc.on("update", (update: Uint8Array) => updates.push(update));
    restoreReferential(doc, toReferential(doc));
    expect(updates).toEqual([]);
  });

  it("keeps what someone types meanwhile, in a field the restore does not change and in one it does", () => {
    const doc = validDoc();
    doc.clientID = 1;
    updateNode(doc, "c1", { body: "Premier paragraphe.\nSecond paragraphe." });
    const version = toReferential(doc);
    updateNode(doc, "c1", { body: "Premier paragraphe.\nSecond paragraphe revu." });
    updateNode(doc, "a1", { title: "Veille concurrentielle du marché" });
    const bob = replicaOf(doc, 2);

    // Bob types in c1's first paragraph and in a1's title while Anne restores the version.
    bob.transact(() => {
      const first = nodeBody(nodesMap(bob).get("c1")!).get(0) as Y.XmlElement;
      (first.get(0) as Y.XmlText).insert(0, "Bob : ");
      nodeTitle(nodesMap(bob).get("a1")!).insert(0, "[B] ");
    }, LOCAL_ORIGIN);
    restoreReferential(doc, version);
    exchange(doc, bob);

    expect(content(toReferential(doc))).toBe(content(toReferential(bob)));
    const body = richToPlain(readNode(doc, "c1")!.body);
    expect(body).toBe("Bob : Premier paragraphe.\nSecond paragraphe.");
    expect(readNode(doc, "a1")!.title).toBe("[B] Veille du marché");
  });

  it("keeps comment threads, orphaned when their node is gone", () => {
    const doc = validDoc();
    const version = toReferential(doc);
    updateNode(doc, "k1", { body: "Critère revu." });
    const id = addComment(doc, { node: "k1", field: "body" }, { author: "u1", body: "À revoir" });
    restoreReferential(doc, version);
    const thread = toReferential(doc).comments.find((entry) => entry.id === id);
    expect(thread?.messages[0]?.body).toBe("À revoir");
  });
});
