import type { Notification } from "../store/types.ts";

/**
 * The links the server writes into mails, on its public address (PUBLIC_URL, or the address it
 * listens on). Routes of the editor: `/invitations/<token>`, `/mot-de-passe/<token>`, and hash
 * routes `#/r/<id>/i/<item>/c/<thread>` (a comment) or `…/s/<suggestion>` (a suggested edit).
 */
export class Links {
  constructor(private readonly base: () => string) {}

  get origin(): string {
    return this.base();
  }

  invitation(token: string): string {
    return `${this.base()}/invitations/${encodeURIComponent(token)}`;
  }

  /** `origin`: the address the person who will hand it over sees (an administrator's browser). */
  passwordReset(token: string, origin = this.base()): string {
    return `${origin}/mot-de-passe/${encodeURIComponent(token)}`;
  }

  account(): string {
    return `${this.base()}/#/compte`;
  }

  unsubscribe(token: string): string {
    return `${this.base()}/api/notifications/unsubscribe/${encodeURIComponent(token)}`;
  }

  /** The place a notification is about; `origin` "" gives the path alone (for the editor). */
  notification(n: Pick<Notification, "referentialId" | "target">, origin = this.base()): string {
    if (!n.referentialId) return `${origin}/#/`;
    let hash = `#/r/${encodeURIComponent(n.referentialId)}`;
    if (n.target.node) hash += `/i/${encodeURIComponent(n.target.node)}`;
    if (n.target.thread) hash += `/c/${encodeURIComponent(n.target.thread)}`;
    if (n.target.suggestion) hash += `/s/${encodeURIComponent(n.target.suggestion)}`;
    return `${origin}/${hash}`;
  }
}
