import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import type { ServerContext } from "../context.ts";
import { withContexts } from "../notifications/outbox.ts";
import { parseBody } from "./body.ts";
import { requireUser } from "./guards.ts";

/** My notifications (the bell), read / unread, and the unsubscribe link of notification mails. */

const Read = z.strictObject({ ids: z.array(z.string().min(1).max(100)).max(500).optional() });
const Query = z.object({ limit: z.coerce.number().int().min(1).max(100).default(30) });
type TokenParams = { Params: { token: string } };

/** A small French page (the unsubscribe link opens in a browser, outside the editor). */
function page(reply: FastifyReply, status: number, title: string, body: string) {
  const html = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title><style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#1f2933}button{font:inherit;padding:.5rem 1rem;border-radius:6px;border:1px solid #3b5bdb;background:#3b5bdb;color:#fff;cursor:pointer}</style></head><body><h1>${title}</h1>${body}</body></html>`;
  return reply.status(status).type("text/html; charset=utf-8").send(html);
}

export function notificationRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { stores, links } = ctx;

  app.get("/api/notifications", async (request) => {
    const { user } = await requireUser(ctx, request);
    const { limit } = Query.parse(request.query ?? {});
    const list = await stores.notifications.list(user.id, limit);
    const items = await withContexts(stores, links, list);
    return {
      unread: await stores.notifications.unreadCount(user.id),
      notifications: items.map(({ notification: n, context }) => ({
        id: n.id,
        kind: n.kind,
        referentialId: n.referentialId,
        referentialTitle: context.referentialTitle,
        actor: n.actorId ? { id: n.actorId, name: context.actorName } : null,
        target: n.target,
        excerpt: n.excerpt,
        createdAt: n.createdAt,
        read: n.readAt !== null,
        href: links.notification(n, ""),
      })),
    };
  });

  app.post("/api/notifications/read", async (request, reply) => {
    const { user } = await requireUser(ctx, request);
    const { ids } = parseBody(Read, request.body);
    await stores.notifications.markRead(user.id, ids);
    return reply.status(204).send();
  });

  app.get<TokenParams>("/api/notifications/unsubscribe/:token", async (request, reply) => {
    const account = await stores.app.userByUnsubscribeToken(request.params.token);
    if (!account) return page(reply, 404, "Lien inconnu", "<p>Ce lien de désabonnement n'existe pas.</p>");
    return page(
      reply,
      200,
      "Ne plus recevoir d'e-mails",
      `<p>Vous ne recevrez plus d'e-mails de notification à <strong>${escapeHtml(account.email)}</strong>. Les notifications restent visibles dans l'application, sous la cloche.</p><form method="post"><button type="submit">Confirmer</button></form>`,
    );
  });

  /** The confirmation, and the one-click unsubscribe of mail clients (RFC 8058: a form POST). */
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string", bodyLimit: 1024 },
      (_request, _body, done) => done(null, {}),
    );
    scope.post<TokenParams>("/api/notifications/unsubscribe/:token", async (request, reply) => {
      const account = await stores.app.userByUnsubscribeToken(request.params.token);
      if (!account) return page(reply, 404, "Lien inconnu", "<p>Ce lien de désabonnement n'existe pas.</p>");
      await stores.app.updateAccount(account.id, { emailNotifications: "never" });
      return page(
        reply,
        200,
        "C'est fait",
        `<p>Vous ne recevrez plus d'e-mails de notification. Pour changer d'avis : <a href="${escapeHtml(links.account())}">votre compte</a>.</p>`,
      );
    });
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
