import { sleep } from "./latency.ts";
import type { Side } from "./load.ts";
import { attempt, type Outcome } from "./report.ts";
import { type BenchServer, startHocuspocus, startOurs, startReference } from "./servers.ts";
import { median } from "./stats.ts";

/**
 * DESIGN §9 idle memory: the resident memory (VmRSS) of each server process started as it runs
 * in production (ours: what `pnpm start` runs) and left idle, no client connected. Each server
 * starts alone, settles, and is sampled a few times; median of the samples, median over starts.
 */

export type IdleMemory = Record<Side, Outcome<number>>;

const STARTS = 3;
const SETTLE_MS = 2_000;
const SAMPLES = 5;

async function idleRss(start: () => Promise<BenchServer>): Promise<number> {
  const perStart: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const server = await start();
    try {
      await sleep(SETTLE_MS);
      const samples: number[] = [];
      for (let s = 0; s < SAMPLES; s++) {
        samples.push(server.rssBytes());
        await sleep(200);
      }
      perStart.push(median(samples));
    } finally {
      await server.stop();
    }
  }
  return median(perStart);
}

export async function measureIdleMemory(): Promise<IdleMemory> {
  return {
    reference: await attempt(() => idleRss(startReference)),
    hocuspocus: await attempt(() => idleRss(startHocuspocus)),
    ours: await attempt(() => idleRss(() => startOurs({ accounts: false }))),
  };
}
