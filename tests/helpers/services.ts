import { createRequire } from "node:module";
import { Socket } from "node:net";

/**
 * Real PostgreSQL and Redis for the tests that need them: the URL when the service answers,
 * or null to skip those tests. With REQUIRE_SERVICES=1 (CI) a missing service fails instead.
 */

type PgClient = { connect(): Promise<void>; query(sql: string): Promise<unknown>; end(): Promise<void> };
// The tests package has no database driver of its own: borrow the server's.
const pg = createRequire(new URL("../../sync-server/package.json", import.meta.url))("pg") as {
  Client: new (config: { connectionString: string; connectionTimeoutMillis: number }) => PgClient;
};

async function required<T>(service: string, url: string, probe: () => Promise<T>): Promise<string | null> {
  try {
    await probe();
    return url;
  } catch (error) {
    const reason = `${service} unreachable at ${url.replace(/\/\/[^@]*@/, "//***@")}: ${(error as Error).message}`;
    if (process.env.REQUIRE_SERVICES === "1") throw new Error(`${reason} (required by REQUIRE_SERVICES=1)`);
    console.warn(`${reason} — its tests are skipped (set REQUIRE_SERVICES=1 to require it)`);
    return null;
  }
}

async function withClient<T>(url: string, fn: (client: PgClient) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export function postgresUrl(): Promise<string | null> {
  const url = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
  return required("PostgreSQL", url, () => withClient(url, (client) => client.query("SELECT 1")));
}

export function redisUrl(): Promise<string | null> {
  const url = process.env.REDIS_URL || "redis://127.0.0.1:6379";
  return required("Redis", url, () => redisPing(url));
}

/** A schema of its own in the database (dropped by `drop`), as a DATABASE_URL selecting it. */
export async function isolatedSchema(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `it_${process.pid}_${Date.now().toString(36)}`;
  await withClient(url, (client) => client.query(`CREATE SCHEMA "${schema}"`));
  const scoped = new URL(url);
  scoped.searchParams.set("options", `-c search_path=${schema}`);
  return {
    url: scoped.toString(),
    drop: () =>
      withClient(url, (client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)).then(() => {}),
  };
}

export function redisPing(url: string): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(3000, () => fail(new Error("timeout")));
    socket.once("error", fail);
    socket.connect(Number(port || 6379), hostname, () => socket.write("PING\r\n"));
    socket.once("data", (data) => {
      socket.destroy();
      if (data.toString().startsWith("+PONG") || data.toString().startsWith("-NOAUTH")) resolve();
      else reject(new Error(`unexpected answer ${data.toString().trim()}`));
    });
  });
}
