import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { measureCapacity } from "./capacity.ts";
import { measureFanout } from "./fanout.ts";
import { measureIdleMemory } from "./idle-memory.ts";
import { type LoadComparison, type RoundFigures, SIDES } from "./load.ts";
import { median } from "./stats.ts";

/**
 * The server-load part of `pnpm bench` alone (fan-out, capacity, idle memory: our server against
 * the reference and Hocuspocus 4 in the same run), to judge a change to the sync server without
 * the whole bench. Prints each figure and ours ÷ theirs (median of the per-round ratios); writes
 * the raw results as JSON to the file named as argument, if any. Does not touch RESULTS.md.
 * Usage (from bench/, after `pnpm --filter @refstudio/sync-server build`): tsx server-load.ts [out.json]
 */

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ");

function paired(comparison: LoadComparison, pick: (round: RoundFigures) => number): string {
  const ours = comparison.ours;
  return SIDES.filter((side) => side !== "ours")
    .map((side) => {
      const them = comparison[side];
      if (!ours.ok || !them.ok) return `${side} n/a`;
      const ratios = ours.value.rounds.map((round, i) => pick(round) / pick(them.value.rounds[i]!));
      return `÷ ${side} ${median(ratios).toFixed(2)}×`;
    })
    .join(", ");
}

function print(label: string, comparison: LoadComparison): void {
  for (const [name, pick, unit, scale] of [
    ["p50", (r: RoundFigures) => r.p50, "ms", 1],
    ["p99", (r: RoundFigures) => r.p99, "ms", 1],
    ["CPU per delivered update", (r: RoundFigures) => r.cpuPerDelivery, "µs", 1e6],
  ] as const) {
    const figures = SIDES.map((side) => {
      const result = comparison[side];
      return `${side} ${result.ok ? (pick(result.value) * scale).toFixed(1) : "n/a"} ${unit}`;
    });
    console.log(`${label} ${name}: ${figures.join(", ")}; ours ${paired(comparison, pick)}`);
  }
}

const before = load();
const fanout = await measureFanout();
print("fan-out", fanout);
const capacity = await measureCapacity();
print("capacity", capacity);
const idle = await measureIdleMemory();
console.log(
  `idle RSS: ${SIDES.map((side) => `${side} ${idle[side].ok ? (idle[side].value / 1e6).toFixed(1) : "n/a"} MB`).join(", ")}`,
);
console.log(`load average before: ${before}; after: ${load()}`);
const out = process.argv[2];
if (out) writeFileSync(out, JSON.stringify({ before, after: load(), fanout, capacity, idle }, null, 1));
