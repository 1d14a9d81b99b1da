import { openPostgresStores } from "./postgres-stores.ts";
import { openSqliteStores } from "./sqlite-stores.ts";
import type { Stores } from "./types.ts";

/** PostgreSQL when a database URL is configured (several processes can share it), else SQLite in dataDir. */
export async function openStores(config: { dataDir: string; databaseUrl?: string }): Promise<Stores> {
  return config.databaseUrl ? openPostgresStores(config.databaseUrl) : openSqliteStores(config.dataDir);
}
