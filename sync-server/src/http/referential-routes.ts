import { LIMITS, newId, setMeta } from "@refstudio/schema";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { ServerContext } from "../context.ts";
import { createStoredReferential, seedDocument } from "../referentials/seed.ts";
import type { ReferentialRecord, Role } from "../store/types.ts";
import { parseBody } from "./body.ts";
import { notFound } from "./errors.ts";
import { ANY_ROLE, OWNERS, requireRole, requireUser, requireWritable } from "./guards.ts";

/** Référentiels: list mine, create (blank, snapshot, demo), read, rename, archive, delete, validation report. */

const Title = z.string().trim().min(1).max(LIMITS.titleChars);

const Create = z.union([
  z.strictObject({ title: Title }),
  z.strictObject({ snapshot: z.union([z.string(), z.record(z.string(), z.unknown())]) }),
  z.strictObject({ demo: z.literal(true) }),
]);

const Patch = z
  .strictObject({ title: Title.optional(), archived: z.boolean().optional() })
  .refine((body) => body.title !== undefined || body.archived !== undefined, "rien à modifier");

export type IdParams = { Params: { id: string } };

export const referentialView = (record: ReferentialRecord, role: Role) => ({
  id: record.id,
  title: record.title,
  rncpCode: record.rncpCode,
  role,
  status: record.status,
  archived: record.archived,
  updatedAt: record.updatedAt,
});

export function referentialRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { stores, rooms } = ctx;

  app.get("/api/referentials", async (request) => {
    const { user } = await requireUser(ctx, request);
    const list = await stores.app.referentialsOf(user.id);
    return { referentials: list.map((record) => referentialView(record, record.role)) };
  });

  app.post("/api/referentials", { bodyLimit: ctx.config.maxMessageBytes }, async (request, reply) => {
    const { user } = await requireUser(ctx, request);
    const body = parseBody(Create, request.body);
    const doc = await seedDocument(body);
    const id = newId();
    await createStoredReferential(stores, id, doc, user.id);
    doc.destroy();
    return reply.status(201).send({ id });
  });

  app.get<IdParams>("/api/referentials/:id", async (request) => {
    const { user } = await requireUser(ctx, request);
    const { record, role } = await requireRole(ctx, request.params.id, user.id, ANY_ROLE);
    return referentialView(record, role);
  });

  app.patch<IdParams>("/api/referentials/:id", async (request) => {
    const { user } = await requireUser(ctx, request);
    const { id } = request.params;
    const { record: current, role } = await requireRole(ctx, id, user.id, OWNERS);
    const body = parseBody(Patch, request.body);
    // Archived is read-only: the one change allowed is unarchiving (with a rename, if asked).
    if (body.archived !== false) requireWritable(current);
    const title = body.title;
    // The title lives in the document (everyone sees the rename live); the record follows it.
    if (title !== undefined)
      await rooms.with(id, (room) => room.change((doc) => setMeta(doc, { title }), user.id));
    const record = await stores.app.updateReferential(id, body);
    if (!record) throw notFound("Référentiel");
    if (body.archived !== undefined) await rooms.archivedChanged(id, record.archived);
    return referentialView(record, role);
  });

  // Owners only; allowed while archived. The records go first (nobody is let in after), then open
  // connections are closed and the rooms dropped without saving, on every process.
  app.delete<IdParams>("/api/referentials/:id", async (request, reply) => {
    const { user } = await requireUser(ctx, request);
    const { id } = request.params;
    await requireRole(ctx, id, user.id, OWNERS);
    if (!(await stores.app.deleteReferential(id))) throw notFound("Référentiel");
    await stores.docs.remove(id);
    await rooms.referentialDeleted(id);
    ctx.log.info({ doc: id, by: user.id }, "referential deleted");
    return reply.status(204).send();
  });

  app.get<IdParams>("/api/referentials/:id/validation", async (request) => {
    const { user } = await requireUser(ctx, request);
    await requireRole(ctx, request.params.id, user.id, ANY_ROLE);
    return rooms.with(request.params.id, (room) => room.validator.report());
  });
}
