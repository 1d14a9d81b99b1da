import { describe, expect, it } from "vitest";
import type { Notification } from "../store/types.ts";
import { notificationsMail } from "./templates.ts";

const notification = (kind: Notification["kind"], excerpt: string): Notification => ({
  id: `n-${kind}`,
  userId: "u2",
  referentialId: "r1",
  kind,
  actorId: "u1",
  target: { node: "c1" },
  excerpt,
  createdAt: "2026-11-28T08:00:00.000Z",
  readAt: null,
  mailedAt: null,
});

const mailOf = (n: Notification) =>
  notificationsMail({
    name: "Carla",
    items: [
      { notification: n, context: { actorName: "Léa", referentialTitle: "Négociateur", url: "https://x/r" } },
    ],
    digest: false,
    accountUrl: "https://x/account",
    unsubscribeUrl: "https://x/unsubscribe",
  }).text;

describe("notification mails", () => {
  it("shows a suggestion's description as it is, without doubled guillemets", () => {
    const text = mailOf(notification("suggestion", "Supprimer « afin de décider »"));
    expect(text).toContain("\n  Supprimer « afin de décider »\n");
    expect(text).not.toContain("« Supprimer");
  });

  it("quotes a message", () => {
    expect(mailOf(notification("mention", "Regardez ceci"))).toContain("\n  « Regardez ceci »\n");
  });
});
