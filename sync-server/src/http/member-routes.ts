import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { ServerContext } from "../context.ts";
import { invitationMail } from "../mail/templates.ts";
import type { Invitation, Member } from "../store/types.ts";
import { parseBody } from "./body.ts";
import { HttpError, notFound } from "./errors.ts";
import { ANY_ROLE, OWNERS, requestOrigin, requireRole, requireUser } from "./guards.ts";
import type { IdParams } from "./referential-routes.ts";
import { Email } from "./session-routes.ts";

/**
 * Members and invitations. Inviting an existing account adds it at once (it is notified);
 * otherwise a single-use link is made, mailed when the server has a mail relay and always shown
 * to the owner to copy. Role changes reach open connections immediately and are notified.
 */

const Role = z.enum(["owner", "editor", "reviewer", "viewer"]);
const Invite = z.strictObject({ email: Email, role: Role });
const ChangeRole = z.strictObject({ role: Role });

type MemberParams = { Params: { id: string; userId: string } };

const memberView = (member: Member) => ({
  userId: member.userId,
  email: member.email,
  name: member.name,
  role: member.role,
});

/** The page of the editor that accepts an invitation (the SPA route `/invitations/:token`). */
const invitationUrl = (origin: string, invitation: Invitation) => `${origin}/invitations/${invitation.token}`;

export function memberRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { stores, rooms, notifier } = ctx;

  async function otherOwnersThan(referentialId: string, userId: string): Promise<number> {
    const members = await stores.app.members(referentialId);
    return members.filter((m) => m.role === "owner" && m.userId !== userId).length;
  }

  async function requireMember(referentialId: string, userId: string): Promise<Member> {
    const member = (await stores.app.members(referentialId)).find((m) => m.userId === userId);
    if (!member) throw notFound("Membre");
    return member;
  }

  app.get<IdParams>("/api/referentials/:id/members", async (request) => {
    const { user } = await requireUser(ctx, request);
    const { id } = request.params;
    const { role } = await requireRole(ctx, id, user.id, ANY_ROLE);
    const members = await stores.app.members(id);
    const invitations =
      role === "owner"
        ? (await stores.app.invitationsOf(id))
            .filter((invitation) => !invitation.usedBy)
            .map((invitation) => ({
              email: invitation.email,
              role: invitation.role,
              url: invitationUrl(requestOrigin(request), invitation),
            }))
        : [];
    return { members: members.map(memberView), invitations };
  });

  app.post<IdParams>("/api/referentials/:id/members", async (request, reply) => {
    const { user } = await requireUser(ctx, request);
    const { id } = request.params;
    const { record } = await requireRole(ctx, id, user.id, OWNERS);
    const body = parseBody(Invite, request.body);
    const invitee = await stores.app.userByEmail(body.email);
    if (invitee) {
      if (invitee.id === user.id && body.role !== "owner" && (await otherOwnersThan(id, user.id)) === 0) {
        throw new HttpError(409, "last_owner", "Le référentiel doit garder au moins un propriétaire");
      }
      const before = await stores.app.roleOf(id, invitee.id);
      await stores.app.setMember(id, invitee.id, body.role);
      await rooms.memberChanged(id, invitee.id, body.role);
      if (invitee.id !== user.id && before !== body.role) {
        await notifier.direct([
          {
            userId: invitee.id,
            referentialId: id,
            actorId: user.id,
            kind: before ? "role" : "invitation",
            role: body.role,
          },
        ]);
      }
      return reply.status(201).send({ member: memberView(await requireMember(id, invitee.id)) });
    }
    const invitation = await stores.app.createInvitation({
      token: randomBytes(32).toString("base64url"),
      referentialId: id,
      email: body.email,
      role: body.role,
      createdBy: user.id,
    });
    const url = invitationUrl(requestOrigin(request), invitation);
    const mailer = ctx.mailer;
    if (mailer) {
      // Sent in the background: the link is shown at once, and stays there to copy.
      const mail = invitationMail({
        inviter: user.name,
        referentialTitle: record.title || "Référentiel sans titre",
        role: body.role,
        url: ctx.links.invitation(invitation.token),
      });
      void mailer
        .send({ to: invitation.email, ...mail })
        .catch((error: unknown) => ctx.log.error({ err: error, doc: id }, "invitation mail failed"));
    }
    return reply.status(201).send({
      invitation: { email: invitation.email, role: invitation.role, url },
      mailed: mailer !== null,
    });
  });

  app.patch<MemberParams>("/api/referentials/:id/members/:userId", async (request) => {
    const { user } = await requireUser(ctx, request);
    const { id, userId } = request.params;
    await requireRole(ctx, id, user.id, OWNERS);
    const { role } = parseBody(ChangeRole, request.body);
    const member = await requireMember(id, userId);
    if (member.role === "owner" && role !== "owner" && (await otherOwnersThan(id, userId)) === 0) {
      throw new HttpError(409, "last_owner", "Le référentiel doit garder au moins un propriétaire");
    }
    await stores.app.setMember(id, userId, role);
    await rooms.memberChanged(id, userId, role);
    if (role !== member.role && userId !== user.id) {
      await notifier.direct([{ userId, referentialId: id, actorId: user.id, kind: "role", role }]);
    }
    return { member: memberView({ ...member, role }) };
  });

  app.delete<MemberParams>("/api/referentials/:id/members/:userId", async (request, reply) => {
    const { user } = await requireUser(ctx, request);
    const { id, userId } = request.params;
    await requireRole(ctx, id, user.id, OWNERS);
    const member = await requireMember(id, userId);
    if (member.role === "owner" && (await otherOwnersThan(id, userId)) === 0) {
      throw new HttpError(409, "last_owner", "Le référentiel doit garder au moins un propriétaire");
    }
    await stores.app.removeMember(id, userId);
    await rooms.memberChanged(id, userId, null);
    return reply.status(204).send();
  });
}
