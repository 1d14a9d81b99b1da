import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServerProcess, startServer } from "../helpers/server.ts";
import {
  buildEditorOnce,
  chromiumAvailable,
  eventually,
  fieldText,
  launchBrowser,
  screenshot,
} from "./browser.ts";
import { loaded, pageAs, people, shareReferential } from "./team.ts";

/**
 * Issue 13, « nothing typed is ever lost »: each scenario has its own people and référentiel.
 * Alice (owner) and Bruno (editor or reviewer) in two browser contexts.
 */

let server: ServerProcess;
let browser: Browser;

const editorOf = (page: Page, label: string) => page.locator(`.ProseMirror[aria-label="${label}"]`);
const card = (page: Page, code: string) =>
  page.locator("article.card").filter({
    has: page.locator(".card__code", { hasText: new RegExp(`^\\S*\\s*${code.replace(".", "\\.")}$`) }),
  });

async function openBloc(page: Page, code: string): Promise<void> {
  await page.locator(".outline__row--bloc .outline__entry", { hasText: code }).click();
  await page.locator(".bloc__code", { hasText: code }).waitFor();
}

/** Scrolls a rich-text field into view, which mounts its editor, and returns the editor. */
async function mounted(page: Page, label: string) {
  await page.locator(`[aria-label="${label}"]`).first().scrollIntoViewIfNeeded();
  const field = editorOf(page, label);
  await field.waitFor();
  return field;
}

async function caretAtEnd(page: Page, label: string): Promise<void> {
  const field = await mounted(page, label);
  await field.click();
  await page.keyboard.press("Control+End");
}

/** Two people on one demo référentiel, both on bloc BC01. */
async function pair(role: "editor" | "reviewer") {
  const [alice, bruno] = await people(server, ["Alice Martin", "Bruno Petit"]);
  if (!alice || !bruno) throw new Error("no people");
  const id = await shareReferential(alice, [[bruno, role]]);
  const a = await pageAs(browser, server, alice, `/#/r/${id}`);
  const b = await pageAs(browser, server, bruno, `/#/r/${id}`);
  for (const side of [a, b]) {
    await loaded(side.page);
    await openBloc(side.page, "BC01");
  }
  return { id, a: a.page, b: b.page, close: () => Promise.all([a.context.close(), b.context.close()]) };
}

describe.skipIf(!chromiumAvailable())("no keystroke lost (issue 13)", () => {
  beforeAll(async () => {
    buildEditorOnce();
    server = await startServer({ SIGNUP: "open" });
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

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
});
