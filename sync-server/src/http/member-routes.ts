import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { ServerContext } from "../context.ts";
import { invitationMail } from "../mail/templates.ts";
import type { Invitation, Member, User } from "../store/types.ts";
import { parseBody } from "./body.ts";
import { HttpError, notFound } from "./errors.ts";
import { ANY_ROLE, OWNERS, requestOrigin, requireRole, requireUser, requireWritable } from "./guards.ts";
import type { IdParams } from "./referential-routes.ts";
import { Email } from "./session-routes.ts";

/**
 * Members and invitations. Adding someone by email always makes a single-use invitation, whether
 * or not an account exists for that address (the answer never says): the person signs up through
 * it, or accepts it with their existing account (it also appears among their notifications). The
 * link is mailed when the server has a mail relay, and always shown to the owner to copy. Role
 * changes and removals reach open connections immediately and are notified.
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

  /**
   * Tells the invited person, in the background (the answer must neither wait nor differ): an
   * account finds the invitation among its notifications (mailed as its settings say); an address
   * without one gets the link by mail, when the server has a mail relay.
   */
  async function deliverInvitation(
    invitation: Invitation,
    inviter: User,
    referentialTitle: string,
  ): Promise<void> {
    const invitee = await stores.app.userByEmail(invitation.email);
    if (invitee) {
      await notifier.direct([
        {
          userId: invitee.id,
          referentialId: invitation.referentialId,
          actorId: inviter.id,
          kind: "invitation",
          role: invitation.role,
          invitation: invitation.token,
        },
      ]);
      return;
    }
    const mail = invitationMail({
      inviter: inviter.name,
      referentialTitle: referentialTitle || "Référentiel sans titre",
      role: invitation.role,
      url: ctx.links.invitation(invitation.token),
    });
    await ctx.mailer?.send({ to: invitation.email, ...mail });
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
    requireWritable(record);
    const body = parseBody(Invite, request.body);
    // Only what the owner already sees (the member list): whether an account exists stays unsaid.
    if ((await stores.app.members(id)).some((member) => member.email.toLowerCase() === body.email)) {
      throw new HttpError(
        409,
        "already_member",
        "Cette personne est déjà membre : changez son rôle dans la liste des membres",
      );
    }
    const invitation = await stores.app.createInvitation({
      token: randomBytes(32).toString("base64url"),
      referentialId: id,
      email: body.email,
      role: body.role,
      createdBy: user.id,
    });
    const url = invitationUrl(requestOrigin(request), invitation);
    void deliverInvitation(invitation, user, record.title).catch((error: unknown) =>
      ctx.log.error({ err: error, doc: id }, "invitation delivery failed"),
    );
    return reply.status(201).send({
      invitation: { email: invitation.email, role: invitation.role, url },
      mailed: ctx.mailer !== null,
    });
  });

  app.patch<MemberParams>("/api/referentials/:id/members/:userId", async (request) => {
    const { user } = await requireUser(ctx, request);
    const { id, userId } = request.params;
    const { record } = await requireRole(ctx, id, user.id, OWNERS);
    requireWritable(record);
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
    const { record } = await requireRole(ctx, id, user.id, OWNERS);
    requireWritable(record);
    const member = await requireMember(id, userId);
    if (member.role === "owner" && (await otherOwnersThan(id, userId)) === 0) {
      throw new HttpError(409, "last_owner", "Le référentiel doit garder au moins un propriétaire");
    }
    await stores.app.removeMember(id, userId);
    await rooms.memberChanged(id, userId, null);
    return reply.status(204).send();
  });
}
