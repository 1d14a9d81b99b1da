import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import {
  accountView,
  endSessions,
  SIGNUP_POLICIES,
  setSignupPolicy,
  signupPolicy,
} from "../auth/accounts.ts";
import type { ServerContext } from "../context.ts";
import { parseBody } from "./body.ts";
import { forbidden, HttpError, notFound } from "./errors.ts";
import { requestOrigin, requireUser } from "./guards.ts";
import { HANDED_RESET_HOURS, makeResetToken } from "./password-reset-routes.ts";

/**
 * The administration (administrators only): accounts (disable, enable, make administrator, a
 * password reset link to hand over), the sign-up policy, and every référentiel with its owners.
 */

const AccountChange = z.strictObject({ disabled: z.boolean().optional(), admin: z.boolean().optional() });
const Settings = z.strictObject({ signup: z.enum(SIGNUP_POLICIES as ["open", "invitation"]) });
type IdParams = { Params: { id: string } };

export function adminRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { stores } = ctx;

  async function requireAdmin(request: FastifyRequest) {
    const session = await requireUser(ctx, request);
    if (!session.user.admin) throw forbidden("Réservé aux administrateurs");
    return session;
  }

  app.get("/api/admin/accounts", async (request) => {
    await requireAdmin(request);
    return { accounts: (await stores.app.accounts()).map(accountView) };
  });

  /** Disabling ends the account's sessions and closes its connections at once. */
  app.patch<IdParams>("/api/admin/accounts/:id", async (request) => {
    const { user } = await requireAdmin(request);
    const change = parseBody(AccountChange, request.body);
    const { id } = request.params;
    const target = await stores.app.account(id);
    if (!target) throw notFound("Compte");
    if (id === user.id && (change.disabled === true || change.admin === false)) {
      throw new HttpError(
        409,
        "own_account",
        "Vous ne pouvez pas désactiver votre propre compte ni vous retirer l'administration",
      );
    }
    const account = await stores.app.updateAccount(id, change);
    if (!account) throw notFound("Compte");
    if (change.disabled) await endSessions(ctx, id);
    return { account: accountView(account) };
  });

  app.post<IdParams>("/api/admin/accounts/:id/reset-link", async (request) => {
    const { user } = await requireAdmin(request);
    const target = await stores.app.account(request.params.id);
    if (!target) throw notFound("Compte");
    const { token, expiresAt } = await makeResetToken(
      ctx,
      target.id,
      user.id,
      HANDED_RESET_HOURS * 3_600_000,
    );
    return { url: ctx.links.passwordReset(token, requestOrigin(request)), expiresAt };
  });

  app.get("/api/admin/settings", async (request) => {
    await requireAdmin(request);
    return { signup: await signupPolicy(ctx), mail: ctx.mailer !== null };
  });

  app.patch("/api/admin/settings", async (request) => {
    await requireAdmin(request);
    const { signup } = parseBody(Settings, request.body);
    await setSignupPolicy(ctx, signup);
    return { signup, mail: ctx.mailer !== null };
  });

  app.get("/api/admin/referentials", async (request) => {
    await requireAdmin(request);
    return { referentials: await stores.app.referentialOverview() };
  });
}
