import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addNode, deleteNode, moveNode, pinCode, setLink, setMeta, updateNode } from "./commands.ts";
import { applyComparison, compareReferentials } from "./compare.ts";
import type { RichText } from "./model.ts";
import { toReferential } from "./projection.ts";
import { richToPlain } from "./richtext.ts";
import { canonicalJson } from "./snapshot.ts";
import { applyCommand, commandArb, edgyDoc, idSequence, validDoc } from "./validation/testing.ts";
import { textAfter, textBefore } from "./word-diff.ts";

const plainOf = (value: unknown) =>
  typeof value === "string" ? value : richToPlain((value ?? []) as RichText);
const content = (ref: ReturnType<typeof toReferential>) =>
  canonicalJson({ meta: ref.meta, nodes: ref.nodes });

describe("compareReferentials", () => {
  it("gives the newer state when its changes are applied to the older one, for random command sequences", () => {
    fc.assert(
      fc.property(
        fc.array(commandArb, { maxLength: 25 }),
        fc.array(commandArb, { minLength: 1, maxLength: 25 }),
        (before, after) => {
          const doc = edgyDoc();
          const nextId = idSequence("n");
          for (const command of before) applyCommand(doc, command, nextId);
          const older = toReferential(doc);
          for (const command of after) applyCommand(doc, command, nextId);
          const newer = toReferential(doc);

          const comparison = compareReferentials(older, newer);
          const applied = applyComparison(older, comparison);
          expect(content(applied)).toBe(content(newer));
          expect(comparison.identical).toBe(content(older) === content(newer));
          for (const change of [...comparison.meta, ...comparison.changed.flatMap((c) => c.fields)]) {
            if (!change.parts) continue;
            expect(textBefore(change.parts)).toBe(plainOf(change.before));
            expect(textAfter(change.parts)).toBe(plainOf(change.after));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("reports a competency moved to another bloc and renumbered, and its links", () => {
    const doc = edgyDoc();
    const older = toReferential(doc);
    moveNode(doc, "c2", { parent: "b2", index: 0 });
    setLink(doc, "c2", "activities", "a1", false);
    setLink(doc, "c2", "activities", "a2");
    const comparison = compareReferentials(older, toReferential(doc));

    const moved = comparison.changed.find((change) => change.ref.id === "c2");
    expect(moved?.moved).toEqual({
      from: expect.objectContaining({ id: "b1", code: "BC01" }),
      to: expect.objectContaining({ id: "b2", code: "BC02" }),
    });
    expect(moved?.renumbered).toEqual({ from: "C1.2", to: "C2.1" });
    expect(moved?.links).toEqual([
      {
        name: "activities",
        added: [expect.objectContaining({ id: "a2", code: "A2.1" })],
        removed: [expect.objectContaining({ id: "a1", code: "A1.1" })],
        after: ["a2"],
      },
    ]);
    // c3 and c4 were pushed down by one in bloc 2.
    const renumbered = comparison.changed.filter((change) => change.renumbered && !change.moved);
    expect(renumbered.map((change) => [change.ref.id, change.renumbered])).toEqual([
      ["c3", { from: "C2.1", to: "C2.2" }],
      ["c4", { from: "C2.2", to: "C2.3" }],
    ]);
    expect(comparison.counts).toMatchObject({ moved: 1, renumbered: 3, links: 1, added: 0, removed: 0 });
  });

  it("reports added and removed nodes with the bloc they belong to", () => {
    const doc = validDoc();
    const older = toReferential(doc);
    addNode(doc, { kind: "competency", id: "c9", body: "Piloter un budget." }, { parent: "b1" });
    deleteNode(doc, "k2");
    const comparison = compareReferentials(older, toReferential(doc));
    expect(comparison.added.map((entry) => [entry.ref.code, entry.ref.label, entry.bloc?.code])).toEqual([
      ["C1.3", "Piloter un budget.", "BC01"],
    ]);
    expect(comparison.removed.map((entry) => [entry.ref.code, entry.bloc?.code])).toEqual([
      ["CR1.2", "BC01"],
    ]);
  });

  it("diffs changed texts word by word, and a pinned code", () => {
    const doc = validDoc();
    const older = toReferential(doc);
    updateNode(doc, "c1", { body: "Analyser les études récentes afin d'établir un diagnostic du marché." });
    pinCode(doc, "b1", "RNCP12345BC07");
    setMeta(doc, { title: "Chef de projet marketing digital" });
    const comparison = compareReferentials(older, toReferential(doc));

    const body = comparison.changed.find((change) => change.ref.id === "c1")?.fields[0];
    expect(body?.field).toBe("body");
    expect(body?.parts).toEqual([
      { op: "same", text: "Analyser les études " },
      { op: "delete", text: "existantes" },
      { op: "insert", text: "récentes" },
      { op: "same", text: " afin d'établir un diagnostic du marché." },
    ]);
    expect(textBefore(body!.parts!)).toBe(
      "Analyser les études existantes afin d'établir un diagnostic du marché.",
    );
    const bloc = comparison.changed.find((change) => change.ref.id === "b1");
    expect(bloc?.pinnedCode).toEqual({ before: null, after: "RNCP12345BC07" });
    expect(bloc?.renumbered).toEqual({ from: "BC01", to: "RNCP12345BC07" });
    expect(comparison.meta.map((field) => field.field)).toEqual(["title"]);
  });

  it("says two equal states are identical", () => {
    const ref = toReferential(edgyDoc());
    const comparison = compareReferentials(ref, ref);
    expect(comparison.identical).toBe(true);
    expect(comparison.changed).toEqual([]);
  });
});
