import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { openStores } from "./open-stores.ts";
import { openSqliteStores, SQLITE_FILE } from "./sqlite-stores.ts";
import { storesContract } from "./stores.contract.ts";

const root = mkdtempSync(join(tmpdir(), "refstudio-sqlite-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const PACKAGE_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CRASH_SCRIPT = fileURLToPath(new URL("./crash-append.script.ts", import.meta.url));

describe("SQLite stores", () => {
  const dataDir = join(root, "contract");
  storesContract(async () => openSqliteStores(dataDir));
});

describe("SQLite stores on disk", () => {
  it("creates the data directory and its database file when no database URL is set", async () => {
    const dataDir = join(root, "fresh", "nested", "data");
    const stores = await openStores({ dataDir });
    try {
      expect(existsSync(join(dataDir, SQLITE_FILE))).toBe(true);
      expect(await stores.docs.append("doc", new Uint8Array([1, 2, 3]))).toBe(1);
    } finally {
      await stores.close();
    }
  });

  it("keeps an update appended just before the process is killed with SIGKILL", async () => {
    const dataDir = join(root, "crash");
    const doc = new Y.Doc();
    doc.getText("body").insert(0, "écrit juste avant kill -9");
    const update = Y.encodeStateAsUpdate(doc);

    const child = spawn(
      process.execPath,
      ["--import", "tsx", CRASH_SCRIPT, dataDir, "doc-crash", Buffer.from(update).toString("hex")],
      { cwd: PACKAGE_ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [line] = (await Promise.race([
      once(child.stdout, "data"),
      once(child, "exit").then(() =>
        Promise.reject(new Error(`le processus enfant s'est arrêté : ${stderr}`)),
      ),
    ])) as [Buffer];
    const seq = Number(line.toString().trim());
    child.kill("SIGKILL");
    await once(child, "exit");
    expect(child.signalCode).toBe("SIGKILL");
    // The commit sits in the write-ahead log, never checkpointed by a clean close.
    expect(existsSync(join(dataDir, `${SQLITE_FILE}-wal`))).toBe(true);

    const stores = openSqliteStores(dataDir);
    try {
      const stored = await stores.docs.load("doc-crash");
      expect(seq).toBe(1);
      expect(stored).toStrictEqual({ snapshot: null, updates: [update], lastSeq: seq });
      const reloaded = new Y.Doc();
      Y.applyUpdate(reloaded, stored.updates[0]!);
      expect(reloaded.getText("body").toString()).toBe("écrit juste avant kill -9");
    } finally {
      await stores.close();
    }
  }, 30_000);
});
