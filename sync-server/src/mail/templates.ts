import type { Notification } from "../store/types.ts";

/**
 * The French mails the server sends: plain text (readable everywhere, nothing to escape), each
 * with the link that leads to the exact place.
 */

export type MailContent = { subject: string; text: string };

const ROLE_NAMES: Record<string, string> = {
  owner: "propriétaire",
  editor: "rédacteur·rice",
  reviewer: "relecteur·rice",
  viewer: "observateur·rice",
};
export const roleName = (role: string | undefined): string => ROLE_NAMES[role ?? ""] ?? role ?? "";

const SIGNATURE = "\n\n— Référentiel Studio";

export function invitationMail(input: {
  inviter: string;
  referentialTitle: string;
  role: string;
  url: string;
}): MailContent {
  return {
    subject: `${input.inviter} vous invite sur « ${input.referentialTitle} »`,
    text:
      `Bonjour,\n\n${input.inviter} vous invite à rejoindre le référentiel « ${input.referentialTitle} » ` +
      `comme ${roleName(input.role)}.\n\nPour accepter, ouvrez ce lien (il ne sert qu'une fois) :\n${input.url}` +
      SIGNATURE,
  };
}

export function passwordResetMail(input: { name: string; url: string; validMinutes: number }): MailContent {
  return {
    subject: "Réinitialisation de votre mot de passe",
    text:
      `Bonjour ${input.name},\n\nPour choisir un nouveau mot de passe, ouvrez ce lien ` +
      `(valable ${input.validMinutes} minutes, une seule fois) :\n${input.url}\n\n` +
      "Si vous n'avez rien demandé, ignorez ce message : votre mot de passe reste le même." +
      SIGNATURE,
  };
}

/** What a notification says, for the names it mentions. */
export type NotificationContext = {
  actorName: string;
  referentialTitle: string;
  /** The link to the exact place. */
  url: string;
};

/** The one-line summary of a notification (the bell's wording, in French). */
export function notificationSummary(n: Notification, c: NotificationContext): string {
  const ref = `« ${c.referentialTitle} »`;
  switch (n.kind) {
    case "mention":
      return `${c.actorName} vous a mentionné·e dans ${ref}`;
    case "reply":
      return `${c.actorName} a répondu dans une discussion de ${ref} à laquelle vous participez`;
    case "suggestion":
      return `${c.actorName} propose une modification d'un élément que vous avez écrit dans ${ref}`;
    case "decision":
      return n.target.decision === "accepted"
        ? `${c.actorName} a accepté votre suggestion dans ${ref}`
        : `${c.actorName} a refusé votre suggestion dans ${ref}`;
    case "role":
      return `${c.actorName} a changé votre rôle dans ${ref} : ${roleName(n.target.role)}`;
    case "invitation":
      return `${c.actorName} vous invite à rejoindre ${ref} comme ${roleName(n.target.role)}`;
  }
}

function entry(n: Notification, c: NotificationContext): string {
  // A message is quoted; a suggestion's excerpt already quotes its texts (« Supprimer « … » »).
  const quoted = n.kind === "mention" || n.kind === "reply" ? `« ${n.excerpt} »` : n.excerpt;
  const excerpt = n.excerpt ? `\n  ${quoted}` : "";
  return `• ${notificationSummary(n, c)}${excerpt}\n  ${c.url}`;
}

/**
 * One mail for one or several notifications (several when they arrived together, or in the daily
 * digest), with the way to change how often mails come and the one-click unsubscribe link.
 */
export function notificationsMail(input: {
  name: string;
  items: { notification: Notification; context: NotificationContext }[];
  digest: boolean;
  accountUrl: string;
  unsubscribeUrl: string;
}): MailContent {
  const [first] = input.items;
  const count = input.items.length;
  const subject = input.digest
    ? `Votre résumé du jour : ${count} notification${count > 1 ? "s" : ""}`
    : count === 1 && first
      ? notificationSummary(first.notification, first.context)
      : `${count} nouvelles notifications`;
  const intro = input.digest
    ? "Voici ce qui s'est passé depuis votre dernier résumé :"
    : "Du nouveau pour vous :";
  const body = input.items.map((item) => entry(item.notification, item.context)).join("\n\n");
  return {
    subject,
    text:
      `Bonjour ${input.name},\n\n${intro}\n\n${body}` +
      `\n\nChoisir quand recevoir ces e-mails (aussitôt, un résumé par jour, jamais) : ${input.accountUrl}` +
      `\nNe plus recevoir ces e-mails : ${input.unsubscribeUrl}` +
      SIGNATURE,
  };
}
