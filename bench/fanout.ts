import { compareLoads, type LoadComparison } from "./load.ts";

/** Rounds of the load measures (each server measured in every round); BENCH_ROUNDS overrides. */
export const ROUNDS = Number(process.env.BENCH_ROUNDS) || 3;

/** DESIGN §9 fan-out: 1 writer + 50 readers on one document, 200 small inserts/s, 10 s measured per server per round. */
export const FANOUT_PLAN = {
  documents: 1,
  readersPerDocument: 50,
  rate: 200,
  warmupMs: 2_000,
  measureMs: 10_000,
  rounds: ROUNDS,
};

export function measureFanout(): Promise<LoadComparison> {
  return compareLoads(FANOUT_PLAN);
}
