import { compareLoads } from "./load.ts";

const plan =
  process.argv[2] === "capacity"
    ? { documents: 200, readersPerDocument: 9, rate: 400, warmupMs: 2000, measureMs: 16000, rounds: 1 }
    : { documents: 1, readersPerDocument: 50, rate: 200, warmupMs: 2000, measureMs: 16000, rounds: 1 };
const r = await compareLoads(plan);
for (const [k, v] of Object.entries(r))
  console.log(
    k,
    v.ok ? JSON.stringify({ p50: v.value.p50, p99: v.value.p99, cpu: v.value.cpuPerDelivery * 1e6 }) : v.why,
  );
process.exit(0);
