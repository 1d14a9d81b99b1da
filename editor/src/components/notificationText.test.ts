import { describe, expect, it } from "vitest";
import type { AppNotification } from "../api/types.ts";
import { translate } from "../i18n/i18n.ts";
import { notificationExcerpt, notificationSummary } from "./notificationText.ts";

const base: AppNotification = {
  id: "n1",
  kind: "suggestion",
  referentialId: "r1",
  referentialTitle: "Négociateur",
  actor: { id: "u1", name: "Léa" },
  target: { suggestion: "s1", node: "c1" },
  excerpt: "Supprimer « afin de décider »",
  createdAt: "2026-11-28T08:00:00.000Z",
  read: false,
  href: "/r/r1",
};

describe("notification text", () => {
  it("shows a suggestion's description without quoting it again", () => {
    expect(notificationExcerpt(base)).toBe("Supprimer « afin de décider »");
    expect(notificationExcerpt({ kind: "decision", excerpt: "Insérer « bien »" })).toBe("Insérer « bien »");
  });

  it("quotes a message", () => {
    expect(notificationExcerpt({ kind: "mention", excerpt: "Regardez ceci" })).toBe("« Regardez ceci »");
    expect(notificationExcerpt({ kind: "reply", excerpt: "" })).toBe("");
  });

  it("words the summary", () => {
    const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
      translate("fr", key, params);
    expect(notificationSummary(base, t)).toBe(
      "Léa propose une modification d'un élément que vous avez écrit dans « Négociateur »",
    );
  });
});
