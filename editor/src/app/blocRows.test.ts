import { addNode, buildOutline, createReferential, setLink, toReferential } from "@refstudio/schema";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { blocRows } from "./blocRows.ts";

describe("blocRows", () => {
  it("aligns activity → competencies → modalities → criteria, spanning shared cells", () => {
    const doc = new Y.Doc();
    createReferential(doc, { title: "T" });
    const b = addNode(doc, { kind: "bloc" }, { parent: null });
    const a1 = addNode(doc, { kind: "activity" }, { parent: b });
    const a2 = addNode(doc, { kind: "activity" }, { parent: b });
    const c1 = addNode(doc, { kind: "competency", links: { activities: [a1] } }, { parent: b });
    const c2 = addNode(doc, { kind: "competency", links: { activities: [a1] } }, { parent: b });
    const c3 = addNode(doc, { kind: "competency" }, { parent: b });
    const m1 = addNode(doc, { kind: "modality", links: { covers: [c1, c2] } }, { parent: b });
    const m2 = addNode(doc, { kind: "modality" }, { parent: b });
    const cr1 = addNode(doc, { kind: "criterion", links: { evaluates: [c1] } }, { parent: b });
    const cr2 = addNode(doc, { kind: "criterion" }, { parent: b });
    setLink(doc, cr2, "evaluates", c2);
    const outline = buildOutline(toReferential(doc));
    const entry = outline.blocs[0];
    if (!entry) throw new Error("no bloc");
    const rows = blocRows(entry, outline);
    const show = (cell: { ids: string[]; rowSpan: number } | null) =>
      cell ? `${cell.ids.join("+")}/${cell.rowSpan}` : "·";
    expect(
      rows.map((r) => [show(r.activity), show(r.competency), show(r.modalities), show(r.criteria)]),
    ).toEqual([
      [`${a1}/2`, `${c1}/1`, `${m1}/2`, `${cr1}/1`],
      ["·", `${c2}/1`, "·", `${cr2}/1`],
      [`${a2}/1`, "/1", "/1", "/1"],
      ["/1", `${c3}/1`, "/1", "/1"],
      ["/1", "/1", `${m2}/1`, "/1"],
    ]);
  });
});
