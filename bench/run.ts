import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { CAPACITY_PLAN, measureCapacity } from "./capacity.ts";
import { measureColdLoad } from "./cold-load.ts";
import { measureDurability } from "./durability.ts";
import { KEYSTROKES, measureEditorInteraction } from "./editor-interaction.ts";
import { measureTableView, SWITCHES, TABLE_KEYS } from "./editor-table.ts";
import { FANOUT_PLAN, measureFanout, ROUNDS } from "./fanout.ts";
import { type HistoryResult, measureHistory } from "./history.ts";
import { measureIdleMemory } from "./idle-memory.ts";
import { type LargeStore, writeLargeStore } from "./large-store.ts";
import {
  type LoadComparison,
  type LoadPlan,
  type LoadResult,
  type RoundFigures,
  SIDES,
  type Side,
} from "./load.ts";
import { measureMemory } from "./memory.ts";
import { CHROMIUM, measureRender, RENDER_RUNS } from "./render.ts";
import {
  attempt,
  markdownTable,
  megabytes,
  microseconds,
  ms,
  type Outcome,
  type Row,
  textTable,
  times,
  verdict,
} from "./report.ts";
import { median } from "./stats.ts";
import { measureTableImport } from "./table-import.ts";
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

/** Each server's side of a comparison (n/a for all when the comparison itself failed). */
function sides(comparison: Outcome<LoadComparison>): LoadComparison {
  return comparison.ok
    ? comparison.value
    : { ours: comparison, reference: comparison, hocuspocus: comparison };
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
const fanout = sides(await section("fan-out, les trois serveurs", 400_000, measureFanout));
const capacity = sides(await section("capacité, les trois serveurs", 600_000, measureCapacity));
const idle = await section("mémoire au repos, les trois serveurs", 120_000, measureIdleMemory);
const history = await section("historique : versions, comparaison, restauration", 240_000, measureHistory);
const render = await section("rendu de l'éditeur dans Chromium", 120_000, () => measureRender());
const tableImport = await section(
  "import d'un DOCX de 5 Mo et d'un PDF de 50 pages",
  300_000,
  measureTableImport,
);
const interaction = await section("éditeur : bundle, frappe vue par un pair, recherche", 180_000, () =>
  measureEditorInteraction(),
);
const tableView = await section("vue « Tableau » : bascule et frappe", 180_000, () => measureTableView());
const durability = await section("DURABILITY=full contre normal (SQLite)", 120_000, measureDurability);
const loadAfter = load();

// ---- the table ----

/** One figure of a row, or why it is missing. */
type Figure = { value: number } | { why: string };

function figure<T>(outcome: Outcome<T>, pick: (value: T) => number): Figure {
  return outcome.ok ? { value: pick(outcome.value) } : { why: outcome.why };
}

const numberIn = (f: Figure | null) => (f && "value" in f ? f.value : null);
const show = (f: Figure | null, format: (value: number) => string) =>
  f === null ? "—" : "value" in f ? format(f.value) : `n/a — ${f.why}`;

/**
 * A row; judged only when the figures its judge reads are all there. `ratios` are ours ÷
 * reference and ours ÷ Hocuspocus (for the load measures: the median of each round's ratio).
 */
function row(
  measure: string,
  figures: { ours: Figure; reference: Figure | null; hocuspocus?: Figure | null },
  format: (value: number) => string,
  target: string,
  judge?: (ours: number, ratios: { reference: number | null; hocuspocus: number | null }) => boolean | null,
  ratios?: { reference: number | null; hocuspocus: number | null },
): Row {
  const o = numberIn(figures.ours);
  const divide = (other: Figure | null | undefined) => {
    const v = numberIn(other ?? null);
    return o !== null && v !== null ? o / v : null;
  };
  const r = ratios ?? { reference: divide(figures.reference), hocuspocus: divide(figures.hocuspocus) };
  const judged = judge && o !== null ? judge(o, r) : null;
  const showRatio = (ratio: number | null, other: Figure | null | undefined) =>
    other == null ? "—" : ratio === null ? "n/a" : times(ratio);
  return {
    measure,
    ours: show(figures.ours, format),
    reference: show(figures.reference, format),
    hocuspocus: show(figures.hocuspocus ?? null, format),
    vsReference: showRatio(r.reference, figures.reference),
    vsHocuspocus: showRatio(r.hocuspocus, figures.hocuspocus),
    target,
    verdict: !judge ? "—" : judged === null ? "n/a" : verdict(judged),
  };
}

/** The median over rounds of ours ÷ another server in the same round. */
function pairedRatio(
  comparison: LoadComparison,
  other: Side,
  pick: (round: RoundFigures) => number,
): number | null {
  const ours = comparison.ours;
  const them = comparison[other];
  if (!ours.ok || !them.ok) return null;
  const pairs = ours.value.rounds
    .map((round, i) => pick(round) / pick(them.value.rounds[i]!))
    .filter((ratio) => Number.isFinite(ratio) && ratio > 0);
  // A round where either side lost updates (an infinite p99) has no ratio.
  return pairs.length === ours.value.rounds.length ? median(pairs) : null;
}

/** The rows of one load measure: p50, p99 and CPU per delivered update, each for the three servers. */
function loadRows(
  label: string,
  comparison: LoadComparison,
  p99Target: { text: string; ok: (ours: number) => boolean },
): Row[] {
  const fig = (pick: (v: LoadResult) => number) => ({
    ours: figure(comparison.ours, pick),
    reference: figure(comparison.reference, pick),
    hocuspocus: figure(comparison.hocuspocus, pick),
  });
  const paired = (pick: (round: RoundFigures) => number) => ({
    reference: pairedRatio(comparison, "reference", pick),
    hocuspocus: pairedRatio(comparison, "hocuspocus", pick),
  });
  const withinReference = (o: number, r: { reference: number | null }) =>
    r.reference === null ? null : r.reference <= 1.0 && p99Target.ok(o);
  return [
    row(
      `${label} p50`,
      fig((v) => v.p50),
      ms,
      "—",
      undefined,
      paired((r) => r.p50),
    ),
    row(
      `${label} p99`,
      fig((v) => v.p99),
      ms,
      p99Target.text,
      withinReference,
      paired((r) => r.p99),
    ),
    row(
      `${label} server CPU per delivered update`,
      fig((v) => v.cpuPerDelivery),
      microseconds,
      "≤ 1.0 × ref",
      (_o, r) => (r.reference === null ? null : r.reference <= 1.0),
      paired((r) => r.cpuPerDelivery),
    ),
  ];
}

const idleFigure = (side: Side): Figure => (idle.ok ? figure(idle.value[side], (v) => v) : { why: idle.why });

/** The entry bundle before issue 13 (commit 9ef4a3a: docx and the schema in the entry chunk), gzip. */
const ENTRY_GZIP_BEFORE = 225.2 * 1024;

const rows: Row[] = [
  ...loadRows("1. fan-out (1 writer → 50 readers, 200 upd/s)", fanout, {
    text: "≤ 25 ms and ≤ 1.0 × ref",
    ok: (o) => o <= 25,
  }),
  ...loadRows("2. capacity (2,000 conns / 200 docs)", capacity, { text: "≤ 1.0 × ref", ok: () => true }),
  row(
    "3. cold load of the large référentiel (median)",
    { ours: figure(coldLoad, (v) => v.ours), reference: figure(coldLoad, (v) => v.plain) },
    ms,
    "≤ 50 ms",
    (o) => o <= 50,
  ),
  row(
    "4. server memory per loaded large référentiel",
    { ours: figure(memory, (v) => v.room), reference: figure(memory, (v) => v.plain) },
    megabytes,
    "≤ 6 MB",
    (o) => o <= 6e6,
  ),
  ...(["p50", "p99"] as const).map((stat) =>
    row(
      `5. incremental validation, one keystroke (${stat === "p50" ? "median" : "p99"})`,
      {
        ours: figure(validation, (v) => v.edit[stat]),
        reference: figure(validation, (v) => v.fullValidation),
      },
      ms,
      "≤ 2 ms",
      (o) => o <= 2,
    ),
  ),
  row(
    "6. editor first contentful paint (median)",
    { ours: figure(render, (v) => v.fcp), reference: null },
    ms,
    "≤ 1500 ms",
    (o) => o <= 1500,
  ),
  row(
    "6. editor time to interactive (median)",
    { ours: figure(render, (v) => v.interactive), reference: null },
    ms,
    "—",
  ),
  row(
    "7. server idle resident memory (pnpm start)",
    {
      ours: idleFigure("ours"),
      reference: idleFigure("reference"),
      hocuspocus: idleFigure("hocuspocus"),
    },
    megabytes,
    "≤ 1.5 × ref",
    (_o, r) => (r.reference === null ? null : r.reference <= 1.5),
  ),
  ...(
    [
      ["open a named version", (v) => v.openVersion],
      ["open a checkpoint", (v) => v.openCheckpoint],
      ["compare two checkpoints", (v) => v.compareVersions],
      ["compare a checkpoint with now", (v) => v.compareWithCurrent],
      ["restore a version (one change)", (v) => v.restore],
    ] as const satisfies readonly (readonly [string, (v: HistoryResult) => number])[]
  ).map(([what, pick]) =>
    row(
      `8. ${what}, large référentiel (server, median)`,
      { ours: figure(history, pick), reference: null },
      ms,
      "≤ 500 ms",
      (o) => o <= 500,
    ),
  ),
  ...importRows(),
  ...editorRows(),
  ...durabilityRows(),
];

/** Issue 14: what DURABILITY=full (an fsync per commit) costs an append, against normal (the default). */
function durabilityRows(): Row[] {
  const side = (name: "normal" | "full") =>
    durability.ok ? { ok: true as const, value: durability.value[name] } : durability;
  return [
    row(
      "store append alone, DURABILITY=full (p50; reference column: normal)",
      {
        ours: figure(side("full"), (v) => v.alone.p50),
        reference: figure(side("normal"), (v) => v.alone.p50),
      },
      ms,
      "—",
    ),
    row(
      "store appends/s in bursts of 50, DURABILITY=full (reference column: normal)",
      {
        ours: figure(side("full"), (v) => v.burstPerSecond),
        reference: figure(side("normal"), (v) => v.burstPerSecond),
      },
      (v) => `${v.toFixed(0)}/s`,
      "—",
    ),
  ];
}

/** Issue 13: what the editor's first load weighs, how fast a remote keystroke shows, search per keystroke. */
function editorRows(): Row[] {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  return [
    row(
      "9. editor entry bundle (gzip; reference: before issue 13)",
      { ours: figure(interaction, (v) => v.entryGzipBytes), reference: { value: ENTRY_GZIP_BEFORE } },
      kb,
      "< before",
      (o) => o < ENTRY_GZIP_BEFORE,
    ),
    row(
      "9. keystroke to screen, remote peer (median)",
      { ours: figure(interaction, (v) => v.keystrokeToScreen.p50), reference: null },
      ms,
      "—",
    ),
    row(
      "9. keystroke to screen, remote peer (p99)",
      { ours: figure(interaction, (v) => v.keystrokeToScreen.p99), reference: null },
      ms,
      "—",
    ),
    row(
      "10. search in the large référentiel, per keystroke (median)",
      { ours: figure(interaction, (v) => v.searchKeystroke.p50), reference: null },
      ms,
      "≤ 50 ms",
      (o) => o <= 50,
    ),
    row(
      "10. search in the large référentiel, per keystroke (p99)",
      { ours: figure(interaction, (v) => v.searchKeystroke.p99), reference: null },
      ms,
      "—",
    ),
    // The « Tableau » view against the card view (in the reference column), same page.
    row(
      "11. switch to « Tableau » (median; reference: back to the cards)",
      { ours: figure(tableView, (v) => v.toTable.p50), reference: figure(tableView, (v) => v.toCards.p50) },
      ms,
      "≤ 1.25 × cards",
      (_, r) => (r.reference === null ? null : r.reference <= 1.25),
    ),
    row(
      "11. typing in a « Tableau » cell, key to frame (median; reference: in a card)",
      {
        ours: figure(tableView, (v) => v.typingTable.p50),
        reference: figure(tableView, (v) => v.typingCards.p50),
      },
      ms,
      "≤ 1.25 × cards",
      (_, r) => (r.reference === null ? null : r.reference <= 1.25),
    ),
    row(
      "11. typing in a « Tableau » cell, key to frame (p99; reference: in a card)",
      {
        ours: figure(tableView, (v) => v.typingTable.p99),
        reference: figure(tableView, (v) => v.typingCards.p99),
      },
      ms,
      "—",
    ),
  ];
}

/** Issue 9: reading and classifying large files into the import preview (median of 3; peak heap above baseline). */
function importRows(): Row[] {
  const docx = tableImport.ok ? { ok: true as const, value: tableImport.value.docx } : tableImport;
  const pdf =
    tableImport.ok && "ms" in tableImport.value.pdf
      ? { ok: true as const, value: tableImport.value.pdf }
      : {
          ok: false as const,
          why:
            tableImport.ok && "why" in tableImport.value.pdf
              ? tableImport.value.pdf.why
              : tableImport.ok
                ? ""
                : tableImport.why,
        };
  return [
    row("import: 5 MB DOCX → preview (time)", { ours: figure(docx, (v) => v.ms), reference: null }, ms, "—"),
    row(
      "import: 5 MB DOCX → preview (peak heap)",
      { ours: figure(docx, (v) => v.peakHeap), reference: null },
      megabytes,
      "—",
    ),
    row("import: 50-page PDF → preview (time)", { ours: figure(pdf, (v) => v.ms), reference: null }, ms, "—"),
    row(
      "import: 50-page PDF → preview (peak heap)",
      { ours: figure(pdf, (v) => v.peakHeap), reference: null },
      megabytes,
      "—",
    ),
  ];
}

console.log(`\n${textTable(rows)}\n`);

// ---- RESULTS.md ----

const SIDE_NAMES: Record<Side, string> = {
  ours: "this server",
  reference: "reference",
  hocuspocus: "Hocuspocus 4",
};

const loadDetails = (plan: LoadPlan, result: LoadComparison) =>
  SIDES.map((side) => {
    const outcome = result[side];
    const name = SIDE_NAMES[side];
    if (!outcome.ok) return `  - ${name}: n/a — ${outcome.why}`;
    const v = outcome.value;
    const rounds = v.rounds
      .map((r) => `${ms(r.p50)} / ${ms(r.p99)} / ${microseconds(r.cpuPerDelivery)}`)
      .join("; ");
    return (
      `  - ${name}: ${v.latency.count} deliveries (${(v.delivered * 100).toFixed(2)} % of ` +
      `${(plan.rounds * plan.rate * plan.measureMs) / 1000} updates × ${plan.readersPerDocument} readers); ` +
      `per round p50 / p99 / CPU per delivered update: ${rounds}; all rounds together p99 ${ms(v.latency.p99)}, ` +
      `max ${ms(v.latency.max)}; CPU (s/s): server ${v.serverCpu.toFixed(3)}, bench client ` +
      `${v.clientCpu.toFixed(3)}, whole machine ${v.machineCpu.toFixed(2)}` +
      (v.closed.length ? `; connections closed by the server: ${v.closed.length} (${v.closed[0]})` : "")
    );
  }).join("\n");

const kb = (bytes: number) => `${(bytes / 1000).toFixed(0)} KB`;
const historyGrowth = (h: HistoryResult) =>
  `Store growth over ${h.updates} updates (${kb(h.logBytes)} of updates as sent; one full state ${kb(h.stateBytes)}): ` +
  `author and time columns ${kb((h.authorBytes / h.updates) * 500)} at most at any time (${h.authorBytes / h.updates} bytes per update, ` +
  `the log being compacted every 500 updates); kept after compaction: ${h.fieldRows} field attributions (${kb(h.fieldBytes)}: ` +
  `bounded by nodes × fields), ${h.activityRows} activity buckets (${kb(h.activityBytes)}: one per person per 5 minutes of work); ` +
  `${h.checkpoints} checkpoints, ${h.fullCheckpoints} of them full, ${kb(h.checkpointBytes)} in all ` +
  `(a full one every time the delta since the base would reach half the state). Thinning keeps every checkpoint of the last ` +
  `24 hours, then one a day for 30 days, then one a week. SQLite file at the end: ${kb(h.sqliteBytes)}.`;

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

1. **Fan-out** — each server in its own child process on 127.0.0.1: ours with its SQLite store,
   cookie sessions, Origin check and role checks (writer = owner, readers = a viewer account), run
   as \`pnpm start\` runs it; the reference y-websocket server (\`y-websocket/bin/utils\`) and a
   bare Hocuspocus 4 server (no extension), both in memory, without auth, in plain JavaScript.
   One document, 1 writer + 50 readers speaking the y-websocket protocol (sync step 1/2, one
   awareness state, then updates; Hocuspocus' framing for Hocuspocus) from this process. The
   writer keeps a real Y.Doc and types small inserts at 200 updates/s (one shared timer) at the
   end of 20 competencies in turn (so no statement grows past a real one's length: the server
   re-validates the text typed in); each insert carries its sequence number in its text, readers
   find it in the update bytes: latency = receive time − send time on the same clock; undelivered
   updates count as infinitely late. The three servers run at once with their clients connected;
   after ${FANOUT_PLAN.warmupMs / 1000} s of warm-up each, the load goes to one server at a time in ${ROUNDS} rounds of windows
   ordered reference, Hocuspocus, ours, ours, Hocuspocus, reference (${FANOUT_PLAN.measureMs / 2000} s each, ${FANOUT_PLAN.measureMs / 1000} s per
   server per round), so that a change in the machine's other load weighs on all alike. Each
   figure in the table is the **median over rounds** of that round's p50, p99 or CPU; each ratio
   is the median over rounds of ours ÷ theirs in the same round. Server CPU = utime + stime from
   /proc/<pid>/stat over the measured windows; per delivered update = ÷ the deliveries measured
   (one update read by 50 readers is 50 deliveries).
${loadDetails(FANOUT_PLAN, fanout)}
2. **Capacity** — same clients, ${CAPACITY_PLAN.documents} documents × (1 writer + ${CAPACITY_PLAN.readersPerDocument} readers) = 2,000 connections
   per server, every writer at 2 updates/s (round robin from one timer), same rounds and windows
   (${CAPACITY_PLAN.warmupMs / 1000} s warm-up, ${CAPACITY_PLAN.measureMs / 2000} s × 2 per server per round).
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
7. **Idle memory** — each server started alone as it runs in production (ours: what \`pnpm start\`
   runs, on a fresh data folder, no account), no client; VmRSS from /proc/<pid>/status after 2 s,
   median of 5 samples, median of 3 starts.
   ${detail(idle, (m) => SIDES.map((side) => `${SIDE_NAMES[side]} ${detail(m[side], megabytes)}`).join("; "))}.
8. **History** — bench/history.ts: our server in this process (\`createApp\`, its routes called with
   Fastify's \`inject\`: server time without the network). The large référentiel's history sent
   update by update down the sync path (authors recorded, the log compacted every 500 updates with
   its history folded in), stamped by a simulated clock at 3 updates/s with a 10-minute pause and
   an automatic checkpoint every 5,000 updates. Then medians of 5 requests: \`GET\` a named
   version and a light checkpoint (rebuilt from its base + delta, canonical JSON and full
   validation), \`GET …/compare\` between the oldest and newest checkpoints and with now, and
   \`POST …/restore\` alternately of the oldest checkpoint and of the named version.
   ${detail(history, historyGrowth)}
9. **Editor load and remote typing** (bench/editor-interaction.ts) — entry bundle: gzip (level 9)
   of the scripts, module preloads and styles that index.html loads, from a fresh Vite build (the
   "reference" column is the figure before issue 13: 225.2 KB, docx and the schema in the entry
   chunk). Keystroke to screen: two browser contexts on the large référentiel's first bloc, A
   types ${KEYSTROKES} characters one at a time at the end of C1.1, each timed from A's keydown to
   the DOM mutation that shows it in B's editor (both pages read the same clock:
   \`performance.timeOrigin + performance.now()\`).
   ${detail(interaction, (v) => `Entry files: ${v.entryFiles.join(", ")}. Keystroke to screen: median ${ms(v.keystrokeToScreen.p50)}, p99 ${ms(v.keystrokeToScreen.p99)}, max ${ms(v.keystrokeToScreen.max)}.`)}
10. **Search** — in B's search dialog (Ctrl+F) on the large référentiel, « stratégie adaptée en »
   typed three times character by character; each keystroke timed from its input event to the
   list of results for the query as typed being on screen.
   ${detail(interaction, (v) => `${v.searchKeystroke.count} keystrokes: median ${ms(v.searchKeystroke.p50)}, p99 ${ms(v.searchKeystroke.p99)}, max ${ms(v.searchKeystroke.max)}.`)}
11. **« Tableau » view** (bench/editor-table.ts) — one page on the large référentiel's first bloc:
   ${SWITCHES} switches each way between the cards and « Tableau », each from the click to the frame
   painted after the first editable cell of the new view is in the DOM; then ${TABLE_KEYS} characters
   typed one at a time at the end of C1.1, in a card and then in its « Tableau » cell, each from
   its keydown to the frame painted after it shows in the field.
   ${detail(tableView, (v) => `To « Tableau »: median ${ms(v.toTable.p50)}, max ${ms(v.toTable.max)}; to the cards: median ${ms(v.toCards.p50)}, max ${ms(v.toCards.max)}. Typing in a card: median ${ms(v.typingCards.p50)}, p99 ${ms(v.typingCards.p99)}; in a « Tableau » cell: median ${ms(v.typingTable.p50)}, p99 ${ms(v.typingTable.p99)}.`)}
`;

/** The before/after figures of past performance work, kept by hand, follow the generated results. */
const beforeAfter = new URL("./before-after.md", import.meta.url);
writeFileSync(
  fileURLToPath(new URL("./RESULTS.md", import.meta.url)),
  existsSync(beforeAfter) ? `${results}\n${readFileSync(beforeAfter, "utf8")}` : results,
);
console.log("Résultats écrits dans bench/RESULTS.md");
process.exit(0);
