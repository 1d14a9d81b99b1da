import { createApp } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { createLogger } from "./logger.ts";

/**
 * Starts the server. Logs one JSON line `{"event":"listening","port":…}` once it accepts
 * connections (tests start it with PORT=0 and read the port from it). SIGTERM/SIGINT stop it
 * gracefully and exit 0.
 */

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
}

const log = createLogger(config.logLevel);
const app = await createApp(config, { log });
const port = await app.listen();
log.info(
  { event: "listening", port, host: config.host, dataDir: config.databaseUrl ? null : config.dataDir },
  "listening",
);

/** A stop that takes longer than this (a stuck connection, an unreachable database) exits anyway. */
const STOP_DEADLINE_MS = 20_000;

let stopping = false;
async function stop(signal: string, code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(1), STOP_DEADLINE_MS).unref();
  try {
    log.info({ event: "stopping", signal }, "stopping");
    await app.close();
    log.info({ event: "stopped" }, "stopped");
  } catch (error) {
    code = 1;
    log.error({ err: error }, "error while stopping");
  } finally {
    process.exit(code);
  }
}

for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void stop(signal, 0));
process.on("unhandledRejection", (error) => log.error({ err: error }, "unhandled rejection"));
process.on("uncaughtException", (error) => {
  log.fatal({ err: error }, "uncaught exception");
  void stop("uncaughtException", 1);
});
