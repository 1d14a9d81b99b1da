import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { processCpuSeconds, processRssBytes } from "./cpu.ts";

/**
 * The servers under test, each in its own child process on 127.0.0.1 (so its CPU time and memory
 * can be read from /proc): ours (auth, roles, SQLite), the reference y-websocket server and a bare
 * Hocuspocus 4 (both in memory, no auth). All give clients the same view: documents to create,
 * and a URL + headers to connect with.
 */

const BENCH_DIR = fileURLToPath(new URL(".", import.meta.url));
const SYNC_SERVER_DIR = fileURLToPath(new URL("../sync-server/", import.meta.url));
const ROOT_PACKAGE = fileURLToPath(new URL("../package.json", import.meta.url));
/**
 * What `pnpm start` runs once built: node's flags and the compiled server, read from the root
 * start script (`… && cd sync-server && exec node <flags> dist/main.js`; `pnpm bench` builds first).
 */
function ourStart(): string[] {
  const { scripts } = JSON.parse(readFileSync(ROOT_PACKAGE, "utf8")) as { scripts: { start: string } };
  const command = scripts.start.split("&&").at(-1)?.trim() ?? "";
  const [node, ...args] = command.split(/\s+/).filter((word) => word !== "exec");
  if (node !== "node") throw new Error(`start script not understood: ${scripts.start}`);
  return args;
}

/** Where and how one client connects to one document. */
export type Endpoint = {
  url: string;
  headers: Record<string, string>;
  /** Set for Hocuspocus: the document name its framing prefixes every message with. */
  hocuspocusDocument?: string;
};
/** `readers[i]`: where the i-th reader connects (ours: one account per reader, as people are). */
export type DocumentAccess = { id: string; writer: Endpoint; readers: Endpoint[] };

export interface BenchServer {
  /** Creates `count` blank documents (référentiels for ours), each for `readers` readers, and says how to connect. */
  createDocuments(count: number, readers?: number): Promise<DocumentAccess[]>;
  /** User + system CPU seconds the server process has used so far. */
  cpuSeconds(): number;
  /** Resident memory of the server process now, in bytes. */
  rssBytes(): number;
  stop(): Promise<void>;
}

/** Every child still running is killed when the bench exits, even on an error. */
const children = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

type Spawned = { child: ChildProcess; port: number };

/** BENCH_CPU_PROF=<dir>: every server writes a V8 CPU profile there when it stops (to see where the time goes). */
const PROFILE = process.env.BENCH_CPU_PROF
  ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
  : [];

/** Starts `node <args>` and waits for the first stdout JSON line carrying a `port`. */
async function spawnServer(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Spawned> {
  const script = args.at(-1)!;
  const child = spawn(process.execPath, [...PROFILE, ...args], {
    cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  // The last lines of output, to explain a failure; the pipes are drained for the whole run.
  let tail = "";
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString("utf8")).slice(-4000);
  };
  child.stderr!.on("data", keep);
  const port = await new Promise<number>((resolve, reject) => {
    let pending = "";
    const timer = setTimeout(() => fail("pas prêt après 30 s"), 30_000);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${script} : ${why}\n${tail}`));
    };
    child.once("exit", (code, signal) => fail(`sorti (${code ?? signal}) avant d'écouter`));
    child.stdout!.on("data", (chunk: Buffer) => {
      keep(chunk);
      pending += chunk.toString("utf8");
      const lines = pending.split("\n");
      pending = lines.pop()!;
      for (const line of lines) {
        const port = portOf(line);
        if (port === undefined) continue;
        clearTimeout(timer);
        child.removeAllListeners("exit");
        child.once("exit", () => children.delete(child));
        resolve(port);
      }
    });
  });
  return { child, port };
}

function portOf(line: string): number | undefined {
  try {
    const port = (JSON.parse(line) as { port?: unknown }).port;
    return typeof port === "number" && port > 0 ? port : undefined;
  } catch {
    return undefined;
  }
}

/** SIGTERM (ours flushes its documents and exits), SIGKILL after 10 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/** The environment without anything that would point ours at PostgreSQL or Redis. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...env } = process.env;
  return { ...env, ...extra };
}

/** A server without accounts: any document name is a document, anyone may connect. */
async function startBare(
  script: string,
  endpoint: (port: number, name: string) => Endpoint,
): Promise<BenchServer> {
  const { child, port } = await spawnServer([join(BENCH_DIR, script)], BENCH_DIR, cleanEnv({ PORT: "0" }));
  let next = 0;
  return {
    createDocuments: async (count, readers = 0) =>
      Array.from({ length: count }, () => {
        const access = endpoint(port, `bench-${next++}`);
        return { id: access.url, writer: access, readers: new Array<Endpoint>(readers).fill(access) };
      }),
    cpuSeconds: () => processCpuSeconds(child.pid!),
    rssBytes: () => processRssBytes(child.pid!),
    stop: () => stopChild(child),
  };
}

export const startReference = (): Promise<BenchServer> =>
  startBare("reference-server.mjs", (port, name) => ({ url: `ws://127.0.0.1:${port}/${name}`, headers: {} }));

/** Hocuspocus serves every document on one URL; the name travels in each message. */
export const startHocuspocus = (): Promise<BenchServer> =>
  startBare("hocuspocus-server.mjs", (port, name) => ({
    url: `ws://127.0.0.1:${port}/?doc=${name}`,
    headers: {},
    hocuspocusDocument: name,
  }));

const PASSWORD = "banc-d-essai-mot-de-passe-123";
const WRITER_EMAIL = "redactrice@banc.test";
/** The server caps the sockets of one account on one document: each reader is its own account. */
const readerEmail = (i: number) => `lecteur-${i + 1}@banc.test`;

/** Our server as a user sees it: HTTP API calls with the session cookie and the right Origin. */
export class OurServer implements BenchServer {
  readonly origin: string;
  private writerCookie = "";
  /** Reader accounts made so far (session cookies), the i-th for the i-th reader of every document. */
  private readonly readerCookies: string[] = [];

  private constructor(
    private readonly spawned: Spawned,
    private readonly dataDir: string,
  ) {
    this.origin = `http://127.0.0.1:${spawned.port}`;
  }

  /**
   * Starts ours on a fresh data directory; `editorDist` is the built editor it serves at `/`;
   * `accounts: false` skips making the writer's account (an idle server).
   */
  static async start(options: { editorDist?: string; accounts?: boolean } = {}): Promise<OurServer> {
    const dataDir = await mkdtemp(join(tmpdir(), "refstudio-bench-"));
    try {
      const env = cleanEnv({
        PORT: "0",
        HOST: "127.0.0.1",
        DATA_DIR: dataDir,
        SIGNUP: "open",
        ...(options.editorDist ? { EDITOR_DIST: options.editorDist } : {}),
      });
      const server = new OurServer(await spawnServer(ourStart(), SYNC_SERVER_DIR, env), dataDir);
      if (options.accounts === false) return server;
      // The first account is the administrator; readers are plain accounts made viewers of each document.
      server.writerCookie = await server.signUp(WRITER_EMAIL, "Rédactrice du banc");
      return server;
    } catch (error) {
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** POSTs JSON as the writer (or with the given cookie); returns the body and any new session cookie. */
  private async post(
    path: string,
    body: unknown,
    cookie = this.writerCookie,
  ): Promise<{ json: unknown; cookie?: string }> {
    const response = await fetch(`${this.origin}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: this.origin, cookie },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`POST ${path} : ${response.status} ${text.slice(0, 300)}`);
    const session = response.headers
      .getSetCookie()
      .map((header) => header.split(";")[0]!)
      .find((pair) => pair.startsWith("rs_session="));
    return { json: text ? JSON.parse(text) : null, ...(session ? { cookie: session } : {}) };
  }

  private async signUp(email: string, name: string): Promise<string> {
    const { cookie } = await this.post("/api/accounts", { email, name, password: PASSWORD }, "");
    if (!cookie) throw new Error("POST /api/accounts : pas de cookie de session");
    return cookie;
  }

  /** The writer's session cookie (`rs_session=...`), for a browser. */
  get sessionCookie(): string {
    return this.writerCookie;
  }

  private endpoint(id: string, cookie: string): Endpoint {
    return {
      url: `ws://127.0.0.1:${this.spawned.port}/collab/${encodeURIComponent(id)}`,
      headers: { cookie, origin: this.origin },
    };
  }

  async createDocuments(count: number, readers = 0): Promise<DocumentAccess[]> {
    while (this.readerCookies.length < readers) {
      const i = this.readerCookies.length;
      this.readerCookies.push(await this.signUp(readerEmail(i), `Lecteur ${i + 1} du banc`));
    }
    const documents: DocumentAccess[] = [];
    for (let i = 0; i < count; i++) {
      const { json } = await this.post("/api/referentials", { title: `Banc d'essai ${i + 1}` });
      const id = (json as { id: string }).id;
      const cookies = this.readerCookies.slice(0, readers);
      for (const [r, cookie] of cookies.entries()) {
        // Adding a member by email invites: the reader accepts, as a person would.
        const { json: invited } = await this.post(`/api/referentials/${id}/members`, {
          email: readerEmail(r),
          role: "viewer",
        });
        const token = (invited as { invitation: { url: string } }).invitation.url.split("/").pop();
        await this.post(`/api/invitations/${token}/accept`, {}, cookie);
      }
      documents.push({
        id,
        writer: this.endpoint(id, this.writerCookie),
        readers: cookies.map((cookie) => this.endpoint(id, cookie)),
      });
    }
    return documents;
  }

  cpuSeconds(): number {
    return processCpuSeconds(this.spawned.child.pid!);
  }

  rssBytes(): number {
    return processRssBytes(this.spawned.child.pid!);
  }

  async stop(): Promise<void> {
    await stopChild(this.spawned.child);
    await rm(this.dataDir, { recursive: true, force: true });
  }
}

export const startOurs = (options: { editorDist?: string; accounts?: boolean } = {}): Promise<OurServer> =>
  OurServer.start(options);
