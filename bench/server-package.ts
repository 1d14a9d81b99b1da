import { type App, createApp, loadConfig } from "@refstudio/sync-server";

/**
 * Our server as a library (its public entry: `createApp`), in this process and not listening:
 * the bench reaches its SQLite DocStore and loads rooms through its own `Rooms`, so a measured
 * load is exactly the server's (snapshot + updates into a Y.Doc, migrations, live validator,
 * awareness).
 */

export type DocStore = App["context"]["stores"]["docs"];
export type Room = Awaited<ReturnType<App["context"]["rooms"]["acquire"]>>;

export type InProcessServer = {
  docs: DocStore;
  /** Loads (or returns the loaded) room of a document; `release` lets it unload later. */
  acquire(id: string): Promise<Room>;
  release(room: Room): void;
  close(): Promise<void>;
};

export async function openInProcessServer(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<InProcessServer> {
  const config = loadConfig({
    ...env,
    DATA_DIR: dataDir,
    HOST: "127.0.0.1",
    PORT: "0",
    LOG_LEVEL: "silent",
    // Rooms stay loaded while the bench holds them and are never unloaded behind its back.
    IDLE_UNLOAD_MS: String(3600_000),
  });
  const app = await createApp(config);
  const { stores, rooms } = app.context;
  return {
    docs: stores.docs,
    acquire: (id) => rooms.acquire(id),
    release: (room) => rooms.release(room),
    close: () => app.close(),
  };
}
