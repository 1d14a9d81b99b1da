import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addNode, createReferential, deleteNode, setMeta } from "./commands.ts";
import { emptyMeta, type Meta, type Node, type NodeKind, type Referential } from "./model.ts";
import { blocCode, buildOutline, compareOrder, isOrderKey } from "./outline.ts";
import { toReferential } from "./projection.ts";

const META: Meta = { ...emptyMeta(), title: "T", level: "NIV6" };

/** A node as the projection gives it, with only what the outline reads set. */
function node(
  kind: NodeKind,
  id: string,
  parent: string | null,
  order: string,
  pinnedCode: string | null = null,
): Node {
  const base = { id, parent, order, pinnedCode, title: id, body: [], links: {} };
  if (kind === "bloc") return { ...base, kind, prerequis: "", prerequisEntree: "" };
  if (kind === "modality") return { ...base, kind, modalityType: null, grouping: null, duration: "" };
  return { ...base, kind };
}

const ref = (nodes: Node[], rncpCode = ""): Referential => ({
  meta: { ...META, rncpCode },
  nodes,
  comments: [],
});

/** Two blocs (given out of order) with children of every kind, and two transversal modalities. */
const NODES: Node[] = [
  node("bloc", "b2", null, "a1"),
  node("bloc", "b1", null, "a0"),
  node("activity", "a12", "b1", "a1"),
  node("activity", "a11", "b1", "a0"),
  node("competency", "c11", "b1", "a0"),
  node("competency", "c21", "b2", "a0"),
  node("competency", "c23", "b2", "a2"),
  node("competency", "c22", "b2", "a1"),
  node("modality", "m11", "b1", "a0"),
  node("criterion", "cr11", "b1", "a0"),
  node("criterion", "cr21", "b2", "a0"),
  node("modality", "mt2", null, "a1"),
  node("modality", "mt1", null, "a0"),
];

describe("buildOutline", () => {
  it("orders blocs and their children and derives codes from position", () => {
    const outline = buildOutline(ref(NODES));
    expect(outline.blocs.map((b) => b.bloc.id)).toEqual(["b1", "b2"]);
    expect(outline.blocs[0]?.activities.map((n) => n.id)).toEqual(["a11", "a12"]);
    expect(outline.blocs[1]?.competencies.map((n) => n.id)).toEqual(["c21", "c22", "c23"]);
    expect(outline.transversal.map((n) => n.id)).toEqual(["mt1", "mt2"]);
    expect(Object.fromEntries(outline.codes)).toEqual({
      b1: "BC01",
      b2: "BC02",
      a11: "A1.1",
      a12: "A1.2",
      c11: "C1.1",
      c21: "C2.1",
      c22: "C2.2",
      c23: "C2.3",
      m11: "M1.1",
      cr11: "CR1.1",
      cr21: "CR2.1",
      mt1: "MT1",
      mt2: "MT2",
    });
    expect(outline.orphans).toEqual([]);
    expect(outline.byId.get("c22")?.kind).toBe("competency");
  });

  it("prefixes bloc codes with the RNCP number once it is set", () => {
    const codes = buildOutline(ref(NODES, "RNCP12345")).codes;
    expect(codes.get("b1")).toBe("RNCP12345BC01");
    expect(codes.get("b2")).toBe("RNCP12345BC02");
    expect(codes.get("c23")).toBe("C2.3");
  });

  it("keeps pinned codes, and the others keep their position's code", () => {
    const nodes = NODES.map((n) =>
      n.id === "c22" ? { ...n, pinnedCode: "C2.9" } : n.id === "b1" ? { ...n, pinnedCode: "BC10" } : n,
    );
    const codes = buildOutline(ref(nodes, "RNCP1234")).codes;
    expect(codes.get("c22")).toBe("C2.9");
    expect(codes.get("c23")).toBe("C2.3");
    expect(codes.get("b1")).toBe("BC10");
    expect(codes.get("b2")).toBe("RNCP1234BC02");
  });

  it("breaks ties between equal order keys by id", () => {
    const nodes = [
      node("bloc", "b", null, "a0"),
      node("competency", "zz", "b", "a0"),
      node("competency", "aa", "b", "a0"),
      node("competency", "mm", "b", "Zz"),
    ];
    const outline = buildOutline(ref(nodes));
    expect(outline.blocs[0]?.competencies.map((n) => n.id)).toEqual(["mm", "aa", "zz"]);
    expect(outline.codes.get("zz")).toBe("C1.3");
  });

  it("lists orphans (missing parent, wrong parent, misplaced kind) without a code", () => {
    const nodes = [
      ...NODES,
      node("competency", "lost", "deleted-bloc", "a0"),
      node("criterion", "under-competency", "c11", "a0"),
      node("activity", "at-root", null, "a0"),
    ];
    const outline = buildOutline(ref(nodes));
    expect(outline.orphans.map((n) => n.id).sort()).toEqual(["at-root", "lost", "under-competency"]);
    for (const id of ["lost", "under-competency", "at-root"]) expect(outline.codes.has(id)).toBe(false);
    expect(outline.codes.get("c11")).toBe("C1.1");
  });

  it("shows the orphan a concurrent insert into a deleted bloc leaves", () => {
    const a = new Y.Doc();
    createReferential(a);
    const bloc = addNode(a, { kind: "bloc" }, { parent: null });
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    deleteNode(a, bloc);
    const late = addNode(b, { kind: "competency", body: "Analyser" }, { parent: bloc });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    const outline = buildOutline(toReferential(a));
    expect(outline.blocs).toEqual([]);
    expect(outline.orphans.map((n) => n.id)).toEqual([late]);
  });

  it("derives codes from a live document", () => {
    const doc = new Y.Doc();
    createReferential(doc);
    const b1 = addNode(doc, { kind: "bloc" }, { parent: null });
    const b2 = addNode(doc, { kind: "bloc" }, { parent: null });
    const c = addNode(doc, { kind: "competency" }, { parent: b2 });
    const first = addNode(doc, { kind: "competency" }, { parent: b2, index: 0 });
    const mt = addNode(doc, { kind: "modality" }, { parent: null });
    setMeta(doc, { rncpCode: "RNCP38000" });
    const codes = buildOutline(toReferential(doc)).codes;
    expect([codes.get(b1), codes.get(b2), codes.get(first), codes.get(c), codes.get(mt)]).toEqual([
      "RNCP38000BC01",
      "RNCP38000BC02",
      "C2.1",
      "C2.2",
      "MT1",
    ]);
  });
});

describe("compareOrder / isOrderKey / blocCode", () => {
  it("compares keys as strings, then ids", () => {
    expect(compareOrder({ order: "a0", id: "z" }, { order: "a1", id: "a" })).toBeLessThan(0);
    expect(compareOrder({ order: "a1", id: "a" }, { order: "a0", id: "z" })).toBeGreaterThan(0);
    expect(compareOrder({ order: "a0", id: "a" }, { order: "a0", id: "b" })).toBeLessThan(0);
    expect(compareOrder({ order: "a0", id: "b" }, { order: "a0", id: "b" })).toBe(0);
  });

  it("recognizes fractional-indexing keys", () => {
    for (const key of ["a0", "a1V", "Zz", "b10"]) expect(isOrderKey(key), key).toBe(true);
    for (const key of ["", "1", "a", "a10", "é"]) expect(isOrderKey(key), key).toBe(false);
  });

  it("pads the bloc number to two digits", () => {
    expect(blocCode("", 3)).toBe("BC03");
    expect(blocCode("RNCP1234", 12)).toBe("RNCP1234BC12");
  });
});
