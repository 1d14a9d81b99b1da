import { ROUNDS } from "./fanout.ts";
import { compareLoads, type LoadComparison } from "./load.ts";

/**
 * DESIGN §9 capacity: 2,000 connections over 200 documents (1 writer + 9 readers each), every
 * writer at 2 updates/s (400/s in all), 10 s measured per server per round after 3 s of warm-up.
 */
export const CAPACITY_PLAN = {
  documents: 200,
  readersPerDocument: 9,
  rate: 400,
  warmupMs: 3_000,
  measureMs: 10_000,
  rounds: ROUNDS,
};

export function measureCapacity(): Promise<LoadComparison> {
  return compareLoads(CAPACITY_PLAN);
}
