/** The results table, as aligned text for the terminal and as Markdown for RESULTS.md. */

export type Verdict = "pass" | "FAIL" | "n/a" | "—";

export type Row = {
  measure: string;
  ours: string;
  reference: string;
  hocuspocus: string;
  /** Ours as a multiple of the reference, and of Hocuspocus ("—" where there is none). */
  vsReference: string;
  vsHocuspocus: string;
  target: string;
  verdict: Verdict;
};

const HEADER: Row = {
  measure: "measure",
  ours: "this server",
  reference: "reference y-websocket",
  hocuspocus: "Hocuspocus 4",
  vsReference: "÷ ref",
  vsHocuspocus: "÷ Hocuspocus",
  target: "target",
  verdict: "pass/fail" as Verdict,
};
const COLUMNS = [
  "measure",
  "ours",
  "reference",
  "hocuspocus",
  "vsReference",
  "vsHocuspocus",
  "target",
  "verdict",
] as const;

export function textTable(rows: Row[]): string {
  const all = [HEADER, ...rows];
  const widths = COLUMNS.map((column) => Math.max(...all.map((row) => row[column].length)));
  const line = (row: Row) => COLUMNS.map((column, i) => row[column].padEnd(widths[i]!)).join(" | ");
  return [line(HEADER), widths.map((w) => "-".repeat(w)).join("-|-"), ...rows.map(line)].join("\n");
}

export function markdownTable(rows: Row[]): string {
  const line = (row: Row) => `| ${COLUMNS.map((column) => row[column].replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(HEADER), `|${COLUMNS.map(() => "---").join("|")}|`, ...rows.map(line)].join("\n");
}

/** Milliseconds with the precision that matters at their scale. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? "∞ (updates lost)" : "n/a";
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
}

export const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

/** A multiple such as 0.93×. */
export const times = (ratio: number) => (Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : "n/a");

/** CPU seconds per delivered update, in microseconds. */
export const microseconds = (seconds: number) => `${(seconds * 1e6).toFixed(1)} µs`;

export const verdict = (ok: boolean): Verdict => (ok ? "pass" : "FAIL");

/** A result, or why there is none (shown as "n/a — why"). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; why: string };

export async function attempt<T>(work: () => Promise<T> | T): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, why: (error as Error).message.split("\n")[0]!.slice(0, 300) };
  }
}
