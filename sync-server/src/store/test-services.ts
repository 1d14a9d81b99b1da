/**
 * Real services for tests: the URL of a service that answers, or null to skip its tests. With
 * REQUIRE_SERVICES=1 (CI) a missing service throws instead, failing the test file.
 */
import { Redis } from "ioredis";
import pg from "pg";

const TIMEOUT_MS = 3000;

export function postgresUrlOrSkip(): Promise<string | null> {
  const url = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
  return reachableOrSkip("PostgreSQL", url, async () => {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: TIMEOUT_MS });
    try {
      await client.connect();
      await client.query("SELECT 1");
    } finally {
      await client.end().catch(() => {});
    }
  });
}

export function redisUrlOrSkip(): Promise<string | null> {
  const url = process.env.REDIS_URL || "redis://127.0.0.1:6379";
  return reachableOrSkip("Redis", url, async () => {
    const redis = new Redis(url, {
      lazyConnect: true,
      connectTimeout: TIMEOUT_MS,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    // connect() only says "Connection is closed": keep the socket's own error for the message.
    let cause: Error | undefined;
    redis.on("error", (error: Error) => {
      cause = error;
    });
    try {
      await redis.connect();
      await redis.ping();
    } catch (error) {
      throw cause ?? error;
    } finally {
      redis.disconnect();
    }
  });
}

async function reachableOrSkip(
  service: string,
  url: string,
  probe: () => Promise<void>,
): Promise<string | null> {
  try {
    await probe();
    return url;
  } catch (error) {
    const reason = `${service} injoignable (${withoutPassword(url)}) : ${(error as Error).message}`;
    if (process.env.REQUIRE_SERVICES === "1") throw new Error(`${reason} — exigé par REQUIRE_SERVICES=1.`);
    console.warn(`${reason} — ses tests sont sautés (REQUIRE_SERVICES=1 pour les exiger).`);
    return null;
  }
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "URL illisible";
  }
}
