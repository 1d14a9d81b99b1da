import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { LargeStore } from "./large-store.ts";

/**
 * DESIGN §9 server memory: the heap held per loaded large référentiel, measured in a child
 * process with --expose-gc as (heap holding N copies − heap before) / N after full collections.
 * Ours = the server's room (Y.Doc + live validator + awareness); the reference is a plain Y.Doc.
 */

export type MemoryResult = { room: number; plain: number; copies: number };

const COPIES = 20;
const CHILD = fileURLToPath(new URL("./memory-child.ts", import.meta.url));
const run = promisify(execFile);

async function heapPerCopy(mode: "room" | "plain", store: LargeStore): Promise<number> {
  const { stdout } = await run(
    process.execPath,
    ["--expose-gc", "--import", "tsx", CHILD, mode, store.dataDir, String(COPIES)],
    { cwd: fileURLToPath(new URL(".", import.meta.url)), timeout: 40_000, killSignal: "SIGKILL" },
  );
  return (JSON.parse(stdout) as { perCopy: number }).perCopy;
}

export async function measureMemory(store: LargeStore): Promise<MemoryResult> {
  return { room: await heapPerCopy("room", store), plain: await heapPerCopy("plain", store), copies: COPIES };
}
