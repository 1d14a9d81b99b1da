import { compareLoads, type LoadComparison } from "./load.ts";

/**
 * DESIGN §9 capacity: 2,000 connections over 200 documents (1 writer + 9 readers each), every
 * writer at 2 updates/s (400/s in all), 20 s measured per server after 3 s of warm-up.
 */
export const CAPACITY_PLAN = {
  documents: 200,
  readersPerDocument: 9,
  rate: 400,
  warmupMs: 3_000,
  measureMs: 20_000,
};

export function measureCapacity(): Promise<LoadComparison> {
  return compareLoads(CAPACITY_PLAN);
}
