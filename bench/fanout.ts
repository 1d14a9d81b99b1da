import { compareLoads, type LoadComparison } from "./load.ts";

/** DESIGN §9 fan-out: 1 writer + 50 readers on one document, 200 small inserts/s, 10 s measured per server. */
export const FANOUT_PLAN = {
  documents: 1,
  readersPerDocument: 50,
  rate: 200,
  warmupMs: 2_000,
  measureMs: 10_000,
};

export function measureFanout(): Promise<LoadComparison> {
  return compareLoads(FANOUT_PLAN);
}
