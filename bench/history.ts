import { statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp, loadConfig, saveCheckpoint } from "@refstudio/sync-server";
import * as Y from "yjs";
import { buildLargeReferential } from "./large-referential.ts";
import { median } from "./stats.ts";

/**
 * History on the large référentiel of DESIGN §9, through our server in this process (its HTTP
 * routes called with Fastify's inject, so the times are the server's, without the network):
 * - its 50,000 keystrokes sent update by update down the sync path (authors recorded, log
 *   compacted every 500 updates with its history folded in, as the server does), with an
 *   automatic checkpoint every 5,000 updates (≈ every 30 minutes of work at 3 updates/s);
 * - what that history costs in the store;
 * - opening a version and a checkpoint, comparing two, restoring one: medians of 5 requests.
 */

export type HistoryResult = {
  openVersion: number;
  openCheckpoint: number;
  compareVersions: number;
  compareWithCurrent: number;
  restore: number;
  updates: number;
  /** Bytes of the update log as sent (what any server stores first), and the author columns added. */
  logBytes: number;
  authorBytes: number;
  fieldRows: number;
  fieldBytes: number;
  activityRows: number;
  activityBytes: number;
  checkpoints: number;
  checkpointBytes: number;
  fullCheckpoints: number;
  /** One full state of the document, for scale. */
  stateBytes: number;
  sqliteBytes: number;
};

const CHECKPOINT_EVERY = 5_000;
const RUNS = 5;

type Request = { method: "GET" | "POST"; url: string; headers: Record<string, string>; payload?: unknown };
type Response = { statusCode: number; body: string; headers: Record<string, unknown>; json(): unknown };
type Inject = (request: Request) => Promise<Response>;

/** Median time of `runs` identical requests (each must succeed). */
async function timed(inject: Inject, request: Request, runs = RUNS): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const response = await inject(request);
    times.push(performance.now() - started);
    if (response.statusCode >= 300) {
      throw new Error(`${request.url} : ${response.statusCode} ${response.body.slice(0, 200)}`);
    }
  }
  return median(times);
}

/** Typing pace of the simulated history: 3 updates a second, a 10-minute pause before each checkpoint. */
const UPDATE_MS = 333;
const PAUSE_MS = 10 * 60_000;

export async function measureHistory(): Promise<HistoryResult> {
  const dataDir = await mkdtemp(join(tmpdir(), "refstudio-bench-history-"));
  const app = await createApp(
    loadConfig({
      DATA_DIR: dataDir,
      PORT: "0",
      LOG_LEVEL: "silent",
      IDLE_UNLOAD_MS: String(3600_000),
      // Checkpoints are saved by the bench at a known pace, not by the clock.
      CHECKPOINT_QUIET_MS: String(24 * 3600_000),
      CHECKPOINT_EVERY_MS: String(7 * 24 * 3600_000),
    }),
  );
  try {
    const inject: Inject = (request) => app.http.inject(request as never) as unknown as Promise<Response>;
    const origin = "http://localhost";
    const signUp = await inject({
      method: "POST",
      url: "/api/accounts",
      headers: { origin, host: "localhost" },
      payload: { email: "bench@example.fr", name: "Rédactrice", password: "un mot de passe solide" },
    });
    const cookie = String(signUp.headers["set-cookie"]).split(";")[0]!;
    const user = (signUp.json() as { user: { id: string; name: string } }).user;
    const headers = { origin, host: "localhost", cookie };
    const created = await inject({
      method: "POST",
      url: "/api/referentials",
      headers,
      payload: { title: "Grand référentiel" },
    });
    const id = (created.json() as { id: string }).id;
    const { stores, rooms } = app.context;

    const room = await rooms.acquire(id);
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(room.doc));
    const history: Uint8Array[] = [];
    buildLargeReferential({ doc: replica, onUpdate: (update) => history.push(update) });
    const peer = {
      userId: user.id,
      userName: user.name,
      role: "owner" as const,
      sessionHash: "bench",
      closed: false,
      send() {},
      sendShared() {},
      close() {},
    };
    const drained = () => room.change(() => {});
    // The server stamps each update with Date.now() as it stores it: a simulated clock spreads the
    // 50,000 keystrokes over the hours a team would take, so activity buckets are as in real use.
    const realNow = Date.now;
    let clock = realNow() - 24 * 3600_000;
    Date.now = () => (clock += UPDATE_MS);
    try {
      for (const [i, update] of history.entries()) {
        room.receive(peer, { type: "update", update });
        if ((i + 1) % CHECKPOINT_EVERY !== 0) continue;
        await drained();
        clock += PAUSE_MS;
        await saveCheckpoint(stores, room, { name: "Enregistrement automatique", author: user });
      }
      await drained();
      await room.flush();
    } finally {
      Date.now = realNow;
    }
    if (Y.encodeStateAsUpdate(room.doc).length < Y.encodeStateAsUpdate(replica).length / 2)
      throw new Error("le serveur n'a pas reçu toute l'histoire");

    const versions = await stores.app.versions(id);
    const checkpoints = versions.filter((version) => version.kind === "checkpoint");
    const records = await Promise.all(checkpoints.map((version) => stores.app.version(id, version.id)));
    const named = await inject({
      method: "POST",
      url: `/api/referentials/${id}/versions`,
      headers,
      payload: { name: "V1" },
    });
    const namedId = (named.json() as { id: string }).id;
    const oldest = checkpoints.at(-1)!;
    const newest = checkpoints[0]!;
    const light = records.find((record) => record?.baseId !== null) ?? records[0]!;
    const fields = await stores.docs.attributions(id);
    const activity = await stores.docs.activity(id);
    const ref = `/api/referentials/${id}`;
    // Alternately the oldest checkpoint and the named version: each restore rewrites many texts.
    const restores: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const target = i % 2 === 0 ? oldest.id : namedId;
      restores.push(
        await timed(
          inject,
          { method: "POST", url: `${ref}/versions/${target}/restore`, headers, payload: {} },
          1,
        ),
      );
    }

    const result: HistoryResult = {
      openVersion: await timed(inject, { method: "GET", url: `${ref}/versions/${namedId}`, headers }),
      openCheckpoint: await timed(inject, { method: "GET", url: `${ref}/versions/${light!.id}`, headers }),
      compareVersions: await timed(inject, {
        method: "GET",
        url: `${ref}/versions/${oldest.id}/compare/${newest.id}`,
        headers,
      }),
      compareWithCurrent: await timed(inject, {
        method: "GET",
        url: `${ref}/versions/${oldest.id}/compare/current`,
        headers,
      }),
      // Alternately the oldest checkpoint and the named version: each restore rewrites many texts.
      restore: median(
        await Promise.all([0]).then(async () => {
          const times: number[] = [];
          for (let i = 0; i < RUNS; i++) {
            const target = i % 2 === 0 ? oldest.id : namedId;
            times.push(
              await timed(
                inject,
                { method: "POST", url: `${ref}/versions/${target}/restore`, headers, payload: {} },
                1,
              ),
            );
          }
          return times;
        }),
      ),
      updates: history.length,
      logBytes: history.reduce((sum, update) => sum + update.length, 0),
      authorBytes: history.length * (user.id.length + 8),
      fieldRows: fields.length,
      fieldBytes: fields.reduce(
        (sum, field) =>
          sum + id.length + field.target.length + field.field.length + (field.userId?.length ?? 0) + 8,
        0,
      ),
      activityRows: activity.length,
      activityBytes: activity.reduce(
        (sum, bucket) =>
          sum + id.length + (bucket.userId?.length ?? 0) + 8 * 4 + 12 + JSON.stringify(bucket.targets).length,
        0,
      ),
      checkpoints: checkpoints.length,
      checkpointBytes: records.reduce((sum, record) => sum + (record?.state.length ?? 0), 0),
      fullCheckpoints: records.filter((record) => record?.baseId === null).length,
      stateBytes: Y.encodeStateAsUpdate(room.doc).length,
      sqliteBytes: 0,
    };
    rooms.release(room);
    await app.close();
    result.sqliteBytes = statSync(join(dataDir, "refstudio.sqlite")).size;
    return result;
  } finally {
    await app.close().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  }
}
