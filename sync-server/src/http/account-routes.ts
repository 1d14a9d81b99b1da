import { NAME_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@refstudio/schema";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { accountView, endSessions, Password, signupPolicy } from "../auth/accounts.ts";
import { hashPassword, verifyPassword } from "../auth/password.ts";
import type { ServerContext } from "../context.ts";
import { EMAIL_FREQUENCIES } from "../store/types.ts";
import { parseBody } from "./body.ts";
import { HttpError, notFound } from "./errors.ts";
import { requireUser } from "./guards.ts";

/** My account: name, mail choice, password, my other sessions; and what the server offers (API.md). */

const Frequency = z.enum(EMAIL_FREQUENCIES as ["immediate", "daily", "never"]);
const AccountPatch = z.strictObject({
  name: z.string().trim().min(1).max(NAME_MAX_LENGTH).optional(),
  emailNotifications: Frequency.optional(),
});
const PasswordChange = z.strictObject({ current: z.string().min(1).max(200), password: Password });

export function accountRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { stores } = ctx;

  /** Public: whether mail is sent, who may sign up, the password rule. */
  app.get("/api/server", async () => ({
    mail: ctx.mailer !== null,
    signup: await signupPolicy(ctx),
    passwordMinLength: PASSWORD_MIN_LENGTH,
  }));

  app.get("/api/account", async (request) => {
    const { user } = await requireUser(ctx, request);
    const account = await stores.app.account(user.id);
    if (!account) throw notFound("Compte");
    return { account: accountView(account) };
  });

  app.patch("/api/account", async (request) => {
    const { user } = await requireUser(ctx, request);
    const patch = parseBody(AccountPatch, request.body);
    const account = await stores.app.updateAccount(user.id, patch);
    if (!account) throw notFound("Compte");
    return { account: accountView(account) };
  });

  /** Changes my password; my other sessions end (a stolen session does not outlive the change). */
  app.post("/api/account/password", async (request) => {
    const session = await requireUser(ctx, request);
    const body = parseBody(PasswordChange, request.body);
    const stored = await stores.app.userByEmail(session.user.email);
    if (!stored || !(await verifyPassword(body.current, stored.passwordHash))) {
      throw new HttpError(403, "wrong_password", "Le mot de passe actuel est incorrect");
    }
    await stores.app.updateAccount(session.user.id, { passwordHash: await hashPassword(body.password) });
    return { signedOut: await endSessions(ctx, session.user.id, session.tokenHash) };
  });

  /** Signs me out everywhere but here; those sessions' connections close at once. */
  app.delete("/api/account/sessions", async (request) => {
    const session = await requireUser(ctx, request);
    return { signedOut: await endSessions(ctx, session.user.id, session.tokenHash) };
  });
}
