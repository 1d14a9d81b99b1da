import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as Y from "yjs";
import { openInProcessServer } from "./server-package.ts";
import { summarize } from "./stats.ts";

/**
 * The cost of DURABILITY=full on the embedded SQLite store against normal, through the server's
 * own DocStore (appends of one event-loop turn share one transaction, so one fsync): appends one
 * at a time (each waits for its commit: a lone typist) and in bursts of 50 (many typists at once).
 */

export type DurabilityFigures = {
  /** Median and p99 wait of one append committed alone, ms. */
  alone: { p50: number; p99: number };
  /** Appends committed per second in bursts of `BURST`. */
  burstPerSecond: number;
};

const ALONE = 300;
const BURST = 50;
const BURSTS = 40;

/** Small real keystroke updates, as the log stores them. */
function keystrokes(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const text = doc.getText("t");
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < count; i++) text.insert(text.length, "a");
  return updates;
}

async function measure(durability: "normal" | "full"): Promise<DurabilityFigures> {
  const dir = mkdtempSync(join(tmpdir(), `refstudio-durability-${durability}-`));
  const server = await openInProcessServer(dir, { DURABILITY: durability });
  try {
    const updates = keystrokes(ALONE + BURST * BURSTS);
    const waits: number[] = [];
    for (let i = 0; i < ALONE; i++) {
      const started = performance.now();
      await server.docs.append("alone", updates[i] as Uint8Array);
      waits.push(performance.now() - started);
    }
    const started = performance.now();
    for (let b = 0; b < BURSTS; b++) {
      const burst = updates.slice(ALONE + b * BURST, ALONE + (b + 1) * BURST);
      await Promise.all(burst.map((update, i) => server.docs.append(`writer-${i}`, update)));
    }
    const seconds = (performance.now() - started) / 1000;
    const { p50, p99 } = summarize(waits);
    return { alone: { p50, p99 }, burstPerSecond: (BURST * BURSTS) / seconds };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function measureDurability(): Promise<Record<"normal" | "full", DurabilityFigures>> {
  return { normal: await measure("normal"), full: await measure("full") };
}
