import { readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { CAPACITY_PLAN, measureCapacity } from "./capacity.ts";
import { measureColdLoad } from "./cold-load.ts";
import { KEYSTROKES, measureEditorInteraction } from "./editor-interaction.ts";
import { FANOUT_PLAN, measureFanout } from "./fanout.ts";
import { type LargeStore, writeLargeStore } from "./large-store.ts";
import type { LoadComparison, LoadPlan, LoadResult } from "./load.ts";
import { measureMemory } from "./memory.ts";
import { CHROMIUM, measureRender, RENDER_RUNS } from "./render.ts";
import {
  attempt,
  markdownTable,
  megabytes,
  ms,
  type Outcome,
  type Row,
  textTable,
  verdict,
} from "./report.ts";
import { measureValidation } from "./validation.ts";

/**
 * `pnpm bench`: every DESIGN §9 measure in one run, each beside its target and the reference
 * measured in the same run; prints the table and writes bench/RESULTS.md. A measure that cannot
 * run says why ("n/a — …") instead of giving a number.
 */

/** Runs one measure with a time limit; an error or a timeout becomes the reason it is n/a. */
async function section<T>(title: string, limitMs: number, work: () => Promise<T> | T): Promise<Outcome<T>> {
  process.stdout.write(`• ${title}… `);
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`délai de ${limitMs / 1000} s dépassé`)), limitMs);
  });
  const outcome = await attempt(() => Promise.race([Promise.resolve().then(work), deadline]));
  clearTimeout(timer);
  process.stdout.write(
    outcome.ok ? `${((performance.now() - started) / 1000).toFixed(1)} s\n` : `n/a — ${outcome.why}\n`,
  );
  return outcome;
}

/** Each server's side of a comparison (n/a for both when the comparison itself failed). */
function sides(comparison: Outcome<LoadComparison>): LoadComparison {
  return comparison.ok ? comparison.value : { ours: comparison, reference: comparison };
}

const cpuModel = () =>
  /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? "inconnu";
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ");

// Ctrl-C or a kill still goes through the exit handlers that stop the servers started.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));

const startedAt = new Date();
const loadBefore = load();
console.log(
  `pnpm bench — ${startedAt.toISOString()} — ${availableParallelism()} cœurs, ${cpuModel()}, Node ${process.version}`,
);

// CPU-only measures first, while the bench process is fresh; then the servers; the browser last.
const validation = await section("validation incrémentale", 60_000, measureValidation);
const store = await section("grand référentiel écrit dans le store SQLite", 60_000, writeLargeStore);
const needStore =
  <T>(work: (store: LargeStore) => Promise<T>) =>
  () =>
    store.ok ? work(store.value) : Promise.reject(new Error(`pas de store (${store.why})`));
const coldLoad = await section("chargement à froid", 60_000, needStore(measureColdLoad));
const memory = await section("mémoire par référentiel chargé", 90_000, needStore(measureMemory));
if (store.ok) await store.value.remove();
const fanout = sides(await section("fan-out, les deux serveurs", 120_000, measureFanout));
const capacity = sides(await section("capacité, les deux serveurs", 180_000, measureCapacity));
const render = await section("rendu de l'éditeur dans Chromium", 120_000, measureRender);
const interaction = await section(
  "éditeur : bundle, frappe vue par un pair, recherche",
  180_000,
  measureEditorInteraction,
);
const loadAfter = load();

// ---- the table ----

/** The entry bundle before issue 13 (commit 9ef4a3a: docx and the schema in the entry chunk). */
const ENTRY_GZIP_BEFORE = 218.1 * 1024 + 0.36 * 1024 + 6.75 * 1024;

/** One figure of a row, or why it is missing. */
type Figure = { value: number } | { why: string };

function figure<T>(outcome: Outcome<T>, pick: (value: T) => number): Figure {
  return outcome.ok ? { value: pick(outcome.value) } : { why: outcome.why };
}

/** A row; judged only when the figures its judge reads are all there. */
function row(
  measure: string,
  ours: Figure,
  reference: Figure | null,
  format: (value: number) => string,
  target: string,
  judge?: { against: "target" | "reference"; ok: (ours: number, reference: number) => boolean },
): Row {
  const show = (f: Figure | null) => (f === null ? "—" : "value" in f ? format(f.value) : `n/a — ${f.why}`);
  const o = "value" in ours ? ours.value : null;
  const r = reference && "value" in reference ? reference.value : null;
  const judged = judge && o !== null && (judge.against === "target" || r !== null);
  return {
    measure,
    ours: show(ours),
    reference: show(reference),
    target,
    verdict: !judge ? "—" : judged ? verdict(judge.ok(o, r ?? Number.NaN)) : "n/a",
  };
}

const p99 = (v: LoadResult) => v.latency.p99;
const rows: Row[] = [
  row(
    "1. fan-out p50 (1 writer → 50 readers, 200 upd/s)",
    figure(fanout.ours, (v) => v.latency.p50),
    figure(fanout.reference, (v) => v.latency.p50),
    ms,
    "—",
  ),
  row(
    "1. fan-out p99",
    figure(fanout.ours, p99),
    figure(fanout.reference, p99),
    ms,
    "≤ 25 ms and ≤ 1.25 × ref",
    {
      against: "reference",
      ok: (o, r) => o <= 25 && o <= 1.25 * r,
    },
  ),
  row(
    "2. capacity p99 (2,000 conns / 200 docs)",
    figure(capacity.ours, p99),
    figure(capacity.reference, p99),
    ms,
    "≤ 1.25 × ref",
    { against: "reference", ok: (o, r) => o <= 1.25 * r },
  ),
  row(
    "2. capacity server CPU",
    figure(capacity.ours, (v) => v.serverCpu),
    figure(capacity.reference, (v) => v.serverCpu),
    (c) => `${c.toFixed(3)} s/s`,
    "≤ 1.25 × ref",
    { against: "reference", ok: (o, r) => o <= 1.25 * r },
  ),
  row(
    "3. cold load of the large référentiel (median)",
    figure(coldLoad, (v) => v.ours),
    figure(coldLoad, (v) => v.plain),
    ms,
    "≤ 50 ms",
    { against: "target", ok: (o) => o <= 50 },
  ),
  row(
    "4. server memory per loaded large référentiel",
    figure(memory, (v) => v.room),
    figure(memory, (v) => v.plain),
    megabytes,
    "≤ 6 MB",
    { against: "target", ok: (o) => o <= 6e6 },
  ),
  ...(["p50", "p99"] as const).map((stat) =>
    row(
      `5. incremental validation, one keystroke (${stat === "p50" ? "median" : "p99"})`,
      figure(validation, (v) => v.edit[stat]),
      figure(validation, (v) => v.fullValidation),
      ms,
      "≤ 2 ms",
      { against: "target", ok: (o) => o <= 2 },
    ),
  ),
  row(
    "6. editor first contentful paint (median)",
    figure(render, (v) => v.fcp),
    null,
    ms,
    "≤ 1500 ms",
    {
      against: "target",
      ok: (o) => o <= 1500,
    },
  ),
  row(
    "6. editor time to interactive (median)",
    figure(render, (v) => v.interactive),
    null,
    ms,
    "—",
  ),
  row(
    "7. editor entry bundle (gzip)",
    figure(interaction, (v) => v.entryGzipBytes),
    { value: ENTRY_GZIP_BEFORE },
    (bytes) => `${(bytes / 1024).toFixed(1)} KB`,
    "< before (issue 13)",
    { against: "reference", ok: (o, r) => o < r },
  ),
  row(
    "7. keystroke to screen, remote peer (p50)",
    figure(interaction, (v) => v.keystrokeToScreen.p50),
    null,
    ms,
    "—",
  ),
  row(
    "7. keystroke to screen, remote peer (p99)",
    figure(interaction, (v) => v.keystrokeToScreen.p99),
    null,
    ms,
    "—",
  ),
  row(
    "8. search in the large référentiel, per keystroke (median)",
    figure(interaction, (v) => v.searchKeystroke.p50),
    null,
    ms,
    "≤ 50 ms",
    { against: "target", ok: (o) => o <= 50 },
  ),
  row(
    "8. search in the large référentiel, per keystroke (p99)",
    figure(interaction, (v) => v.searchKeystroke.p99),
    null,
    ms,
    "—",
  ),
];

console.log(`\n${textTable(rows)}\n`);

// ---- RESULTS.md ----

const loadDetails = (plan: LoadPlan, result: LoadComparison) =>
  (["ours", "reference"] as const)
    .map((side) => {
      const outcome = result[side];
      const name = side === "ours" ? "this server" : "reference";
      if (!outcome.ok) return `  - ${name}: n/a — ${outcome.why}`;
      const v = outcome.value;
      return (
        `  - ${name}: ${v.latency.count} deliveries (${(v.delivered * 100).toFixed(2)} % of ` +
        `${(plan.rate * plan.measureMs) / 1000} updates × ${plan.readersPerDocument} readers), ` +
        `p50 ${ms(v.latency.p50)}, p99 ${ms(v.latency.p99)}, max ${ms(v.latency.max)}; CPU (s/s): server ` +
        `${v.serverCpu.toFixed(3)}, bench client ${v.clientCpu.toFixed(3)}, whole machine ${v.machineCpu.toFixed(2)}` +
        (v.closed.length ? `; connections closed by the server: ${v.closed.length} (${v.closed[0]})` : "")
      );
    })
    .join("\n");

const detail = <T>(outcome: Outcome<T>, text: (value: T) => string) =>
  outcome.ok ? text(outcome.value) : `n/a — ${outcome.why}`;

const results = `# pnpm bench — results

- Date: ${startedAt.toISOString()} (run took ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s)
- Machine: ${availableParallelism()} cores (nproc), ${cpuModel()}, Node ${process.version}
- Load average (1/5/15 min) before: ${loadBefore}; after: ${loadAfter}. Other people's tests share
  this machine: the "whole machine" CPU below shows how much was not ours (server + bench client).

${markdownTable(rows)}

For 3 to 5 the "reference" column holds plain Yjs (3: \`Y.applyUpdate\` of the same state; 4: a
plain \`Y.Doc\`) or a full \`validate(toReferential(doc))\` (5). MB = 10⁶ bytes.

## What each measure does

1. **Fan-out** — each server in its own child process on 127.0.0.1; ours with its SQLite store,
   cookie sessions, Origin check and role checks (writer = owner, readers = a viewer account).
   One document, 1 writer + 50 readers speaking the y-websocket protocol (sync step 1/2, one
   awareness state, then updates) from this process. The writer keeps a real Y.Doc and types
   small inserts at 200 updates/s (one shared timer) at the end of 20 competencies in turn (so
   no statement grows past a real one's length: the server re-validates the text typed in); each insert carries its
   sequence number in its text, readers find it in the update bytes: latency = receive time −
   send time on the same clock; undelivered updates count as infinitely late. Both servers run
   at once with their clients connected; after ${FANOUT_PLAN.warmupMs / 1000} s of warm-up each, the load goes to one
   server at a time in windows ordered reference, ours, ours, reference
   (${FANOUT_PLAN.measureMs / 2000} s each, ${FANOUT_PLAN.measureMs / 1000} s per server), so that a change in the machine's other load weighs on both.
${loadDetails(FANOUT_PLAN, fanout)}
2. **Capacity** — same clients, ${CAPACITY_PLAN.documents} documents × (1 writer + ${CAPACITY_PLAN.readersPerDocument} readers) = 2,000 connections,
   every writer at 2 updates/s (round robin from one timer), same windows (${CAPACITY_PLAN.warmupMs / 1000} s warm-up,
   ${CAPACITY_PLAN.measureMs / 2000} s × 2 per server); server CPU = utime + stime from /proc/<pid>/stat over its
   measured windows ÷ their wall time.
${loadDetails(CAPACITY_PLAN, capacity)}
3. **Cold load** — the large référentiel of DESIGN §9 (bench/large-referential.ts: 312 nodes,
   50,000 keystrokes of history) appended update by update to our SQLite DocStore and compacted
   every 500 updates from a replica, as the server does, leaving a snapshot + a tail. Each timed
   load is \`Rooms.acquire\` of a copy of those rows not yet in memory (the server's own loader:
   snapshot + updates → Y.Doc, migrations, live validator), through \`createApp\` of
   @refstudio/sync-server in this process. Median of 10 after 3 warm-up loads.
   ${detail(store, (s) => `Store: ${s.updates} updates, tail of ${s.tail} after the last snapshot; state ${(s.state.length / 1000).toFixed(0)} KB.`)}
   ${detail(coldLoad, (c) => `Ours ${ms(c.ours)}; plain Yjs ${ms(c.plain)}.`)}
4. **Memory** — a child \`node --expose-gc\` loads ${detail(memory, (m) => String(m.copies))} copies (rooms of our server:
   Y.Doc + live validator + awareness, held by its \`Rooms\`; or plain Y.Docs) and divides the
   heapUsed delta (after full collections) by their number.
5. **Incremental validation** — \`LiveValidator\` on the large référentiel; 1,000 seeded
   keystrokes (one character at a random place of a random competency, 100 more of warm-up),
   each timed from the start of its transaction to \`validator.report()\` returning the updated
   report (the validator runs on \`afterTransaction\`).
   ${detail(validation, (v) => `Median ${ms(v.edit.p50)}, p99 ${ms(v.edit.p99)}, max ${ms(v.edit.max)}; the same keystrokes without a validator: median ${ms(v.editWithoutValidator.p50)}, p99 ${ms(v.editWithoutValidator.p99)}; full validation ${ms(v.fullValidation)}. The live report is checked equal to a full validation afterwards.`)}
6. **Editor** — the current editor sources built with Vite into a temporary folder served by
   our server; the large référentiel (with its history) pushed to a blank référentiel in one
   update through the sync protocol; Chromium (${CHROMIUM}, headless) opens its page
   ${RENDER_RUNS} times, each in a fresh context (cold cache, empty IndexedDB), requests to anything but
   127.0.0.1 blocked. FCP = the \`first-contentful-paint\` entry; time to interactive = from
   navigation start until the first rich-text cell of the first bloc's table is
   \`contenteditable\`, a script in the page clicking the first bloc of the outline as soon as
   it appears (the page opens on the fiche).
   ${detail(render, (r) => `Runs (FCP / interactive): ${r.runs.map((x) => `${ms(x.fcp)} / ${ms(x.interactive)}`).join("; ")}.`)}
7. **Editor interaction** (bench/editor-interaction.ts) — entry bundle: gzip (level 9) of the
   scripts, module preloads and styles index.html loads, from the same fresh build (the
   "reference" column is the figure before issue 13: 225.2 KB, docx and the schema in the entry
   chunk). Keystroke to screen: two browser contexts on the large référentiel's first bloc, A
   types ${KEYSTROKES} characters one at a time at the end of C1.1, each timed from A's keydown
   to the DOM mutation that shows it in B's editor (both pages read the same clock:
   \`performance.timeOrigin + performance.now()\`).
   ${detail(interaction, (v) => `Entry files: ${v.entryFiles.join(", ")}. Keystroke to screen: median ${ms(v.keystrokeToScreen.p50)}, p99 ${ms(v.keystrokeToScreen.p99)}, max ${ms(v.keystrokeToScreen.max)}.`)}
8. **Search** — in B's search dialog (Ctrl+F) on the large référentiel, « stratégie adaptée en »
   typed three times character by character; each keystroke timed from its input event to the
   list of results for the query as typed being on screen.
   ${detail(interaction, (v) => `${v.searchKeystroke.count} keystrokes: median ${ms(v.searchKeystroke.p50)}, p99 ${ms(v.searchKeystroke.p99)}, max ${ms(v.searchKeystroke.max)}.`)}
`;

writeFileSync(fileURLToPath(new URL("./RESULTS.md", import.meta.url)), results);
console.log("Résultats écrits dans bench/RESULTS.md");
process.exit(0);
