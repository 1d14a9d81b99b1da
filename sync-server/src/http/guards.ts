import type { FastifyRequest } from "fastify";
import { type SessionUser, sessionUser } from "../auth/session-user.ts";
import type { ServerContext } from "../context.ts";
import type { ReferentialRecord, Role } from "../store/types.ts";
import { forbidden, HttpError, notFound, unauthorized } from "./errors.ts";

/** The signed-in user of a request, or a 401. */
export async function requireUser(ctx: ServerContext, request: FastifyRequest): Promise<SessionUser> {
  const session = await sessionUser(request.headers.cookie, ctx.stores.app);
  if (!session) throw unauthorized();
  return session;
}

export const ANY_ROLE: readonly Role[] = ["owner", "editor", "reviewer", "viewer"];
export const WRITERS: readonly Role[] = ["owner", "editor"];
export const OWNERS: readonly Role[] = ["owner"];

/** The référentiel and the user's role in it: 404 when it does not exist, 403 when the role is not enough. */
export async function requireRole(
  ctx: ServerContext,
  referentialId: string,
  userId: string,
  allowed: readonly Role[],
): Promise<{ record: ReferentialRecord; role: Role }> {
  const record = await ctx.stores.app.referential(referentialId);
  if (!record) throw notFound("Référentiel");
  const role = await ctx.stores.app.roleOf(referentialId, userId);
  if (!role) throw forbidden("Vous n'êtes pas membre de ce référentiel");
  if (!allowed.includes(role)) throw forbidden();
  return { record, role };
}

/** An archived référentiel is read-only (only an owner unarchiving it changes it): a 409 otherwise. */
export function requireWritable(record: ReferentialRecord): void {
  if (record.archived) {
    throw new HttpError(
      409,
      "archived",
      "Ce référentiel est archivé : il est en lecture seule (un propriétaire peut le désarchiver)",
    );
  }
}

/** The origin of the request as the browser sees it (for links such as invitations). */
export function requestOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}
