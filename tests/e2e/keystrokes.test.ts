import { describe, expect, it } from "vitest";
import { chromiumAvailable, eventually, fieldText, screenshot } from "./browser.ts";
import {
  card,
  caretAtEnd,
  editorOf,
  loaded,
  mounted,
  openBloc,
  pageAs,
  people,
  scenarioStage,
  shareReferential,
} from "./team.ts";

/**
 * Issue 13, « nothing typed is ever lost »: each scenario has its own people and référentiel.
 * Alice (owner) and Bruno (editor or reviewer) in two browser contexts.
 */

const stage = scenarioStage();

/** Two people on one demo référentiel, both on bloc BC01. */
async function pair(role: "editor" | "reviewer") {
  const [alice, bruno] = await people(stage.server, ["Alice Martin", "Bruno Petit"]);
  const id = await shareReferential(alice, [[bruno, role]]);
  const a = await pageAs(stage, alice, `/#/r/${id}`);
  const b = await pageAs(stage, bruno, `/#/r/${id}`);
  for (const side of [a, b]) {
    await loaded(side.page);
    await openBloc(side.page, "BC01");
  }
  for (const [who, side] of [
    ["A", a],
    ["B", b],
  ] as const) {
    side.page.on("console", (m) => {
      if (m.type() === "error") console.log(`${who} console: ${m.text().slice(0, 500)}`);
    });
  }
  return {
    id,
    alice,
    bruno,
    a: a.page,
    b: b.page,
    close: async () => {
      await Promise.all([a.context.close(), b.context.close()]);
      expect([...a.errors, ...b.errors]).toEqual([]);
    },
  };
}

describe.skipIf(!chromiumAvailable())("no keystroke lost (issue 13)", () => {
  it("keeps B in the competency A moves to another bloc, says who moved it, and loses nothing", async () => {
    const { a, b, close } = await pair("editor");
    const typed = " ZQX-0123456789-abcdefghij-klmnop";
    await caretAtEnd(b, "Compétence C1.6");
    await mounted(a, "Compétence C1.6");
    const typing = b.keyboard.type(typed, { delay: 45 });
    await eventually(
      () => fieldText(editorOf(a, "Compétence C1.6")),
      (text) => text.includes("ZQX-01"),
      "A to see B start typing",
    );
    await card(a, "C1.6").getByRole("button", { name: "Actions pour Compétence C1.6" }).click();
    await a.getByRole("menuitem", { name: "Déplacer vers BC02" }).click();
    await typing;
    // B's editor stayed where it was, with the focus, and says where the item went and who moved it.
    await b.getByText("Déplacé vers BC02 par Alice Martin.").waitFor();
    const focused = await b.evaluate(() => document.activeElement?.closest("[data-node]")?.textContent ?? "");
    expect(focused).toContain("ZQX");
    await screenshot(b, "e2e13-moved-under-me");
    await eventually(
      () => fieldText(a.locator("article.card", { hasText: "ZQX" }).locator(".rich")),
      (text) => text.includes(typed.trim()),
      "A to have every character B typed, in the moved competency",
    );
    await b.getByRole("button", { name: "Suivre" }).click();
    await b.locator(".bloc__code", { hasText: "BC02" }).waitFor();
    await close();
  });

  it("tells B who deleted the competency B is typing in, keeps every key, and restores it", async () => {
    const { a, b, close } = await pair("editor");
    const typed = " KEPT-0123456789-abcdefghij-klmnop";
    await caretAtEnd(b, "Compétence C1.5");
    await mounted(a, "Compétence C1.5");
    const typing = b.keyboard.type(typed, { delay: 45 });
    await eventually(
      () => fieldText(editorOf(a, "Compétence C1.5")),
      (text) => text.includes("KEPT-01"),
      "A to see B start typing",
    );
    await card(a, "C1.5").getByRole("button", { name: "Actions pour Compétence C1.5" }).click();
    await a.getByRole("menuitem", { name: "Supprimer…" }).click();
    await a.getByRole("dialog").getByRole("button", { name: "Supprimer" }).click();
    await typing;
    const kept = b.locator(".kept__card");
    await kept.getByText(/supprimé par Alice Martin/).waitFor();
    const keptText = await fieldText(kept.locator(".ProseMirror"));
    expect(JSON.stringify(keptText.slice(-60))).toContain(typed.trim());
    await screenshot(b, "e2e13-deleted-under-me");
    await kept.getByRole("button", { name: "Restaurer l'élément" }).click();
    await eventually(
      () => a.locator("article.card", { hasText: "KEPT-0123456789-abcdefghij-klmnop" }).count(),
      (n) => n === 1,
      "A to see the restored competency with all of B's text",
    );
    await close();
  });

  it("undoes and redoes my typing in a cell with Ctrl+Z, leaving B's typing alone", async () => {
    const { a, b, close } = await pair("editor");
    await caretAtEnd(b, "Compétence C1.2");
    await b.keyboard.type(" B-RESTE", { delay: 20 });
    await caretAtEnd(a, "Compétence C1.1");
    await a.keyboard.type(" A-ANNULE", { delay: 20 });
    const c11 = editorOf(a, "Compétence C1.1");
    await eventually(
      () => fieldText(editorOf(a, "Compétence C1.2")),
      (t) => t.includes("B-RESTE"),
      "B's text at A",
    );
    await a.keyboard.press("Control+z");
    await eventually(
      () => fieldText(c11),
      (t) => !t.includes("A-ANNULE"),
      "A's typing undone",
    );
    await expect(fieldText(editorOf(a, "Compétence C1.2"))).resolves.toContain("B-RESTE");
    await a.keyboard.press("Control+Shift+z");
    await eventually(
      () => fieldText(c11),
      (t) => t.includes("A-ANNULE"),
      "A's typing redone",
    );
    await eventually(
      () => fieldText(editorOf(b, "Compétence C1.1")),
      (t) => t.includes("A-ANNULE"),
      "B to see the redone text",
    );
    await close();
  });

  it("undoes a move, a delete and a link change with Ctrl+Z, for everyone", async () => {
    const { a, b, close } = await pair("editor");
    // A move from the menu: the focus follows the item to BC02; Ctrl+Z brings it back.
    await card(a, "C1.2").getByRole("button", { name: "Actions pour Compétence C1.2" }).click();
    await a.getByRole("menuitem", { name: "Déplacer vers BC02" }).click();
    await a.locator(".bloc__code", { hasText: "BC02" }).waitFor();
    await eventually(
      () => a.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? ""),
      (label) => /^Actions pour Compétence C2\.\d+$/.test(label),
      "the focus on the moved item's menu, in BC02",
    );
    const moved = await a.evaluate(() =>
      document.activeElement?.closest("[data-node]")?.getAttribute("data-node"),
    );
    await a.keyboard.press("Control+z");
    await openBloc(b, "BC01");
    await eventually(
      () => b.locator(`article.card[data-node="${moved}"]`).count(),
      (n) => n === 1,
      "the move undone: the competency back in BC01 for B",
    );

    // A delete, then Ctrl+Z.
    await openBloc(a, "BC01");
    await card(a, "CR1.1").getByRole("button", { name: "Actions pour Critère CR1.1" }).click();
    await a.getByRole("menuitem", { name: "Supprimer…" }).click();
    await a.getByRole("dialog").getByRole("button", { name: "Supprimer" }).click();
    await eventually(
      () => card(b, "CR1.1").count(),
      (n) => n === 0 || n === 1,
      "B's view",
    );
    const before = await b.locator("article.card--criterion").count();
    await a.locator("#centre").focus();
    await a.keyboard.press("Control+z");
    await eventually(
      () => b.locator("article.card--criterion").count(),
      (n) => n === before + 1,
      "the deleted criterion back for B",
    );

    // A link change: C1.1 « Issue de » one more activity, then Ctrl+Z.
    const links = card(a, "C1.1").locator(".links").filter({ hasText: "Issue de" });
    const chips = () => links.locator(".chip").allTextContents();
    const initial = await chips();
    await links.getByRole("button", { name: /Modifier/ }).click();
    const box = links.locator(".links__popover input[type=checkbox]:not(:checked)").first();
    await box.check();
    await a.keyboard.press("Escape");
    await eventually(chips, (list) => list.length === initial.length + 1, "one more link");
    await a.keyboard.press("Control+z");
    await eventually(chips, (list) => list.length === initial.length, "the link change undone");
    await close();
  });

  it("leaves Ctrl+Z in a comment draft to the browser: no document edit is undone out of sight", async () => {
    const { a, close } = await pair("editor");
    await caretAtEnd(a, "Compétence C1.1");
    await a.keyboard.type(" GARDE-MOI", { delay: 20 });
    await card(a, "C1.1").getByRole("button", { name: "Commenter Compétence C1.1" }).click();
    const draft = a.getByLabel("Votre commentaire");
    await draft.fill("brouillon");
    await draft.press("End");
    await draft.press("Control+z");
    // The page's undo would run synchronously within this key press: nothing to wait for.
    await expect(fieldText(editorOf(a, "Compétence C1.1"))).resolves.toContain("GARDE-MOI");
    await close();
  });

  it("makes a reviewer's typing a suggestion, not content, and lets the keyboard select text to comment", async () => {
    const { b, close } = await pair("reviewer");
    const field = await mounted(b, "Compétence C1.3");
    const before = await fieldText(field);
    await field.click();
    await b.keyboard.press("Control+Home");
    await b.keyboard.type("xyz");
    await field.locator(".suggestion-ins", { hasText: "xyz" }).waitFor();
    await expect(fieldText(field)).resolves.toBe(before);
    for (let i = 0; i < 12; i++) await b.keyboard.press("Shift+ArrowRight");
    await b.locator(".comment-chip").first().waitFor();
    await b.keyboard.press("Tab");
    await expect(b.evaluate(() => document.activeElement?.className ?? "")).resolves.toContain(
      "comment-chip",
    );
    await b.keyboard.press("Enter");
    await b
      .getByRole("blockquote")
      .filter({ hasText: before.slice(0, 12) })
      .first()
      .waitFor();
    await screenshot(b, "e2e13-reviewer-keyboard-selection");
    await close();
  });

  it("tells B in one French message that B's role changed, and keeps what B typed after it", async () => {
    const { a, b, id, alice, bruno, close } = await pair("editor");
    await caretAtEnd(b, "Compétence C1.1");
    await b.keyboard.type(" AVANT", { delay: 20 });
    await eventually(
      () => fieldText(editorOf(a, "Compétence C1.1")),
      (t) => t.includes("AVANT"),
      "A sees AVANT",
    );
    const changed = await alice.http.patch(`/api/referentials/${id}/members/${bruno.id}`, {
      role: "reviewer",
    });
    expect(changed.status).toBe(200);
    await b.keyboard.type(" APRES", { delay: 40 });
    const banner = b.locator(".banner", { hasText: "Votre rôle a changé" });
    await banner.getByText("vous êtes maintenant Relecteur·rice").waitFor();
    await b.locator(".conn", { hasText: "Lecture seule" }).waitFor();
    await expect(banner.textContent()).resolves.not.toMatch(/44\d\d/);
    const kept = banner.locator(".unsent__item", { hasText: "C1.1" });
    await kept.waitFor();
    // Every key typed after the change is kept (the server got none of them), and so is what B
    // goes on typing once told, until B starts again.
    await eventually(
      () => kept.locator(".quote").textContent(),
      (text) => /AVANT APRES$/.test(text ?? ""),
      "every key typed after the change kept",
    );
    await b.keyboard.type(" ENCORE", { delay: 20 });
    await eventually(
      () => kept.locator(".quote").textContent(),
      (text) => /AVANT APRES ENCORE$/.test(text ?? ""),
      "the keys typed once told kept too",
    );
    await expect(fieldText(editorOf(a, "Compétence C1.1"))).resolves.not.toMatch(/AVANT A/);
    await screenshot(b, "e2e13-role-changed");

    await banner.getByRole("button", { name: "Continuer (Relecteur·rice)" }).click();
    await b.locator(".ws-header .badge", { hasText: "Relecteur·rice" }).waitFor();
    await b
      .locator(".unsent__item", { hasText: "C1.1" })
      .getByRole("button", { name: "Envoyer comme commentaire" })
      .click();
    await eventually(
      () => a.locator(".thread", { hasText: "Proposition de texte" }).count(),
      (n) => n > 0,
      "A to receive B's kept text as a comment",
    ).catch(async () => {
      await a.getByRole("tab", { name: /^Commentaires/ }).click();
      await a.locator(".thread", { hasText: "Proposition de texte" }).waitFor();
    });
    await close();
  });
});
