import type { FastifyInstance } from "fastify";
import type { ServerContext } from "../context.ts";

/**
 * Health for load balancers and Prometheus metrics (not under /api: no session needed). A relay
 * outage makes the process "degraded", not unhealthy: it still serves its clients, and reads what
 * other processes store from the store.
 */
export function operationsRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get("/healthz", async () => {
    const relay = ctx.relay ? (ctx.relay.connected ? "connected" : "disconnected") : "none";
    return { ok: true, status: relay === "disconnected" ? "degraded" : "ok", relay };
  });

  app.get("/metrics", async (_request, reply) => {
    ctx.metrics.loadedDocuments.set(ctx.rooms.size);
    return reply.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });
}
