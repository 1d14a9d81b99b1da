import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Starts the real sync server as a child process (`node --import tsx src/main.ts`) on a free
 * port (PORT=0: the port is read from its "listening" log line) with a temporary data folder.
 */

const SERVER_DIR = fileURLToPath(new URL("../../sync-server", import.meta.url));
const START_TIMEOUT_MS = 60_000;

export type ServerProcess = {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  /** The server's process id (to read its memory from outside). */
  pid: number;
  dataDir: string;
  env: Record<string, string>;
  /** Every line the process printed (JSON log lines and anything else). */
  logs: string[];
  /** Parsed JSON log lines. */
  events(): Record<string, unknown>[];
  /** SIGTERM (graceful stop); resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: no flush, no goodbye. */
  kill(): Promise<void>;
  /** Starts a new process on the same data folder and environment. */
  restart(): Promise<ServerProcess>;
  /** Stops the process if it runs and deletes the data folder. */
  dispose(): Promise<void>;
};

/** Inherited variables that would change which store or relay the server uses: tests opt in explicitly. */
const ISOLATED = ["DATABASE_URL", "REDIS_URL", "PORT", "DATA_DIR", "SIGNUP", "ALLOWED_ORIGINS"];

export async function startServer(
  env: Record<string, string> = {},
  dataDir?: string,
): Promise<ServerProcess> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), "refstudio-it-"));
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !ISOLATED.includes(key)),
  );
  const fullEnv = { PORT: "0", HOST: "127.0.0.1", DATA_DIR: dir, LOG_LEVEL: "info", ...env };
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: SERVER_DIR,
    env: { ...inherited, ...fullEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  // A test that fails before disposing must not leave a server behind.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      process.off("exit", killOnExit);
      resolve(code);
    }),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start:\n${logs.join("\n")}`)),
      START_TIMEOUT_MS,
    );
    const onLine = (line: string) => {
      logs.push(line);
      try {
        const event = JSON.parse(line) as { event?: string; port?: number };
        if (event.event === "listening" && event.port) {
          clearTimeout(timer);
          resolve(event.port);
        }
      } catch {
        // not a JSON log line (e.g. a Node warning)
      }
    };
    readLines(child, onLine);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${logs.join("\n")}`));
    });
  });

  const server: ServerProcess = {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid as number,
    dataDir: dir,
    env: fullEnv,
    logs,
    events: () =>
      logs.flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      }),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      return exited;
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGKILL");
      await exited;
    },
    // Same port: clients and cookies made before the restart keep working.
    restart: () => startServer({ ...env, PORT: String(port) }, dir),
    async dispose() {
      await server.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}

function readLines(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      buffered += chunk;
      let newline = buffered.indexOf("\n");
      while (newline >= 0) {
        onLine(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf("\n");
      }
    });
  }
}
