import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { MIGRATIONS } from "./migrations.ts";
import { openStores } from "./open-stores.ts";
import { applyMigrations, openSqliteStores, SQLITE_FILE } from "./sqlite-stores.ts";
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

  it("commits the appends of one turn of the event loop together, each with its own seq", async () => {
    const stores = openSqliteStores(join(root, "group"));
    try {
      const updates = Array.from({ length: 30 }, (_, i) => new Uint8Array([i, 7]));
      const seqs = await Promise.all(updates.map((update, i) => stores.docs.append(`doc-${i % 3}`, update)));
      expect(seqs).toEqual(updates.map((_, i) => Math.floor(i / 3) + 1));
      // A load made right after an append (not awaited) sees it.
      const pending = stores.docs.append("doc-0", new Uint8Array([99]));
      const stored = await stores.docs.load("doc-0");
      expect(stored.updates).toEqual([...updates.filter((_, i) => i % 3 === 0), new Uint8Array([99])]);
      expect(await pending).toBe(11);
    } finally {
      await stores.close();
    }
  });

  it("fails only the append that cannot be stored when its group fails", async () => {
    const stores = openSqliteStores(join(root, "group-failure"));
    try {
      const appends = [
        stores.docs.append("doc", new Uint8Array([1])),
        // Not bindable as a blob: SQLite refuses this one, and its group with it.
        stores.docs.append("doc", { nope: true } as unknown as Uint8Array),
        stores.docs.append("doc", new Uint8Array([2])),
      ];
      const [first, second, third] = await Promise.allSettled(appends);
      expect(first).toEqual({ status: "fulfilled", value: 1 });
      expect(second?.status).toBe("rejected");
      expect(third).toEqual({ status: "fulfilled", value: 2 });
      expect((await stores.docs.load("doc")).updates).toEqual([new Uint8Array([1]), new Uint8Array([2])]);
    } finally {
      await stores.close();
    }
  });

  it("checkpoints the write-ahead log into the database file in the background", async () => {
    const dataDir = join(root, "checkpoint");
    const stores = openSqliteStores(dataDir);
    try {
      const file = join(dataDir, SQLITE_FILE);
      // Fewer pages than SQLite's own automatic checkpoint threshold: only the checkpointer moves them.
      for (let i = 0; i < 100; i++) await stores.docs.append(`doc-${i % 10}`, new Uint8Array(2000).fill(i));
      const before = statSync(file).size;
      let after = before;
      for (let tries = 0; tries < 100 && after <= before; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        after = statSync(file).size;
      }
      expect(after).toBeGreaterThan(before + 100 * 2000);
    } finally {
      await stores.close();
    }
  });

  it("lets a process that closes its stores finish on its own", async () => {
    const script = `
      const { openSqliteStores } = await import(${JSON.stringify(fileURLToPath(new URL("./sqlite-stores.ts", import.meta.url)))});
      const stores = openSqliteStores(${JSON.stringify(join(root, "exit"))});
      await stores.docs.append("doc", new Uint8Array([1]));
      await stores.close();
      process.stdout.write("fermé");`;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: PACKAGE_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const [code] = await once(child, "exit");
    expect({ code, stdout }).toEqual({ code: 0, stdout: "fermé" });
  }, 30_000);

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

describe("SQLite schema migrations", () => {
  const versions = (db: Database.Database) =>
    db.prepare("SELECT version FROM schema_migrations ORDER BY version").pluck().all() as number[];

  it("brings a database of the previous release to this one, once, keeping its data", () => {
    const db = new Database(join(root, "migrations.sqlite"));
    try {
      const previous = MIGRATIONS.slice(0, -1);
      const last = MIGRATIONS.at(-1) as (typeof MIGRATIONS)[number];
      applyMigrations(db, previous);
      db.prepare(
        "INSERT INTO users (id, email, email_key, name, password_hash, admin, created_at) VALUES ('u1', 'A@b.fr', 'a@b.fr', 'Anne', 'h', 0, '2025-01-01T00:00:00.000Z')",
      ).run();
      expect(versions(db)).toEqual(previous.map((m) => m.version));

      applyMigrations(db);
      expect(versions(db)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(db.prepare("SELECT name FROM users WHERE id = 'u1'").pluck().get()).toBe("Anne");
      // The last migration's table is there (sign-in failures), and a second run changes nothing.
      db.prepare("INSERT INTO sign_in_failures (limiter_key, failures, last_at) VALUES ('k', 1, 'x')").run();
      applyMigrations(db);
      expect(versions(db)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(last.version).toBe(Math.max(...versions(db)));

      // A release older than the database refuses it rather than running on an unknown schema.
      expect(() => applyMigrations(db, previous)).toThrow(/plus récente/);
    } finally {
      db.close();
    }
  });
});
