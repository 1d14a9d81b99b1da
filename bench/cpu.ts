import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/**
 * CPU time and memory from /proc: of one process (a server under test), and CPU of the whole
 * machine (to see the noise).
 */

const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

/** utime + stime of a process in seconds, from /proc/<pid>/stat (fields 14 and 15, after the command name). */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Busy CPU seconds of the whole machine (all cores, everything but idle and iowait), from /proc/stat. */
export function machineCpuSeconds(): number {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0]!;
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.slice(0, 8).reduce((sum, t) => sum + t, 0);
  return (total - ticks[3]! - ticks[4]!) / CLOCK_TICKS;
}

/** Resident set size of a process in bytes, from /proc/<pid>/status (VmRSS, in KiB). */
export function processRssBytes(pid: number): number {
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  if (kb === undefined) throw new Error(`VmRSS introuvable pour le processus ${pid}`);
  return Number(kb) * 1024;
}
