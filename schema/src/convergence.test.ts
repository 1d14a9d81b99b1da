import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addNode, deleteNode, moveNode } from "./commands.ts";
import type { Referential } from "./model.ts";
import { buildOutline } from "./outline.ts";
import { toReferential } from "./projection.ts";
import { LiveValidator } from "./validation/live.ts";
import { applyCommand, type Command, commandArb, edgyDoc, idSequence } from "./validation/testing.ts";
import { validate, validateDoc } from "./validation/validate.ts";

/**
 * Convergence (DESIGN §10): replicas that start from one state, edit concurrently and exchange
 * their updates in any order end identical, with every node once, under a bloc or at the root,
 * and every orphan reported by validation.
 */

const REMOTE = "remote";

type Replica = { doc: Y.Doc; outbox: Uint8Array[]; nextId: () => string; live: LiveValidator };

function replicasOf(count: number): Replica[] {
  const seed = Y.encodeStateAsUpdate(edgyDoc());
  return Array.from({ length: count }, (_, i) => {
    const doc = new Y.Doc();
    doc.clientID = i + 1; // fixed ids make concurrent conflicts resolve the same way on every replay
    Y.applyUpdate(doc, seed, REMOTE);
    const outbox: Uint8Array[] = [];
    doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE) outbox.push(update);
    });
    return { doc, outbox, nextId: idSequence(`r${i}-`), live: new LiveValidator(doc) };
  });
}

/** Deterministic pseudo-random numbers from a fast-check seed (mulberry32). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Delivers every update not yet delivered to every other replica, in a random order; some only, if `partial`. */
function exchange(replicas: Replica[], delivered: Set<string>, next: () => number, partial: boolean): void {
  const pending: { to: number; from: number; index: number }[] = [];
  replicas.forEach((sender, from) => {
    sender.outbox.forEach((_, index) => {
      replicas.forEach((_, to) => {
        if (to !== from && !delivered.has(`${from}/${index}/${to}`)) pending.push({ to, from, index });
      });
    });
  });
  while (pending.length > 0) {
    const [{ to, from, index }] = pending.splice(Math.floor(next() * pending.length), 1) as [
      (typeof pending)[0],
    ];
    if (partial && next() < 0.5) continue;
    Y.applyUpdate(replicas[to]!.doc, replicas[from]!.outbox[index]!, REMOTE);
    delivered.add(`${from}/${index}/${to}`);
  }
}

/** The invariants every converged projection satisfies. */
function expectSound(ref: Referential): void {
  const ids = ref.nodes.map((n) => n.id);
  expect(new Set(ids).size).toBe(ids.length);
  const byId = new Map(ref.nodes.map((n) => [n.id, n]));
  for (const node of ref.nodes) {
    // Only blocs are parents and blocs sit at the root: no cycle is possible.
    if (node.kind === "bloc") expect(node.parent).toBeNull();
    else if (node.parent !== null && byId.has(node.parent)) expect(byId.get(node.parent)!.kind).toBe("bloc");
  }
  const outline = buildOutline(ref);
  const placed = [
    ...outline.blocs.flatMap((b) => [
      b.bloc,
      ...b.activities,
      ...b.competencies,
      ...b.modalities,
      ...b.criteria,
    ]),
    ...outline.transversal,
    ...outline.orphans,
  ].map((n) => n.id);
  expect(placed.sort()).toEqual([...ids].sort());
  const reported = validate(ref)
    .issues.filter((i) => i.rule === "structure.orphan")
    .map((i) => i.nodeId);
  expect(reported.sort()).toEqual(outline.orphans.map((n) => n.id).sort());
}

describe("convergence of concurrent edits", () => {
  it("keeps a child added into a concurrently deleted bloc, as a reported orphan", () => {
    const [a, b] = replicasOf(2) as [Replica, Replica];
    deleteNode(a.doc, "b2");
    addNode(
      b.doc,
      { kind: "competency", id: "late", body: "Piloter le budget afin de tenir les délais." },
      { parent: "b2" },
    );
    exchange([a, b], new Set(), random(1), false);
    const ref = toReferential(a.doc);
    expect(toReferential(b.doc)).toEqual(ref);
    expect(ref.nodes.find((n) => n.id === "late")?.parent).toBe("b2");
    expect(buildOutline(ref).orphans.map((n) => n.id)).toEqual(["late"]);
    expect(
      a.live
        .report()
        .issues.filter((i) => i.rule === "structure.orphan")
        .map((i) => i.nodeId),
    ).toEqual(["late"]);
    expectSound(ref);
  });

  it("puts a node moved concurrently to different blocs in one of them, the same everywhere", () => {
    const [a, b, c] = replicasOf(3) as [Replica, Replica, Replica];
    addNode(c.doc, { kind: "bloc", id: "b3", title: "Pilotage" }, { parent: null });
    moveNode(a.doc, "c1", { parent: "b2" });
    moveNode(b.doc, "c1", { parent: "b1", index: 1 });
    moveNode(c.doc, "c1", { parent: "b3" });
    exchange([a, b, c], new Set(), random(2), false);
    const ref = toReferential(a.doc);
    for (const r of [b, c]) expect(toReferential(r.doc)).toEqual(ref);
    expect(ref.nodes.filter((n) => n.id === "c1")).toHaveLength(1);
    expect(["b1", "b2", "b3"]).toContain(ref.nodes.find((n) => n.id === "c1")!.parent);
    expectSound(ref);
  });

  it("converges whatever the commands and the order updates arrive in", () => {
    const commands = fc.array(commandArb, { maxLength: 8 });
    fc.assert(
      fc.property(
        fc.record({
          count: fc.integer({ min: 2, max: 3 }),
          moveSame: fc.boolean(),
          deleteVsAdd: fc.boolean(),
          first: fc.array(commands, { minLength: 3, maxLength: 3 }),
          second: fc.array(commands, { minLength: 3, maxLength: 3 }),
          seed: fc.integer(),
        }),
        ({ count, moveSame, deleteVsAdd, first, second, seed }) => {
          const replicas = replicasOf(count);
          const next = random(seed);
          const delivered = new Set<string>();
          if (moveSame) {
            replicas.forEach((r, i) => {
              moveNode(r.doc, "c1", { parent: i % 2 === 0 ? "b2" : "b1", index: i });
            });
          }
          if (deleteVsAdd) {
            deleteNode(replicas[0]!.doc, "b2");
            addNode(replicas[1]!.doc, { kind: "activity", id: "late", title: "Reporting" }, { parent: "b2" });
          }
          const run = (round: Command[][]) =>
            replicas.forEach((r, i) => {
              for (const command of round[i]!) applyCommand(r.doc, command, r.nextId);
            });
          run(first);
          exchange(replicas, delivered, next, true);
          run(second);
          exchange(replicas, delivered, next, false);

          const ref = toReferential(replicas[0]!.doc);
          for (const r of replicas.slice(1)) expect(toReferential(r.doc)).toEqual(ref);
          expectSound(ref);
          for (const r of replicas) {
            expect(r.live.report()).toEqual(validateDoc(r.doc));
            r.live.destroy();
          }
        },
      ),
      { numRuns: 200 },
    );
  }, 180_000);
});
