import { openPostgresStores } from "./postgres-stores.ts";
import { type Durability, openSqliteStores } from "./sqlite-stores.ts";
import type { Stores } from "./types.ts";

/**
 * PostgreSQL when a database URL is configured (several processes can share it), else SQLite in
 * dataDir with the given durability (PostgreSQL's is its own setting, synchronous_commit).
 */
export async function openStores(config: {
  dataDir: string;
  databaseUrl?: string;
  durability?: Durability;
}): Promise<Stores> {
  return config.databaseUrl
    ? openPostgresStores(config.databaseUrl)
    : openSqliteStores(config.dataDir, { durability: config.durability });
}
