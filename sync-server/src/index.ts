/** @refstudio/sync-server — the server as a library (tests and the benchmark start it in-process). */
export { type App, createApp } from "./app.ts";
export { type Config, ConfigError, loadConfig } from "./config.ts";
export { saveCheckpoint } from "./history/checkpoints.ts";
export { CLOSE } from "./sync/close-codes.ts";
