import { type FormEvent, useCallback, useEffect, useState } from "react";
import { ApiError, api } from "../../api/client.ts";
import { type Member, type PendingInvitation, ROLES, type Role } from "../../api/types.ts";
import { useWorkspace } from "../../app/workspace.ts";
import { usePeers } from "../../hooks/useCollabState.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { Button } from "../ui/Button.tsx";
import { ConfirmDialog } from "../ui/ConfirmDialog.tsx";
import { showToast } from "../ui/Toasts.tsx";

/** Owners: members and their roles, invitations (mailed when the server can, always a link to copy). */
export function MembersPanel() {
  const { collab, summary, user } = useWorkspace();
  const { t } = useI18n();
  const [members, setMembers] = useState<Member[]>([]);
  const [invitations, setInvitations] = useState<PendingInvitation[]>([]);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("editor");
  const [error, setError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const [link, setLink] = useState<PendingInvitation | null>(null);
  const [mailed, setMailed] = useState(false);

  const fail = useCallback(
    (e: unknown) => setError(e instanceof ApiError ? e.message : t("common.unexpected")),
    [t],
  );
  const load = useCallback(() => {
    api
      .members(summary.id)
      .then((answer) => {
        setMembers(answer.members);
        setInvitations(answer.invitations);
      })
      .catch(fail);
  }, [summary.id, fail]);
  // Invitations get used while the panel is open: refresh when someone new shows up, and now and then.
  const peers = usePeers(collab);
  const present = peers.map((peer) => peer.user.id).join(",");
  // biome-ignore lint/correctness/useExhaustiveDependencies: `present` is the trigger
  useEffect(load, [load, present]);
  useEffect(() => {
    const timer = setInterval(load, 15_000);
    window.addEventListener("focus", load);
    return () => {
      clearInterval(timer);
      window.removeEventListener("focus", load);
    };
  }, [load]);

  const invite = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setLink(null);
    try {
      const answer = await api.addMember(summary.id, email.trim(), role);
      if (answer.invitation) {
        setLink(answer.invitation);
        setMailed(answer.mailed === true);
      } else showToast({ tone: "success", message: t("members.added", { email: email.trim() }) });
      setEmail("");
      load();
    } catch (e) {
      fail(e);
    }
  };

  const copy = async (url: string) => {
    const absolute = new URL(url, window.location.origin).toString();
    try {
      await navigator.clipboard.writeText(absolute);
      showToast({ tone: "success", message: t("members.copied") });
    } catch {
      showToast({ tone: "info", message: absolute });
    }
  };

  return (
    <div className="members">
      <form className="members__form" onSubmit={invite}>
        <label className="field">
          <span className="field__label">{t("auth.email")}</span>
          <input
            className="input"
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label className="field">
          <span className="field__label">{t("members.role")}</span>
          <select
            className="select"
            aria-label={t("members.role")}
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" variant="primary" icon="plus" disabled={!email.trim()}>
          {t("members.invite")}
        </Button>
      </form>
      {link && (
        <div className="invite-link" role="status">
          <p>{t("members.linkCreated", { email: link.email })}</p>
          <p>
            {mailed ? t("members.mailed", { email: link.email }) : t("members.noMail", { email: link.email })}
          </p>
          <code>{new URL(link.url, window.location.origin).toString()}</code>
          <Button size="sm" icon="copy" onClick={() => copy(link.url)}>
            {t("members.copy")}
          </Button>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <h3 className="side__heading">{t("members.list")}</h3>
      <ul className="member-list">
        {members.map((member) => (
          <li key={member.userId} className="member">
            <div className="member__who">
              <strong>{member.name}</strong>
              <span className="muted">{member.email}</span>
            </div>
            <select
              className="select select--sm"
              aria-label={t("members.roleOf", { name: member.name })}
              value={member.role}
              onChange={(e) =>
                api
                  .setMemberRole(summary.id, member.userId, e.target.value as Role)
                  .then(load)
                  .catch(fail)
              }
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
            {member.userId !== user.id && (
              <Button
                size="sm"
                variant="ghost"
                icon="trash"
                aria-label={t("members.remove", { name: member.name })}
                onClick={() => setRemoving(member)}
              />
            )}
          </li>
        ))}
      </ul>
      {invitations.length > 0 && (
        <>
          <h3 className="side__heading">{t("members.pending")}</h3>
          <ul className="member-list">
            {invitations.map((invitation) => (
              <li key={invitation.url} className="member">
                <div className="member__who">
                  <strong>{invitation.email}</strong>
                  <span className="muted">{t(`role.${invitation.role}`)}</span>
                </div>
                <Button size="sm" icon="copy" onClick={() => copy(invitation.url)}>
                  {t("members.copy")}
                </Button>
              </li>
            ))}
          </ul>
        </>
      )}
      <ConfirmDialog
        open={removing !== null}
        title={t("members.removeTitle")}
        message={t("members.removeMessage", { name: removing?.name ?? "" })}
        confirmLabel={t("members.removeConfirm")}
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          if (!removing) return;
          api
            .removeMember(summary.id, removing.userId)
            .then(load)
            .catch(fail)
            .finally(() => setRemoving(null));
        }}
      />
    </div>
  );
}
