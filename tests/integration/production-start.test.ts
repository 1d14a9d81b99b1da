import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildEditorOnce } from "../e2e/browser.ts";
import { waitFor } from "../helpers/wait.ts";

/**
 * What `pnpm start` runs: the server compiled to JavaScript (plain node, no TypeScript loader),
 * the editor rebuilt only when its sources changed, and a Ctrl+C that stops the server cleanly
 * without an error from pnpm.
 */

const ROOT_DIR = fileURLToPath(new URL("../../", import.meta.url));
const SERVER_DIR = join(ROOT_DIR, "sync-server");
const EDITOR_SCRIPT = new URL("../../editor/build-if-changed.mjs", import.meta.url).href;

type Started = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

/** Starts a command in its own process group (as a terminal runs it) and collects its output. */
function start(command: string, args: string[], env: Record<string, string>): Started {
  const child = spawn(command, args, {
    cwd: ROOT_DIR,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

describe("production start", () => {
  let dataDir: string;
  const started: Started[] = [];

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), "refstudio-start-"));
    // Built beforehand, the editor is not rebuilt by `pnpm start` (its sources did not change).
    buildEditorOnce();
  });

  afterAll(() => {
    for (const { child } of started)
      if (child.exitCode === null && child.pid) process.kill(-child.pid, "SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  const env = () => ({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "info" });

  it("runs the compiled server with plain node, and Ctrl+C through pnpm stops it without a pnpm error", async () => {
    // The README's command, as a terminal runs it.
    const server = start("pnpm", ["start"], env());
    started.push(server);
    await waitFor(() => server.output().includes('"event":"listening"'), "the server to listen", 60_000);
    const bundle = readFileSync(join(SERVER_DIR, "dist/main.js"), "utf8");
    expect(bundle).not.toMatch(/from "[^"]+\.ts"/);
    process.kill(-server.child.pid!, "SIGINT");
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('"event":"stopped"');
    expect(server.output()).not.toMatch(/ELIFECYCLE|ERR_PNPM|Command failed/);
  });

  it("rebuilds the editor only when one of its sources changed", async () => {
    const { sourcesHash, builtFrom } = (await import(EDITOR_SCRIPT)) as {
      sourcesHash(root: string, inputs: string[]): string;
      builtFrom(stamp: string, hash: string): boolean;
    };
    const root = mkdtempSync(join(tmpdir(), "refstudio-sources-"));
    try {
      mkdirSync(join(root, "src"));
      writeFileSync(join(root, "src/app.tsx"), "export const a = 1;");
      writeFileSync(join(root, "package.json"), "{}");
      const inputs = [join(root, "src"), join(root, "package.json")];
      const first = sourcesHash(root, inputs);
      expect(sourcesHash(root, inputs)).toBe(first);
      const stamp = join(root, "stamp");
      expect(builtFrom(stamp, first)).toBe(false);
      writeFileSync(stamp, `${first}\n`);
      expect(builtFrom(stamp, first)).toBe(true);

      writeFileSync(join(root, "src/app.tsx"), "export const a = 2;");
      const edited = sourcesHash(root, inputs);
      expect(edited).not.toBe(first);
      expect(builtFrom(stamp, edited)).toBe(false);

      writeFileSync(join(root, "src/other.tsx"), "");
      expect(sourcesHash(root, inputs)).not.toBe(edited);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
