import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { addNode, deleteNode, setLink, setMeta, updateNode } from "../commands.ts";
import { LOCAL_ORIGIN, nodeBody, nodesMap, owningNodeId } from "../layout.ts";
import type { ValidationReport } from "./issue.ts";
import { LiveValidator } from "./live.ts";
import { applyCommand, commandArb, edgyDoc, idSequence, validDoc } from "./testing.ts";
import { validateDoc } from "./validate.ts";

const REMOTE = "remote";

const keysOf = (report: ValidationReport) => report.issues.map((issue) => issue.key);

/** Types one character into a competency's statement, as Tiptap does. */
function keystroke(doc: Y.Doc, id: string, at: number, char: string): void {
  const paragraph = nodeBody(nodesMap(doc).get(id)!).get(0) as Y.XmlElement;
  doc.transact(() => (paragraph.get(0) as Y.XmlText).insert(at, char), LOCAL_ORIGIN);
}

describe("LiveValidator", () => {
  it("starts from the document's full report", () => {
    const doc = validDoc();
    deleteNode(doc, "k2");
    const live = new LiveValidator(doc);
    expect(live.report()).toEqual(validateDoc(doc));
    expect(keysOf(live.report())).toEqual(["competency.evaluated:c2:evaluates"]);
  });

  it("notifies subscribers only when a transaction changed the report", () => {
    const doc = validDoc();
    const live = new LiveValidator(doc);
    const reports: ValidationReport[] = [];
    const unsubscribe = live.subscribe((report) => reports.push(report));

    keystroke(doc, "c1", 8, "s"); // « Analysers » is no infinitive: a warning appears
    expect(reports).toHaveLength(1);
    expect(keysOf(reports[0]!)).toEqual(["competency.verb:c1:verb"]);
    expect(reports[0]!.issues[0]!.message.fr).toBe(
      "La compétence C1.1 ne commence pas par un verbe d'action à l'infinitif (« Analysers »).",
    );

    keystroke(doc, "c2", 0, "R"); // « ROrganiser » still ends in -er: the report is unchanged
    expect(reports).toHaveLength(1);

    setMeta(doc, { level: "" });
    expect(reports).toHaveLength(2);
    expect(live.report()).toBe(reports[1]);
    expect(live.report()).toEqual(validateDoc(doc));

    unsubscribe();
    setMeta(doc, { level: "NIV6" });
    expect(reports).toHaveLength(2);
    expect(keysOf(live.report())).toEqual(["competency.verb:c1:verb"]);
  });

  it("re-reads only the edited node's text on a keystroke", () => {
    const doc = edgyDoc();
    const live = new LiveValidator(doc);
    live.report();
    const toArray = Y.XmlFragment.prototype.toArray;
    const read = new Set<string>();
    const spy = vi.spyOn(Y.XmlFragment.prototype, "toArray").mockImplementation(function (
      this: Y.XmlFragment,
    ) {
      read.add(owningNodeId(doc, this as unknown as Y.AbstractType<unknown>) ?? "(not a node)");
      return toArray.call(this);
    });
    let report: ValidationReport;
    try {
      keystroke(doc, "c3", 3, "x");
      report = live.report();
    } finally {
      spy.mockRestore();
    }
    expect([...read]).toEqual(["c3"]);
    expect(report).toEqual(validateDoc(doc));
  });

  it("renames findings when codes change, without re-checking them", () => {
    const doc = validDoc();
    const live = new LiveValidator(doc);
    updateNode(doc, "c2", { body: "Analyse du marché pour décider." });
    expect(live.report().issues.map((i) => i.message.fr)).toEqual([
      "La compétence C1.2 ne commence pas par un verbe d'action à l'infinitif (« Analyse »).",
    ]);
    // A new first competency shifts c2 to C1.3.
    addNode(
      doc,
      {
        kind: "competency",
        id: "c0",
        body: "Définir la cible afin de positionner l'offre.",
        links: { activities: ["a1"] },
      },
      { parent: "b1", index: 0 },
    );
    setLink(doc, "m1", "covers", "c0");
    addNode(
      doc,
      { kind: "criterion", id: "k0", body: "La cible est définie.", links: { evaluates: ["c0"] } },
      { parent: "b1" },
    );
    expect(live.report().issues.map((i) => i.message.fr)).toEqual([
      "La compétence C1.3 ne commence pas par un verbe d'action à l'infinitif (« Analyse »).",
    ]);
    expect(live.report()).toEqual(validateDoc(doc));
  });

  it("follows remote updates, including a child added into a bloc deleted elsewhere", () => {
    const doc = validDoc();
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
    const live = new LiveValidator(doc);
    deleteNode(doc, "b1");
    addNode(remote, { kind: "activity", id: "late", title: "Reporting" }, { parent: "b1" });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote), REMOTE);
    expect(keysOf(live.report())).toContain("structure.orphan:late");
    expect(live.report()).toEqual(validateDoc(doc));
  });

  describe("re-checks what a remote deletion affects but does not touch", () => {
    /** `doc` and a replica in sync; `edit` runs on both sides concurrently, then they sync. */
    function concurrently(local: (doc: Y.Doc) => void, remote: (doc: Y.Doc) => void) {
      const doc = edgyDoc();
      const other = new Y.Doc();
      Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
      const live = new LiveValidator(doc);
      local(doc);
      remote(other);
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)), REMOTE);
      expect(live.report()).toEqual(validateDoc(doc));
      return keysOf(live.report());
    }

    it("a local child of a bloc deleted remotely becomes an orphan", () => {
      const keys = concurrently(
        (doc) => addNode(doc, { kind: "activity", id: "x", title: "Veille" }, { parent: "b2" }),
        (doc) => deleteNode(doc, "b2"),
      );
      expect(keys).toContain("structure.orphan:x");
    });

    it("a local link to a competency deleted remotely dangles", () => {
      const keys = concurrently(
        (doc) => setLink(doc, "k1", "evaluates", "c2"),
        (doc) => deleteNode(doc, "c2"),
      );
      expect(keys).toContain("link.dangling:k1:evaluates:c2");
    });

    it("twins stop being duplicates when one loses its bloc remotely", () => {
      const text = "Piloter le budget afin de tenir les délais.";
      const keys = concurrently(
        (doc) => {
          addNode(doc, { kind: "competency", id: "x", body: text }, { parent: "b2" });
          addNode(doc, { kind: "competency", id: "y", body: text }, { parent: "b1" });
          expect(keysOf(validateDoc(doc))).toContain("competency.duplicate:x");
        },
        (doc) => deleteNode(doc, "b2"),
      );
      expect(keys).toContain("structure.orphan:x");
      expect(keys.filter((key) => key.startsWith("competency.duplicate"))).toEqual([]);
    });
  });

  it("stops following the document once destroyed", () => {
    const doc = validDoc();
    const live = new LiveValidator(doc);
    const before = live.report();
    live.destroy();
    deleteNode(doc, "k1");
    expect(live.report()).toBe(before);
    expect(validateDoc(doc).errors).toBe(1);
  });

  it("reads nothing until the report is asked for, then catches up with every transaction", () => {
    const doc = edgyDoc();
    const live = new LiveValidator(doc);
    const toArray = Y.XmlFragment.prototype.toArray;
    let reads = 0;
    const spy = vi.spyOn(Y.XmlFragment.prototype, "toArray").mockImplementation(function (
      this: Y.XmlFragment,
    ) {
      reads++;
      return toArray.call(this);
    });
    try {
      keystroke(doc, "c3", 3, "x");
      deleteNode(doc, "k1");
      expect(reads).toBe(0);
      expect(live.report()).toEqual(validateDoc(doc));
      // Followed from now on, but checked only when read again.
      reads = 0;
      keystroke(doc, "c3", 4, "y");
      updateNode(doc, "c2", { body: "Analyse du marché pour décider." });
      expect(reads).toBe(0);
    } finally {
      spy.mockRestore();
    }
    expect(live.report()).toEqual(validateDoc(doc));
  });

  it("always reports what a full validation reports (random commands, local and remote)", () => {
    const step = fc.oneof(
      { weight: 6, arbitrary: fc.record({ remote: fc.boolean(), command: commandArb }) },
      { weight: 1, arbitrary: fc.constant("sync" as const) },
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
        const doc = edgyDoc();
        const remote = new Y.Doc();
        Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
        const live = new LiveValidator(doc);
        const ids = { local: idSequence("l"), remote: idSequence("r") };
        for (const s of steps) {
          if (s === "sync") {
            Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(doc)), REMOTE);
            Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(remote)), REMOTE);
          } else if (s.remote) applyCommand(remote, s.command, ids.remote);
          else applyCommand(doc, s.command, ids.local);
          expect(live.report()).toEqual(validateDoc(doc));
        }
        live.destroy();
      }),
      { numRuns: 250 },
    );
  }, 180_000);

  /** Random steps: local commands, commands on a replica, syncs, and points where the report is read. */
  const stepsArb = fc.array(
    fc.oneof(
      { weight: 6, arbitrary: fc.record({ remote: fc.boolean(), command: commandArb }) },
      { weight: 1, arbitrary: fc.constant("sync" as const) },
      { weight: 1, arbitrary: fc.constant("read" as const) },
    ),
    { minLength: 1, maxLength: 60 },
  );
  type Step = typeof stepsArb extends fc.Arbitrary<(infer S)[]> ? S : never;

  /** Plays the steps on an edgy document followed by `live`; `read` runs at each read step and at the end. */
  function play(steps: Step[], live: (doc: Y.Doc) => LiveValidator, read: (doc: Y.Doc) => void): void {
    const doc = edgyDoc();
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
    const validator = live(doc);
    const ids = { local: idSequence("l"), remote: idSequence("r") };
    for (const s of steps) {
      if (s === "read") read(doc);
      else if (s === "sync") {
        Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(doc)), REMOTE);
        Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(remote)), REMOTE);
      } else if (s.remote) applyCommand(remote, s.command, ids.remote);
      else applyCommand(doc, s.command, ids.local);
    }
    read(doc);
    validator.destroy();
  }

  it("reports what a full validation reports when read after many transactions", () => {
    fc.assert(
      fc.property(stepsArb, fc.boolean(), (steps, readFirst) => {
        let live: LiveValidator | undefined;
        play(
          steps,
          (doc) => {
            live = new LiveValidator(doc);
            // Read at once (then followed transaction by transaction), or only at the first read step.
            if (readFirst) live.report();
            return live;
          },
          (doc) => expect(live!.report()).toEqual(validateDoc(doc)),
        );
      }),
      { numRuns: 200 },
    );
  }, 180_000);

  it("notifies its subscribers of every change of the report, and only then", () => {
    fc.assert(
      fc.property(stepsArb, (steps) => {
        let live: LiveValidator | undefined;
        let notified: ValidationReport | undefined;
        let expected: ValidationReport | undefined;
        play(
          steps,
          (doc) => {
            live = new LiveValidator(doc);
            live.subscribe((report) => {
              // A notification always brings a new report.
              expect(report).not.toEqual(notified ?? expected);
              notified = report;
            });
            expected = validateDoc(doc);
            return live;
          },
          (doc) => {
            const now = validateDoc(doc);
            // Already up to date when the transaction ends: no need to read the report.
            expect(notified ?? expected).toEqual(now);
            expect(live!.report()).toBe(notified ?? live!.report());
          },
        );
      }),
      { numRuns: 200 },
    );
  }, 180_000);
});
