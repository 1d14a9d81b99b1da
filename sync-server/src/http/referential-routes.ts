import { LIMITS, newId, setMeta } from "@refstudio/schema";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { ServerContext } from "../context.ts";
import { createStoredReferential, seedDocument } from "../referentials/seed.ts";
import type { ReferentialRecord, Role } from "../store/types.ts";
import { parseBody } from "./body.ts";
import { notFound } from "./errors.ts";
import { ANY_ROLE, OWNERS, requireRole, requireUser } from "./guards.ts";

/** Référentiels: list mine, create (blank, snapshot, demo), read, rename, archive, validation report. */

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
    const { role } = await requireRole(ctx, id, user.id, OWNERS);
    const body = parseBody(Patch, request.body);
    const title = body.title;
    // The title lives in the document (everyone sees the rename live); the record follows it.
    if (title !== undefined)
      await rooms.with(id, (room) => room.change((doc) => setMeta(doc, { title }), user.id));
    const record = await stores.app.updateReferential(id, body);
    if (!record) throw notFound("Référentiel");
    return referentialView(record, role);
  });

  app.get<IdParams>("/api/referentials/:id/validation", async (request) => {
    const { user } = await requireUser(ctx, request);
    await requireRole(ctx, request.params.id, user.id, ANY_ROLE);
    return rooms.with(request.params.id, (room) => room.validator.report());
  });
}
