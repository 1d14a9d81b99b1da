import type { AppNotification } from "../api/types.ts";
import type { Translate } from "../i18n/i18n.ts";

/** The line of a notification in the bell. */
export function notificationSummary(n: AppNotification, t: Translate): string {
  const params = {
    actor: n.actor?.name ?? t("notify.someone"),
    title: n.referentialTitle,
    role: n.target.role ? t(`role.${n.target.role}` as Parameters<Translate>[0]) : "",
  };
  if (n.kind === "decision") {
    return t(
      n.target.decision === "accepted" ? "notify.decision.accepted" : "notify.decision.rejected",
      params,
    );
  }
  return t(`notify.${n.kind}`, params);
}

/**
 * The excerpt as shown: a message (mention, reply) is quoted; a suggestion's excerpt is already a
 * description that quotes its texts (« Supprimer « … » »), so it is shown as it is.
 */
export function notificationExcerpt(n: Pick<AppNotification, "kind" | "excerpt">): string {
  if (!n.excerpt) return "";
  return n.kind === "mention" || n.kind === "reply" ? `« ${n.excerpt} »` : n.excerpt;
}
