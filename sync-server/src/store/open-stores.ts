import type { Durability } from "./sqlite-stores.ts";
import type { Stores } from "./types.ts";

/**
 * PostgreSQL when a database URL is configured (several processes can share it), else SQLite in
 * dataDir with the given durability (PostgreSQL's is its own setting, synchronous_commit). Each
 * backend is loaded only when chosen: its driver costs megabytes of memory.
 */
export async function openStores(config: {
  dataDir: string;
  databaseUrl?: string;
  durability?: Durability;
}): Promise<Stores> {
  if (config.databaseUrl) {
    const { openPostgresStores } = await import("./postgres-stores.ts");
    return openPostgresStores(config.databaseUrl);
  }
  const { openSqliteStores } = await import("./sqlite-stores.ts");
  return openSqliteStores(config.dataDir, { durability: config.durability });
}
