import type { FastifyInstance } from "fastify";
import type { ServerContext } from "../context.ts";

/** Health for load balancers and Prometheus metrics (not under /api: no session needed). */
export function operationsRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get("/healthz", async () => ({ ok: true }));

  app.get("/metrics", async (_request, reply) => {
    ctx.metrics.loadedDocuments.set(ctx.rooms.size);
    return reply.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });
}
