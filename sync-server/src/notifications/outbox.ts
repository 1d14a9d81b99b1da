import type { Logger } from "../logger.ts";
import type { Links } from "../mail/links.ts";
import type { Mailer } from "../mail/mailer.ts";
import { type NotificationContext, notificationsMail } from "../mail/templates.ts";
import type { Notification, Stores } from "../store/types.ts";

/**
 * Mails about notifications, per each person's choice: « aussitôt » (a mail shortly after, one
 * for a burst of notifications), « un résumé par jour » (at DIGEST_HOUR, server time), « jamais ».
 * Notifications are claimed in the store before a mail is sent, so two processes never mail the
 * same one; a mail that fails gives its notifications back and the next sweep tries again.
 */
export class MailOutbox {
  private readonly waiting = new Map<string, NodeJS.Timeout>();
  private sweeper: NodeJS.Timeout | undefined;
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly deps: {
      stores: Stores;
      mailer: Mailer;
      links: Links;
      log: Logger;
      digestHour: number;
      /** How long an immediate mail waits for more notifications to group. */
      groupMs?: number;
      sweepEveryMs?: number;
    },
  ) {}

  /** Sweeps now and then (mails left behind, daily digests). */
  start(): void {
    this.sweeper = setInterval(() => this.track(this.sweep()), this.deps.sweepEveryMs ?? 60_000);
    this.sweeper.unref();
  }

  /** People with new notifications whose choice is « aussitôt »: their mail goes out shortly. */
  due(userIds: Iterable<string>): void {
    for (const userId of userIds) {
      if (this.waiting.has(userId)) continue;
      const timer = setTimeout(() => {
        this.waiting.delete(userId);
        this.track(this.send(userId, new Date(), false));
      }, this.deps.groupMs ?? 1_500);
      timer.unref();
      this.waiting.set(userId, timer);
    }
  }

  /** Sends every mail due at `now`: immediate ones left behind, and the digests whose hour has come. */
  async sweep(now = new Date()): Promise<void> {
    const due = await this.deps.stores.notifications.mailsDue(now.toISOString());
    for (const { userId, frequency } of due) {
      if (this.waiting.has(userId)) continue;
      if (frequency === "daily") await this.send(userId, lastDigestTime(now, this.deps.digestHour), true);
      else await this.send(userId, now, false);
    }
  }

  /** Sends the mails waiting to be grouped now, waits for those being sent, and stops. */
  async close(): Promise<void> {
    clearInterval(this.sweeper);
    for (const [userId, timer] of this.waiting) {
      clearTimeout(timer);
      this.track(this.send(userId, new Date(), false));
    }
    this.waiting.clear();
    await Promise.all(this.running);
  }

  private track(work: Promise<void>): void {
    const done = work
      .catch((error: unknown) => this.deps.log.error({ err: error }, "notification mail failed"))
      .finally(() => this.running.delete(done));
    this.running.add(done);
  }

  /** Claims a person's notifications created up to `upTo` and mails them (or drops them: « jamais »). */
  private async send(userId: string, upTo: Date, digest: boolean): Promise<void> {
    const { stores, mailer, links, log } = this.deps;
    const account = await stores.app.account(userId);
    const claimed = await stores.notifications.claimMails(userId, upTo.toISOString());
    if (claimed.length === 0 || !account || account.disabled || account.emailNotifications === "never")
      return;
    const unsubscribe = links.unsubscribe(await stores.app.unsubscribeToken(userId));
    const mail = notificationsMail({
      name: account.name,
      items: await withContexts(stores, links, claimed),
      digest,
      accountUrl: links.account(),
      unsubscribeUrl: unsubscribe,
    });
    try {
      await mailer.send({
        to: account.email,
        ...mail,
        headers: {
          "List-Unsubscribe": `<${unsubscribe}>`,
          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
      });
    } catch (error) {
      log.warn({ err: error, user: userId }, "notification mail not sent, will retry");
      await stores.notifications.releaseMails(claimed.map((n) => n.id));
    }
  }
}

/** The names and links a list of notifications shows (looked up once each). */
export async function withContexts(
  stores: Stores,
  links: Links,
  notifications: Notification[],
): Promise<{ notification: Notification; context: NotificationContext }[]> {
  const names = new Map<string, Promise<string>>();
  const titles = new Map<string, Promise<string>>();
  const nameOf = (id: string | null) => {
    if (!id) return Promise.resolve("Quelqu'un");
    if (!names.has(id))
      names.set(
        id,
        stores.app.userById(id).then((u) => u?.name ?? "Un ancien membre"),
      );
    return names.get(id) as Promise<string>;
  };
  const titleOf = (id: string | null) => {
    if (!id) return Promise.resolve("");
    if (!titles.has(id)) {
      titles.set(
        id,
        stores.app.referential(id).then((r) => r?.title || "Référentiel sans titre"),
      );
    }
    return titles.get(id) as Promise<string>;
  };
  return Promise.all(
    notifications.map(async (notification) => ({
      notification,
      context: {
        actorName: await nameOf(notification.actorId),
        referentialTitle: await titleOf(notification.referentialId),
        url: links.notification(notification),
      },
    })),
  );
}

/** The last time the daily digest was due at `now`: today at `hour`, or yesterday before that hour. */
export function lastDigestTime(now: Date, hour: number): Date {
  const today = new Date(now);
  today.setHours(hour, 0, 0, 0);
  if (today <= now) return today;
  today.setDate(today.getDate() - 1);
  return today;
}
