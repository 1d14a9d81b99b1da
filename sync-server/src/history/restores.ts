import { newId, type Referential, ROOT_NAMES, restoreReferential } from "@refstudio/schema";
import * as Y from "yjs";
import { versionContent } from "../referentials/versions.ts";
import type { Stores, User, VersionRecord, VersionSummary } from "../store/types.ts";
import type { Room } from "../sync/room.ts";

/**
 * Restoring a version, and undoing that restore selectively. A restore is stored as two records:
 * the exact Yjs state just before it (a full checkpoint) and, over it, the one update the restore
 * made (kind "restore"). Undoing it replays that update in a scratch document under a
 * Y.UndoManager that tracks it alone, brings the document up to now, and undoes: only what the
 * restore wrote is reverted, and what anyone typed after it stays. The undo is itself one change
 * everyone receives; it needs no memory of the process, so anyone may undo, later, on any process.
 */

/** The origin of the restore's update when it is replayed: the only thing the undo manager tracks. */
const RESTORE = Symbol("restore");
/** The store's settings hold which restores were undone (an undo is done once). */
const undoneKey = (referentialId: string, restoreId: string) =>
  `restore-undone:${referentialId}:${restoreId}`;

type Author = Pick<User, "id" | "name">;

/**
 * Makes `target` the room's content as one change by `author`; returns the records kept for it
 * (null when the document already had that content).
 */
export async function restoreInRoom(
  stores: Stores,
  room: Room,
  input: { name: string; target: Pick<Referential, "meta" | "nodes">; author: Author },
): Promise<{ before: VersionRecord; restore: VersionRecord } | null> {
  await room.catchUpFromStore("version");
  const report = room.validator.report();
  let captured: { before: Uint8Array; beforeSha: string; afterSha: string } | null = null;
  const update = await room.change((doc) => {
    // Taken inside the room's queue: exactly the state the restore's update applies to.
    const before = Y.encodeStateAsUpdate(doc);
    const beforeSha = versionContent(doc).sha256;
    restoreReferential(doc, input.target);
    captured = { before, beforeSha, afterSha: versionContent(doc).sha256 };
  }, input.author.id);
  if (!update || !captured) return null;
  const { before: beforeState, beforeSha, afterSha } = captured as NonNullable<typeof captured>;
  const at = new Date().toISOString();
  const common = {
    referentialId: room.id,
    authorId: input.author.id,
    authorName: input.author.name,
    createdAt: at,
    snapshotJson: "",
    reportJson: "",
  };
  const before: VersionRecord = {
    ...common,
    id: newId(),
    kind: "checkpoint",
    baseId: null,
    name: `Avant la restauration de « ${input.name} »`,
    state: beforeState,
    sha256: beforeSha,
    errors: report.errors,
    warnings: report.warnings,
    validated: report.errors === 0,
  };
  const after = room.validator.report();
  const restore: VersionRecord = {
    ...common,
    id: newId(),
    kind: "restore",
    baseId: before.id,
    name: `Restauration de « ${input.name} »`,
    state: update,
    sha256: afterSha,
    errors: after.errors,
    warnings: after.warnings,
    validated: after.errors === 0,
  };
  await stores.app.addVersion(before);
  await stores.app.addVersion(restore);
  return { before, restore };
}

/**
 * The update that undoes `change` (applied over `before`) in `current`, leaving every other
 * change in `current` as it is; null when there is nothing to undo.
 */
export function selectiveUndo(before: Uint8Array, change: Uint8Array, current: Y.Doc): Uint8Array | null {
  // The undo manager keeps the content of what the tracked change deleted, to write it back.
  const scratch = new Y.Doc();
  try {
    Y.applyUpdate(scratch, before);
    const scope = ROOT_NAMES.map((name) => scratch.getMap(name));
    const undo = new Y.UndoManager(scope, { trackedOrigins: new Set([RESTORE]), captureTimeout: 0 });
    Y.applyUpdate(scratch, change, RESTORE);
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(current, Y.encodeStateVector(scratch)));
    if (undo.undoStack.length === 0) return null;
    const vector = Y.encodeStateVector(current);
    undo.undo();
    undo.destroy();
    return Y.encodeStateAsUpdate(scratch, vector);
  } finally {
    scratch.destroy();
  }
}

export type UndoOutcome = "undone" | "already" | "not-a-restore";

/** Undoes a stored restore in the room, once, as one change by `author`. */
export async function undoRestore(
  stores: Stores,
  room: Room,
  restore: VersionSummary,
  author: Author,
): Promise<UndoOutcome> {
  if (restore.kind !== "restore" || restore.baseId === null) return "not-a-restore";
  const key = undoneKey(room.id, restore.id);
  if (await stores.app.setting(key)) return "already";
  const [record, base] = await Promise.all([
    stores.app.version(room.id, restore.id),
    stores.app.version(room.id, restore.baseId),
  ]);
  if (!record || !base) return "not-a-restore";
  // Claimed before the change: a second request arriving meanwhile finds it undone.
  await stores.app.setSetting(key, new Date().toISOString());
  try {
    await room.catchUpFromStore("version");
    await room.change((doc) => {
      const undo = selectiveUndo(base.state, record.state, doc);
      if (undo) Y.applyUpdate(doc, undo);
    }, author.id);
  } catch (error) {
    await stores.app.setSetting(key, "");
    throw error;
  }
  return "undone";
}
