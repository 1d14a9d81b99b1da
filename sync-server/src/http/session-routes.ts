import { NAME_MAX_LENGTH } from "@refstudio/schema";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { Password, signupPolicy } from "../auth/accounts.ts";
import { DECOY_HASH, hashPassword, verifyPassword } from "../auth/password.ts";
import { sessionUser } from "../auth/session-user.ts";
import {
  hashToken,
  newSessionToken,
  SESSION_COOKIE,
  sessionCookieOptions,
  sessionEndsAt,
} from "../auth/sessions.ts";
import { SignInLimiter } from "../auth/sign-in-limiter.ts";
import type { ServerContext } from "../context.ts";
import { ConflictError } from "../store/errors.ts";
import type { Invitation, User } from "../store/types.ts";
import { parseBody } from "./body.ts";
import { HttpError, notFound, unauthorized } from "./errors.ts";
import { requireWritable } from "./guards.ts";

/** Accounts, sessions and the public lookup of an invitation (API.md, "Accounts and sessions"). */

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "adresse e-mail invalide");

const SignUp = z.object({
  email: Email,
  name: z.string().trim().min(1).max(NAME_MAX_LENGTH),
  password: Password,
  invitation: z.string().min(1).max(200).optional(),
});

const SignIn = z.object({ email: Email, password: z.string().min(1).max(200) });

export const publicUser = (user: User) => ({
  id: user.id,
  email: user.email,
  name: user.name,
  admin: user.admin,
});

/** Opens a session for a user: the cookie is set on the reply. */
export async function startSession(
  ctx: ServerContext,
  request: FastifyRequest,
  reply: FastifyReply,
  user: User,
): Promise<void> {
  const token = newSessionToken();
  const maxAge = ctx.config.sessionMaxAgeSeconds;
  await ctx.stores.app.createSession(hashToken(token), user.id, sessionEndsAt(maxAge));
  reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(request.protocol === "https", maxAge));
}

/** The 429 of a slowed-down sign-in, saying how long to wait (seconds under a minute, else minutes). */
function tooManyAttempts(waitMs: number): HttpError {
  const seconds = Math.ceil(waitMs / 1000);
  const minutes = Math.ceil(seconds / 60);
  const delay =
    seconds < 60
      ? `${seconds} seconde${seconds > 1 ? "s" : ""}`
      : `${minutes} minute${minutes > 1 ? "s" : ""}`;
  return new HttpError(
    429,
    "too_many_attempts",
    `Trop de tentatives de connexion. Réessayez dans ${delay}.`,
    {
      retryAfterSeconds: seconds,
    },
  );
}

export function sessionRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { stores } = ctx;
  const limiter = new SignInLimiter(stores.app);

  app.post("/api/accounts", async (request, reply) => {
    const body = parseBody(SignUp, request.body);
    const first = (await stores.app.countUsers()) === 0;
    const invitation = body.invitation ? await stores.app.invitation(body.invitation) : null;
    if (body.invitation && (!invitation || invitation.usedBy)) {
      throw new HttpError(404, "invitation_invalid", "Cette invitation n'existe pas ou a déjà servi");
    }
    if (invitation && invitation.email.toLowerCase() !== body.email) {
      throw new HttpError(
        400,
        "invitation_email_mismatch",
        `Cette invitation est destinée à ${invitation.email} : inscrivez-vous avec cette adresse`,
      );
    }
    if (!first && !invitation && (await signupPolicy(ctx)) !== "open") {
      throw new HttpError(403, "signup_closed", "L'inscription se fait sur invitation d'un membre");
    }
    let user: User;
    try {
      user = await stores.app.createUser({
        email: body.email,
        name: body.name,
        passwordHash: await hashPassword(body.password),
        admin: first,
      });
    } catch (error) {
      if (error instanceof ConflictError) {
        throw new HttpError(409, "email_taken", "Un compte existe déjà avec cette adresse");
      }
      throw error;
    }
    if (invitation && (await stores.app.useInvitation(invitation.token, user.id))) {
      await stores.app.setMember(invitation.referentialId, user.id, invitation.role);
    }
    await startSession(ctx, request, reply, user);
    return reply.status(201).send({ user: publicUser(user) });
  });

  app.post("/api/session", async (request, reply) => {
    const body = parseBody(SignIn, request.body);
    // request.ip is the client's address; behind a reverse proxy, as TRUST_PROXY allows reading it.
    const wait = await limiter.wait(body.email, request.ip);
    if (wait > 0) throw tooManyAttempts(wait);
    const user = await stores.app.userByEmail(body.email);
    const valid = await verifyPassword(body.password, user?.passwordHash ?? (await DECOY_HASH));
    if (!user || !valid) {
      await limiter.failed(body.email, request.ip);
      throw new HttpError(401, "invalid_credentials", "Adresse e-mail ou mot de passe incorrect");
    }
    await limiter.succeeded(body.email, request.ip);
    if (user.disabled) {
      throw new HttpError(
        403,
        "account_disabled",
        "Ce compte est désactivé : adressez-vous à un administrateur",
      );
    }
    await startSession(ctx, request, reply, user);
    return { user: publicUser(user) };
  });

  app.get("/api/session", async (request) => {
    const session = await sessionUser(request.headers.cookie, stores.app);
    if (!session) throw unauthorized();
    return { user: publicUser(session.user) };
  });

  app.delete("/api/session", async (request, reply) => {
    const session = await sessionUser(request.headers.cookie, stores.app);
    if (session) {
      await stores.app.deleteSession(session.tokenHash);
      await ctx.rooms.sessionEnded(session.tokenHash);
    }
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return reply.status(204).send();
  });

  /** The invitation of a link that may still be used; 404 unknown, 410 used already. */
  async function unusedInvitation(token: string): Promise<Invitation> {
    const invitation = await stores.app.invitation(token);
    if (!invitation) throw notFound("Invitation");
    // The token is a secret of whoever holds the link: saying it was used reveals nothing more.
    if (invitation.usedBy) {
      throw new HttpError(
        410,
        "invitation_used",
        "Cette invitation a déjà été utilisée. Si c'était vous, connectez-vous avec votre compte.",
      );
    }
    return invitation;
  }

  /** A signed-in person accepts an invitation sent to their address (an account made after the invitation). */
  app.post<{ Params: { token: string } }>("/api/invitations/:token/accept", async (request) => {
    const session = await sessionUser(request.headers.cookie, stores.app);
    if (!session) throw unauthorized();
    const invitation = await unusedInvitation(request.params.token);
    if (invitation.email.toLowerCase() !== session.user.email.toLowerCase()) {
      throw new HttpError(
        403,
        "invitation_email_mismatch",
        `Cette invitation est destinée à ${invitation.email}`,
      );
    }
    const record = await stores.app.referential(invitation.referentialId);
    if (record) requireWritable(record);
    const current = await stores.app.roleOf(invitation.referentialId, session.user.id);
    if ((await stores.app.useInvitation(invitation.token, session.user.id)) && !current) {
      await stores.app.setMember(invitation.referentialId, session.user.id, invitation.role);
    }
    return { referentialId: invitation.referentialId, role: current ?? invitation.role };
  });

  app.get<{ Params: { token: string } }>("/api/invitations/:token", async (request) => {
    const invitation = await unusedInvitation(request.params.token);
    const record = await stores.app.referential(invitation.referentialId);
    return { email: invitation.email, role: invitation.role, referentialTitle: record?.title ?? "" };
  });
}
