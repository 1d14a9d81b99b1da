import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { endSessions, Password } from "../auth/accounts.ts";
import { FailureLimiter } from "../auth/failure-limiter.ts";
import { hashPassword } from "../auth/password.ts";
import { hashToken } from "../auth/sessions.ts";
import type { ServerContext } from "../context.ts";
import { passwordResetMail } from "../mail/templates.ts";
import { parseBody } from "./body.ts";
import { HttpError } from "./errors.ts";
import { Email, publicUser, startSession } from "./session-routes.ts";

/**
 * Forgotten passwords: a single-use link that expires, mailed when the server has a mail relay
 * (administrators can also make one to hand over, admin-routes.ts). Asking never says whether an
 * account exists for the address.
 */

export const MAILED_RESET_MINUTES = 60;
export const HANDED_RESET_HOURS = 72;

const Ask = z.strictObject({ email: Email });
const Reset = z.strictObject({ password: Password });
type TokenParams = { Params: { token: string } };

/** Makes a reset link for a user and returns its token (the store keeps only its hash). */
export async function makeResetToken(
  ctx: ServerContext,
  userId: string,
  createdBy: string | null,
  validMs: number,
): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + validMs).toISOString();
  await ctx.stores.app.createPasswordReset({ tokenHash: hashToken(token), userId, createdBy, expiresAt });
  return { token, expiresAt };
}

const invalidLink = () =>
  new HttpError(404, "reset_invalid", "Ce lien n'est plus valable : il a déjà servi ou a expiré");

export function passwordResetRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { stores, log } = ctx;
  // A few mails per address and per hour: the link cannot be used to flood someone's mailbox.
  const asked = new FailureLimiter(3, 60 * 60_000);

  app.post("/api/password-resets", async (request, reply) => {
    const { email } = parseBody(Ask, request.body);
    const mailer = ctx.mailer;
    if (mailer && asked.retryAfterMs(email) === 0) {
      asked.recordFailure(email);
      // Answered before anything is looked up or sent: the answer and its timing say nothing.
      void (async () => {
        const user = await stores.app.userByEmail(email);
        if (!user || user.disabled) return;
        const { token } = await makeResetToken(ctx, user.id, null, MAILED_RESET_MINUTES * 60_000);
        await mailer.send({
          to: user.email,
          ...passwordResetMail({
            name: user.name,
            url: ctx.links.passwordReset(token),
            validMinutes: MAILED_RESET_MINUTES,
          }),
        });
      })().catch((error: unknown) => log.error({ err: error }, "password reset mail failed"));
    }
    return reply.status(202).send({ mailed: mailer !== null });
  });

  app.get<TokenParams>("/api/password-resets/:token", async (request) => {
    const account = await stores.app.passwordResetUser(
      hashToken(request.params.token),
      new Date().toISOString(),
    );
    if (!account || account.disabled) throw invalidLink();
    return { email: account.email, name: account.name };
  });

  /** Sets the new password: the link is used up, every session of the account ends, a new one starts. */
  app.post<TokenParams>("/api/password-resets/:token", async (request, reply) => {
    const { password } = parseBody(Reset, request.body);
    const hash = hashToken(request.params.token);
    const now = new Date().toISOString();
    const account = await stores.app.passwordResetUser(hash, now);
    if (!account || account.disabled) throw invalidLink();
    const passwordHash = await hashPassword(password);
    const userId = await stores.app.usePasswordReset(hash, now);
    if (userId !== account.id) throw invalidLink();
    await stores.app.updateAccount(userId, { passwordHash });
    await endSessions(ctx, userId);
    await startSession(ctx, request, reply, account);
    return { user: publicUser(account) };
  });
}
