import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createServer } from "node:net";
import { redisPing } from "./services.ts";
import { sleep } from "./wait.ts";

/**
 * A Redis server of the test's own, on a free port, that the test stops and starts again (an
 * outage) without touching the shared one. Nothing is persisted: a restart starts empty, as a
 * pub/sub relay would after a crash.
 */
export class OwnRedis {
  private child: ChildProcess | null = null;

  private constructor(
    readonly port: number,
    /** Accounts of their own for some clients (made again at each start), so a test can restrict one. */
    private readonly users: string[],
  ) {}

  /** The URL to connect with, as `user` when given (one of the accounts this server was started with). */
  url(user?: string): string {
    return user ? `redis://${user}:${PASSWORD}@127.0.0.1:${this.port}` : `redis://127.0.0.1:${this.port}`;
  }

  /** Runs a command with redis-cli (e.g. `ACL SETUSER …`); returns its answer. */
  command(...args: string[]): string {
    return execFileSync("redis-cli", ["-p", String(this.port), ...args], { encoding: "utf8" }).trim();
  }

  /**
   * Starts one, or returns null (tests skipped) when redis-server is not installed;
   * REQUIRE_SERVICES=1 makes that a failure.
   */
  static async start(options: { users?: string[] } = {}): Promise<OwnRedis | null> {
    try {
      execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    } catch {
      const reason = "redis-server is not installed";
      if (process.env.REQUIRE_SERVICES === "1") throw new Error(`${reason} (required by REQUIRE_SERVICES=1)`);
      console.warn(`${reason} — the Redis outage tests are skipped`);
      return null;
    }
    const redis = new OwnRedis(await freePort(), options.users ?? []);
    await redis.resume();
    return redis;
  }

  /** Starts the server (again) on its port and waits until it answers. */
  async resume(): Promise<void> {
    if (this.child) return;
    const child = spawn(
      "redis-server",
      ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: "ignore" },
    );
    this.child = child;
    const killOnExit = () => child.kill("SIGKILL");
    process.once("exit", killOnExit);
    child.once("exit", () => process.off("exit", killOnExit));
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        await redisPing(this.url());
        for (const user of this.users)
          this.command("ACL", "SETUSER", user, "on", `>${PASSWORD}`, "~*", "&*", "+@all");
        return;
      } catch (error) {
        if (child.exitCode !== null || Date.now() > deadline)
          throw new Error(`redis-server on port ${this.port} did not start: ${(error as Error).message}`);
        await sleep(50);
      }
    }
  }

  /** Kills the server at once (every connection drops, pub/sub messages in flight are lost). */
  async interrupt(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }

  dispose(): Promise<void> {
    return this.interrupt();
  }
}

const PASSWORD = "mot-de-passe-de-test";

/** A TCP port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}
