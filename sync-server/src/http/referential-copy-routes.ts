import { docFromSnapshot, LIMITS, newId, setMeta, toSnapshot } from "@refstudio/schema";
import type { FastifyInstance } from "fastify";
import type { ServerContext } from "../context.ts";
import { createStoredReferential } from "../referentials/seed.ts";
import { ANY_ROLE, requireRole, requireUser } from "./guards.ts";
import { type IdParams, referentialView } from "./referential-routes.ts";

/**
 * Duplicating a référentiel: any member copies its current content (without comments, which
 * are the team's conversation, not content) into a new référentiel they own.
 */
export function referentialCopyRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post<IdParams>("/api/referentials/:id/duplicate", async (request, reply) => {
    const { user } = await requireUser(ctx, request);
    await requireRole(ctx, request.params.id, user.id, ANY_ROLE);
    const snapshot = await ctx.rooms.with(request.params.id, (room) => toSnapshot(room.doc));
    const copy = docFromSnapshot({ ...snapshot, referential: { ...snapshot.referential, comments: [] } });
    const title = `${snapshot.referential.meta.title || "Référentiel"} (copie)`.slice(0, LIMITS.titleChars);
    setMeta(copy, { title });
    const id = newId();
    const record = await createStoredReferential(ctx.stores, id, copy, user.id);
    copy.destroy();
    return reply.status(201).send(referentialView(record, "owner"));
  });
}
