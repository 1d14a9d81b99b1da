import pg from "pg";
import { afterAll, describe } from "vitest";
import { openPostgresStores } from "./postgres-stores.ts";
import { storesContract } from "./stores.contract.ts";
import { postgresUrlOrSkip } from "./test-services.ts";

const url = await postgresUrlOrSkip();
const schema = `store_test_${process.pid}_${Date.now().toString(36)}`;

describe.skipIf(url === null)("PostgreSQL stores", () => {
  afterAll(async () => {
    const client = new pg.Client({ connectionString: url! });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await client.end();
    }
  });
  storesContract(() => openPostgresStores(url!, { schema }));
});
