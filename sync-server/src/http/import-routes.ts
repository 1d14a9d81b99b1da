import { LIMITS, parseSnapshot, readMeta, restoreReferential } from "@refstudio/schema";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { ServerContext } from "../context.ts";
import { saveCheckpoint } from "../history/checkpoints.ts";
import { versionSummary } from "../referentials/versions.ts";
import { parseBody } from "./body.ts";
import { HttpError } from "./errors.ts";
import { requireRole, requireUser, WRITERS } from "./guards.ts";
import type { IdParams } from "./referential-routes.ts";

/**
 * An imported référentiel as the new content of an existing one (its next version): the blocs
 * and items are replaced as one change every connected editor receives, the fiche (meta) is
 * kept — but for the title the user confirmed in the preview — and what was there before is
 * saved as a checkpoint, one restore away.
 */

const ImportBody = z.strictObject({
  snapshot: z.union([z.string(), z.record(z.string(), z.unknown())]),
  source: z.string().trim().min(1).max(200).optional(),
  title: z.string().trim().min(1).max(LIMITS.titleChars).optional(),
});

export function importRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { stores, rooms } = ctx;

  app.post<IdParams>(
    "/api/referentials/:id/import",
    { bodyLimit: ctx.config.maxMessageBytes },
    async (request) => {
      const { user } = await requireUser(ctx, request);
      const { id } = request.params;
      const { record } = await requireRole(ctx, id, user.id, WRITERS);
      if (record.archived)
        throw new HttpError(409, "archived", "Ce référentiel est archivé : il ne peut pas être modifié");
      const body = parseBody(ImportBody, request.body);
      const imported = parseSnapshot(body.snapshot).referential;
      const before = await rooms.with(id, async (room) => {
        const saved = await saveCheckpoint(stores, room, {
          name: `Avant l'import${body.source ? ` de « ${body.source} »` : ""}`,
          author: user,
        });
        await room.change((doc) => {
          const meta = readMeta(doc);
          restoreReferential(doc, {
            meta: body.title ? { ...meta, title: body.title } : meta,
            nodes: imported.nodes,
          });
        }, user.id);
        return saved;
      });
      return { before: versionSummary(before) };
    },
  );
}
