import { addNode, buildOutline, createReferential, toReferential } from "@refstudio/schema";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { localCollab } from "../collab/collab.ts";
import { applyDrop, moveBy, moveToAdjacentBloc, moveToBloc } from "./nodeActions.ts";

function setup() {
  const doc = new Y.Doc();
  createReferential(doc, { title: "T" });
  const b1 = addNode(doc, { kind: "bloc" }, { parent: null });
  const b2 = addNode(doc, { kind: "bloc" }, { parent: null });
  const [c1, c2, c3] = [1, 2, 3].map((n) =>
    addNode(doc, { kind: "competency", body: `C${n}` }, { parent: b1 }),
  );
  const a1 = addNode(doc, { kind: "activity", title: "A" }, { parent: b2 });
  const collab = localCollab("r", doc, { id: "u", name: "U", color: "#000000" });
  const outline = () => buildOutline(toReferential(doc));
  const order = (bloc: string) =>
    outline()
      .blocs.find((b) => b.bloc.id === bloc)
      ?.competencies.map((c) => c.id);
  return { collab, outline, order, b1, b2, c1: c1!, c2: c2!, c3: c3!, a1 };
}

describe("keyboard moves", () => {
  it("moves an item up and down among its siblings, not past the ends", () => {
    const s = setup();
    expect(moveBy(s.collab, s.outline(), s.c1, 1)).toBe(true);
    expect(s.order(s.b1)).toEqual([s.c2, s.c1, s.c3]);
    expect(moveBy(s.collab, s.outline(), s.c3, -1)).toBe(true);
    expect(s.order(s.b1)).toEqual([s.c2, s.c3, s.c1]);
    expect(moveBy(s.collab, s.outline(), s.c1, 1)).toBe(false);
    expect(moveBy(s.collab, s.outline(), s.c2, -1)).toBe(false);
  });

  it("moves an item to the next bloc and back, as one undo step each", () => {
    const s = setup();
    s.collab.undo.clear();
    expect(moveToAdjacentBloc(s.collab, s.outline(), s.c2, 1)).toBe(true);
    expect(s.order(s.b2)).toEqual([s.c2]);
    expect(moveToAdjacentBloc(s.collab, s.outline(), s.c2, 1)).toBe(false);
    s.collab.undo.undo();
    expect(s.order(s.b1)).toEqual([s.c1, s.c2, s.c3]);
  });
});

describe("drag and drop", () => {
  it("takes the place of the item it is dropped on, in that item's bloc", () => {
    const s = setup();
    const run = (id: string, parent: string | null, index?: number) =>
      moveToBloc(s.collab, id, parent, index);
    applyDrop(s.outline(), s.c3, s.c1, { type: "item", parent: s.b1, kind: "competency" }, run);
    expect(s.order(s.b1)).toEqual([s.c3, s.c1, s.c2]);
    applyDrop(s.outline(), s.c1, s.b2, { type: "bloc", parent: null, kind: "bloc" }, run);
    expect(s.order(s.b2)).toEqual([s.c1]);
    // onto an item of another kind: joins that item's bloc
    applyDrop(s.outline(), s.c2, s.a1, { type: "item", parent: s.b2, kind: "activity" }, run);
    expect(s.order(s.b2)).toEqual([s.c1, s.c2]);
    // a bloc dropped on a competency: nothing
    applyDrop(s.outline(), s.b1, s.c1, { type: "item", parent: s.b2, kind: "competency" }, run);
    expect(s.outline().blocs.map((b) => b.bloc.id)).toEqual([s.b1, s.b2]);
  });
});
