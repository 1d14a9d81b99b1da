import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addNode, createReferential, deleteNode, moveNode, updateNode } from "./commands.ts";
import { addComment } from "./comments.ts";
import { LOCAL_ORIGIN, nodeBody, nodesMap, nodeTitle, requireNodeMap } from "./layout.ts";
import { Referential } from "./model.ts";
import { readNode, readThread, toReferential } from "./projection.ts";
import { richToPlain, textLeaves, writeRich } from "./richtext.ts";

const BODY = "Analyser le marché\nafin de décider";

function setup() {
  const a = new Y.Doc();
  createReferential(a, { title: "T" });
  const bloc = addNode(a, { kind: "bloc" }, { parent: null });
  const c = addNode(a, { kind: "competency", title: "Analyse du marché", body: BODY }, { parent: bloc });
  const b = new Y.Doc();
  sync(a, b);
  return { a, b, bloc, c };
}

function sync(...docs: Y.Doc[]): void {
  for (const from of docs)
    for (const to of docs)
      if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

/** Types into the n-th text leaf of a body the way Tiptap does: straight into its Y.XmlText. */
function typeInBody(doc: Y.Doc, node: string, leaf: number, index: number, text: string): void {
  const leaves = textLeaves(nodeBody(requireNodeMap(doc, node)));
  leaves[leaf]?.text.insert(index, text, {});
}

function deleteInBody(doc: Y.Doc, node: string, leaf: number, index: number, length: number): void {
  textLeaves(nodeBody(requireNodeMap(doc, node)))[leaf]?.text.delete(index, length);
}

const plainBody = (doc: Y.Doc, node: string) => richToPlain(readNode(doc, node)?.body ?? []);

/** The commented text as the projection gives it. */
function commented(doc: Y.Doc, thread: string): string | undefined {
  const t = readThread(doc, thread);
  if (!t?.anchor.range || t.orphaned) return undefined;
  const text =
    t.anchor.field === "title" ? (readNode(doc, t.anchor.node)?.title ?? "") : plainBody(doc, t.anchor.node);
  return text.slice(t.anchor.range.from, t.anchor.range.to);
}

describe("range anchors", () => {
  it("follow concurrent edits before the range on another replica", () => {
    const { a, b, c } = setup();
    const thread = addComment(
      a,
      { node: c, field: "body", range: { from: 12, to: 18 } },
      { author: "u1", body: "?" },
    );
    expect(commented(a, thread)).toBe("marché");
    sync(a, b);
    typeInBody(b, c, 0, 0, "Bien ");
    typeInBody(a, c, 1, 0, "puis ");
    sync(a, b);
    for (const doc of [a, b]) {
      expect(plainBody(doc, c)).toBe("Bien Analyser le marché\npuis afin de décider");
      expect(readThread(doc, thread)?.anchor.range).toEqual({ from: 17, to: 23 });
      expect(commented(doc, thread)).toBe("marché");
    }
  });

  it("follow edits in a title", () => {
    const { a, b, c } = setup();
    const thread = addComment(
      a,
      { node: c, field: "title", range: { from: 11, to: 17 } },
      { author: "u1", body: "?" },
    );
    sync(a, b);
    nodeTitle(requireNodeMap(b, c)).insert(0, "Une ");
    sync(a, b);
    expect(readThread(a, thread)?.anchor.range).toEqual({ from: 15, to: 21 });
    expect(commented(a, thread)).toBe("marché");
  });

  it("grow with text typed inside, not with text typed at their edges", () => {
    const { a, c } = setup();
    const thread = addComment(
      a,
      { node: c, field: "body", range: { from: 12, to: 18 } },
      { author: "u1", body: "?" },
    );
    typeInBody(a, c, 0, 14, "++");
    expect(commented(a, thread)).toBe("ma++rché");
    typeInBody(a, c, 0, 12, "<");
    typeInBody(a, c, 0, 21, ">");
    expect(plainBody(a, c).slice(0, 22)).toBe("Analyser le <ma++rché>");
    expect(commented(a, thread)).toBe("ma++rché");
  });

  it("shrink when part of their text is deleted", () => {
    const { a, b, c } = setup();
    const thread = addComment(
      a,
      { node: c, field: "body", range: { from: 9, to: 18 } },
      { author: "u1", body: "?" },
    );
    sync(a, b);
    deleteInBody(b, c, 0, 9, 3);
    sync(a, b);
    expect(commented(a, thread)).toBe("marché");
  });

  it("span paragraphs", () => {
    const { a, b, c } = setup();
    const thread = addComment(
      a,
      { node: c, field: "body", range: { from: 12, to: 23 } },
      { author: "u1", body: "?" },
    );
    expect(commented(a, thread)).toBe("marché\nafin");
    sync(a, b);
    typeInBody(b, c, 1, 0, "et ");
    sync(a, b);
    expect(commented(a, thread)).toBe("marché\net afin");
  });

  it("may start or end on an empty line, which snaps to the text next to it", () => {
    const doc = new Y.Doc();
    createReferential(doc);
    const bloc = addNode(doc, { kind: "bloc" }, { parent: null });
    const c = addNode(doc, { kind: "competency" }, { parent: bloc });
    doc.transact(() =>
      writeRich(nodeBody(requireNodeMap(doc, c)), [
        { type: "paragraph", content: [{ type: "text", text: "ab" }] },
        { type: "paragraph" },
        { type: "paragraph", content: [{ type: "text", text: "cd" }] },
        { type: "paragraph" },
      ]),
    );
    expect(plainBody(doc, c)).toBe("ab\n\ncd\n");
    const start = addComment(
      doc,
      { node: c, field: "body", range: { from: 3, to: 6 } },
      { author: "u", body: "x" },
    );
    expect(readThread(doc, start)?.anchor.range).toEqual({ from: 4, to: 6 });
    const end = addComment(
      doc,
      { node: c, field: "body", range: { from: 0, to: 7 } },
      { author: "u", body: "x" },
    );
    expect(readThread(doc, end)?.anchor.range).toEqual({ from: 0, to: 6 });
    expect(() =>
      addComment(doc, { node: c, field: "body", range: { from: 3, to: 4 } }, { author: "u", body: "x" }),
    ).toThrow(/sans texte/);
    expect(() =>
      addComment(doc, { node: c, field: "body", range: { from: 0, to: 8 } }, { author: "u", body: "x" }),
    ).toThrow(/hors du texte/);
  });

  it("survive a move of their node", () => {
    const { a, c } = setup();
    const thread = addComment(
      a,
      { node: c, field: "body", range: { from: 12, to: 18 } },
      { author: "u1", body: "?" },
    );
    const other = addNode(a, { kind: "bloc" }, { parent: null });
    moveNode(a, c, { parent: other });
    expect(commented(a, thread)).toBe("marché");
  });
});

describe("orphaned threads", () => {
  it("a range whose text is deleted on another replica is orphaned, not lost", () => {
    const { a, b, c } = setup();
    const thread = addComment(
      a,
      { node: c, field: "body", range: { from: 12, to: 18 } },
      { author: "u1", body: "Précisez" },
    );
    sync(a, b);
    deleteInBody(b, c, 0, 10, 8);
    sync(a, b);
    const t = readThread(a, thread);
    expect(t).toMatchObject({
      orphaned: true,
      anchor: { node: c, field: "body" },
      messages: [{ body: "Précisez" }],
    });
    expect(t?.anchor.range).toBeUndefined();
    expect(() => Referential.parse(toReferential(a))).not.toThrow();
  });

  it("a range is orphaned when its node's text is replaced whole", () => {
    const { a, c } = setup();
    const thread = addComment(
      a,
      { node: c, field: "body", range: { from: 0, to: 8 } },
      { author: "u1", body: "?" },
    );
    updateNode(a, c, { body: "Tout autre chose" });
    expect(readThread(a, thread)?.orphaned).toBe(true);
  });

  it("every kind of anchor is orphaned when its node is deleted, concurrently or not", () => {
    const { a, b, bloc, c } = setup();
    const threads = [
      addComment(a, { node: c }, { author: "u1", body: "1" }),
      addComment(a, { node: c, field: "title" }, { author: "u1", body: "2" }),
      addComment(a, { node: c, field: "body", range: { from: 0, to: 8 } }, { author: "u1", body: "3" }),
    ];
    sync(a, b);
    const late = addComment(
      b,
      { node: c, field: "title", range: { from: 0, to: 7 } },
      { author: "u2", body: "4" },
    );
    deleteNode(a, bloc);
    sync(a, b);
    for (const doc of [a, b]) {
      for (const id of [...threads, late])
        expect(readThread(doc, id)).toMatchObject({ orphaned: true, anchor: { node: c } });
      expect(toReferential(doc).comments).toHaveLength(4);
      expect(() => Referential.parse(toReferential(doc))).not.toThrow();
    }
  });

  it("comes back when the deletion of its node is undone", () => {
    const { a, c } = setup();
    const thread = addComment(
      a,
      { node: c, field: "body", range: { from: 12, to: 18 } },
      { author: "u1", body: "?" },
    );
    const undo = new Y.UndoManager([nodesMap(a)], {
      trackedOrigins: new Set([LOCAL_ORIGIN]),
      captureTimeout: 0,
    });
    deleteNode(a, c);
    expect(readThread(a, thread)?.orphaned).toBe(true);
    undo.undo();
    expect(readThread(a, thread)?.orphaned).toBe(false);
    expect(commented(a, thread)).toBe("marché");
  });
});
