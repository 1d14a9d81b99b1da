import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createReferential } from "./commands.ts";
import type { CorrespondenceRow, Renewal } from "./model.ts";
import { toReferential } from "./projection.ts";
import {
  addCorrespondenceRow,
  removeCorrespondenceRow,
  setRenewal,
  setRenewalPrevious,
  updateCorrespondenceRow,
} from "./renewal.ts";

const row = (id: string, code: string): CorrespondenceRow => ({
  id,
  old: [{ code, title: `Ancien ${code}` }],
  new: [],
  coverage: "partial",
  comment: "",
  confirmed: false,
});

const TABLE: Renewal = {
  previous: { rncpCode: "RNCP31114", title: "Ancien titre" },
  rows: [row("r1", "BC01"), row("r2", "BC02"), row("r3", "BC03")],
};

/** Two replicas of one référentiel with the table, in sync. */
function twoReplicas(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc();
  createReferential(a, { title: "T" });
  setRenewal(a, TABLE);
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  return [a, b];
}

function exchange(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, toB);
  Y.applyUpdate(a, toA);
}

const rowsOf = (doc: Y.Doc) => toReferential(doc).meta.renewal?.rows ?? [];

describe("the correspondence table in the shared document", () => {
  it("two people editing different rows at the same time both keep their edits", () => {
    const [a, b] = twoReplicas();
    updateCorrespondenceRow(a, "r1", { confirmed: true, coverage: "total" });
    updateCorrespondenceRow(b, "r2", { comment: "Fusionné avec BC03" });
    // …and different fields of one row.
    updateCorrespondenceRow(a, "r3", { comment: "Partiel" });
    updateCorrespondenceRow(b, "r3", { confirmed: true });
    exchange(a, b);
    expect(toReferential(a).meta.renewal).toEqual(toReferential(b).meta.renewal);
    expect(rowsOf(a)).toEqual([
      { ...row("r1", "BC01"), confirmed: true, coverage: "total" },
      { ...row("r2", "BC02"), comment: "Fusionné avec BC03" },
      { ...row("r3", "BC03"), comment: "Partiel", confirmed: true },
    ]);
  });

  it("concurrent additions and a removal all survive, the earlier certification too", () => {
    const [a, b] = twoReplicas();
    addCorrespondenceRow(a, row("r4", "BC04"));
    addCorrespondenceRow(b, row("r5", "BC05"));
    removeCorrespondenceRow(b, "r1");
    setRenewalPrevious(a, { rncpCode: "RNCP31115", title: "Autre" });
    exchange(a, b);
    expect(toReferential(a).meta.renewal).toEqual(toReferential(b).meta.renewal);
    expect(
      rowsOf(a)
        .map((r) => r.id)
        .sort(),
    ).toEqual(["r2", "r3", "r4", "r5"]);
    expect(toReferential(b).meta.renewal?.previous).toEqual({ rncpCode: "RNCP31115", title: "Autre" });
  });

  it("refuses bad input before writing anything", () => {
    const [a] = twoReplicas();
    const before = Y.encodeStateAsUpdate(a);
    expect(() => updateCorrespondenceRow(a, "r1", { coverage: "most" as "total" })).toThrow();
    expect(() => updateCorrespondenceRow(a, "nope", { comment: "x" })).toThrow(/introuvable/);
    expect(() => addCorrespondenceRow(a, { ...row("r9", "BC09"), comment: "x".repeat(3000) })).toThrow();
    expect(() => setRenewalPrevious(a, { rncpCode: "31114", title: "" })).toThrow(/RNCP/);
    expect(Y.encodeStateAsUpdate(a)).toEqual(before);
  });
});
