import { newId } from "@refstudio/schema";
import * as Y from "yjs";
import type { Logger } from "../logger.ts";
import { versionContent } from "../referentials/versions.ts";
import type { Stores, User, VersionRecord, VersionSummary } from "../store/types.ts";
import type { Room } from "../sync/room.ts";

/**
 * Automatic checkpoints: light versions saved while people work, so history exists even when no
 * one names a version. One is saved after a quiet period following edits, or after every
 * `everyMs` of continuous activity, and before a restore. A checkpoint stores only what changed
 * since the latest full version (its base) unless that delta is half the full state or more; old
 * checkpoints are thinned (`checkpointsToDrop`), so the store stays bounded.
 */

const DAY_MS = 24 * 3600_000;
const WEEK_MS = 7 * DAY_MS;

/**
 * Which checkpoints to delete: every one of the last day is kept; older, the newest of each day
 * for 30 days; older still, the newest of each week. Named versions and snapshots are never touched.
 */
export function checkpointsToDrop(versions: readonly VersionSummary[], now: number): string[] {
  const kept = new Set<string>();
  const drop: string[] = [];
  // Newest first: the first checkpoint met in a period is the one kept.
  const checkpoints = versions
    .filter((version) => version.kind === "checkpoint")
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  for (const checkpoint of checkpoints) {
    const at = Date.parse(checkpoint.createdAt);
    const age = now - at;
    if (age < DAY_MS) continue;
    const period = age < 30 * DAY_MS ? `d${Math.floor(at / DAY_MS)}` : `w${Math.floor(at / WEEK_MS)}`;
    if (kept.has(period)) drop.push(checkpoint.id);
    else kept.add(period);
  }
  return drop;
}

/**
 * Saves the room's current state as a checkpoint named `name`, unless the latest version already
 * has this content; returns the version that holds it (the new checkpoint or that latest one).
 */
export async function saveCheckpoint(
  stores: Stores,
  room: Room,
  input: { name: string; author: Pick<User, "id" | "name"> },
): Promise<VersionSummary> {
  // With other processes, the room may be behind the store: a version holds what the store has.
  await room.catchUpFromStore("version");
  const versions = await stores.app.versions(room.id);
  const { sha256 } = versionContent(room.doc);
  if (versions[0]?.sha256 === sha256) return versions[0];
  const full = Y.encodeStateAsUpdate(room.doc);
  let state = full;
  let baseId: string | null = null;
  const baseSummary = versions.find((version) => version.baseId === null);
  const base = baseSummary ? await stores.app.version(room.id, baseSummary.id) : null;
  if (base) {
    const delta = Y.encodeStateAsUpdate(room.doc, Y.encodeStateVectorFromUpdate(base.state));
    if (delta.byteLength * 2 < full.byteLength) {
      state = delta;
      baseId = base.id;
    }
  }
  const report = room.validator.report();
  const checkpoint: VersionRecord = {
    id: newId(),
    kind: "checkpoint",
    baseId,
    referentialId: room.id,
    name: input.name,
    authorId: input.author.id,
    authorName: input.author.name,
    createdAt: new Date().toISOString(),
    state,
    snapshotJson: "",
    sha256,
    reportJson: "",
    errors: report.errors,
    warnings: report.warnings,
    validated: report.errors === 0,
  };
  await stores.app.addVersion(checkpoint);
  const drop = checkpointsToDrop([checkpoint, ...versions], Date.now());
  if (drop.length > 0) await stores.app.deleteCheckpoints(room.id, drop);
  return checkpoint;
}

type Pending = { firstEdit: number; lastEdit: number; userId: string };

/**
 * Watches edits (one map write per committed update, nothing more on the sync path) and saves a
 * checkpoint of a document once it has been quiet for `quietMs`, or every `everyMs` while edits go on.
 */
export class CheckpointScheduler {
  private readonly pending = new Map<string, Pending>();
  private readonly lastCheckpoint = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: {
      stores: Stores;
      withRoom: <T>(id: string, fn: (room: Room) => Promise<T>) => Promise<T>;
      log: Logger;
      quietMs: number;
      everyMs: number;
    },
  ) {
    this.timer = setInterval(() => void this.tick(), Math.max(50, Math.min(deps.quietMs / 4, 30_000)));
    this.timer.unref();
  }

  /** Notes an edit by a user (the server's own changes without a user do not count). */
  noteEdit(docId: string, userId: string | null): void {
    if (userId === null) return;
    const now = Date.now();
    const entry = this.pending.get(docId);
    if (entry) {
      entry.lastEdit = now;
      entry.userId = userId;
    } else this.pending.set(docId, { firstEdit: now, lastEdit: now, userId });
  }

  /** Saves the checkpoints that are due (or all pending ones with `all`, on shutdown). */
  tick(all = false): Promise<void> {
    this.running = this.running.then(() => this.saveDue(all));
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.tick(true);
  }

  private async saveDue(all: boolean): Promise<void> {
    const now = Date.now();
    for (const [docId, entry] of [...this.pending]) {
      const since = this.lastCheckpoint.get(docId) ?? entry.firstEdit;
      const due = all || now - entry.lastEdit >= this.deps.quietMs || now - since >= this.deps.everyMs;
      if (!due) continue;
      this.pending.delete(docId);
      this.lastCheckpoint.set(docId, now);
      try {
        const author = await this.deps.stores.app.userById(entry.userId);
        if (!author) continue;
        await this.deps.withRoom(docId, (room) =>
          saveCheckpoint(this.deps.stores, room, { name: "Enregistrement automatique", author }),
        );
      } catch (error) {
        this.deps.log.error({ err: error, doc: docId }, "checkpoint failed");
      }
    }
  }
}
