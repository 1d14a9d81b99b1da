import { compareReferentials, type Referential, readMeta, readNodes } from "@refstudio/schema";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { ServerContext } from "../context.ts";
import { restoreInRoom, undoRestore } from "../history/restores.ts";
import { activityOf, attributionOf } from "../history/views.ts";
import { versionContent, versionReferential, versionSummary } from "../referentials/versions.ts";
import { HttpError, notFound } from "./errors.ts";
import { ANY_ROLE, requireRole, requireUser, requireWritable, WRITERS } from "./guards.ts";
import type { IdParams } from "./referential-routes.ts";

/**
 * History: who changed what (attribution, activity), and versions compared with each other or
 * with now, and restored (as one change every connected editor receives).
 */

const DAY_MS = 24 * 3600_000;
const ActivityQuery = z.object({
  since: z.iso
    .datetime({ offset: true })
    .optional()
    .transform((value) => (value === undefined ? undefined : Date.parse(value))),
});

type Content = Pick<Referential, "meta" | "nodes">;
type Side = { id: string; name: string; createdAt: string | null; sha256: string; current: boolean };

type CompareParams = { Params: { id: string; a: string; b: string } };
type VersionParams = { Params: { id: string; versionId: string } };
type RestoreParams = { Params: { id: string; restoreId: string } };

export function historyRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { stores, rooms } = ctx;

  /** One side of a comparison: a version, or the live document ("current"). */
  async function sideOf(id: string, key: string): Promise<{ side: Side; content: Content }> {
    if (key === "current") {
      return rooms.with(id, (room) => ({
        side: {
          id: "current",
          name: "Version actuelle",
          createdAt: null,
          sha256: versionContent(room.doc).sha256,
          current: true,
        },
        content: { meta: readMeta(room.doc), nodes: readNodes(room.doc) },
      }));
    }
    const version = await stores.app.version(id, key);
    if (!version) throw notFound("Version");
    return {
      side: {
        id: version.id,
        name: version.name,
        createdAt: version.createdAt,
        sha256: version.sha256,
        current: false,
      },
      content: await versionReferential(stores.app, version),
    };
  }

  app.get<IdParams>("/api/referentials/:id/activity", async (request) => {
    const { user } = await requireUser(ctx, request);
    const { id } = request.params;
    await requireRole(ctx, id, user.id, ANY_ROLE);
    const query = ActivityQuery.safeParse(request.query);
    if (!query.success)
      throw new HttpError(400, "invalid_input", "Paramètre « since » : une date ISO 8601 est attendue");
    const since = query.data.since ?? Date.now() - 90 * DAY_MS;
    const sessions = await rooms.with(id, (room) => activityOf(stores, id, room.doc, since));
    return { since: new Date(since).toISOString(), sessions };
  });

  app.get<IdParams>("/api/referentials/:id/attribution", async (request) => {
    const { user } = await requireUser(ctx, request);
    const { id } = request.params;
    await requireRole(ctx, id, user.id, ANY_ROLE);
    return rooms.with(id, (room) => attributionOf(stores, id, room.doc));
  });

  app.get<CompareParams>("/api/referentials/:id/versions/:a/compare/:b", async (request) => {
    const { user } = await requireUser(ctx, request);
    const { id, a, b } = request.params;
    await requireRole(ctx, id, user.id, ANY_ROLE);
    const [older, newer] = await Promise.all([sideOf(id, a), sideOf(id, b)]);
    return {
      from: older.side,
      to: newer.side,
      sameContent: older.side.sha256 === newer.side.sha256,
      comparison: compareReferentials(older.content, newer.content),
    };
  });

  app.post<VersionParams>("/api/referentials/:id/versions/:versionId/restore", async (request) => {
    const { user } = await requireUser(ctx, request);
    const { id, versionId } = request.params;
    const { record } = await requireRole(ctx, id, user.id, WRITERS);
    requireWritable(record);
    const version = await stores.app.version(id, versionId);
    if (!version) throw notFound("Version");
    const target = await versionReferential(stores.app, version);
    const made = await rooms.with(id, (room) =>
      restoreInRoom(stores, room, { name: version.name, target, author: user }),
    );
    // `restore` is what POST …/restores/:restoreId/undo takes; both are null when nothing changed.
    return {
      restored: versionSummary(version),
      before: made ? versionSummary(made.before) : null,
      restore: made ? versionSummary(made.restore) : null,
    };
  });

  app.post<RestoreParams>("/api/referentials/:id/restores/:restoreId/undo", async (request) => {
    const { user } = await requireUser(ctx, request);
    const { id, restoreId } = request.params;
    const { record } = await requireRole(ctx, id, user.id, WRITERS);
    requireWritable(record);
    const restore = await stores.app.version(id, restoreId);
    if (!restore) throw notFound("Restauration");
    const outcome = await rooms.with(id, (room) => undoRestore(stores, room, restore, user));
    if (outcome === "not-a-restore")
      throw new HttpError(409, "not_a_restore", "Cette version n'est pas une restauration : rien à annuler");
    if (outcome === "already")
      throw new HttpError(409, "already_undone", "Cette restauration a déjà été annulée");
    return { undone: versionSummary(restore) };
  });
}
