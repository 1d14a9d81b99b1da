import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { addMembers, HttpClient, newAccount } from "../helpers/http-client.ts";
import { type ServerProcess, startServer } from "../helpers/server.ts";
import {
  buildEditorOnce,
  chromiumAvailable,
  eventually,
  fieldText,
  launchBrowser,
  screenshot,
} from "./browser.ts";

/**
 * History in a real browser, two people on the demo référentiel: Anne (owner) names a version,
 * compares it with what Benoît (editor) typed since, opens it read-only, restores it while Benoît
 * types, then undoes the restore; attribution and activity say who did what.
 */

let server: ServerProcess;
let browser: Browser;
let contexts: BrowserContext[] = [];
let anne: Page;
let benoit: Page;
let referentialId: string;

const editorOf = (page: Page, label: string) => page.locator(`.ProseMirror[aria-label="${label}"]`);
const c11 = (page: Page) => editorOf(page, "Compétence C1.1");

async function signedInPage(name: string): Promise<{ page: Page; http: HttpClient }> {
  const http = new HttpClient(server.url);
  const account = { ...newAccount(name.toLowerCase()), name };
  await http.signUp(account);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  context.setDefaultTimeout(10_000);
  const [cookieName, value] = http.cookie!.split("=") as [string, string];
  await context.addCookies([{ name: cookieName, value, url: server.url }]);
  contexts.push(context);
  const page = await context.newPage();
  page.on("pageerror", (error) => console.log(`${name} page error: ${error.message}`));
  return { page, http };
}

async function openBlocOne(page: Page): Promise<void> {
  await page.locator(".outline__row--bloc .outline__entry", { hasText: "BC01" }).click();
  await page.locator(".bloc__code", { hasText: "BC01" }).waitFor();
  await page.locator('[aria-label="Compétence C1.1"]').first().scrollIntoViewIfNeeded();
  await c11(page).waitFor();
}

async function versionsTab(page: Page): Promise<void> {
  await page.getByRole("tab", { name: /^Versions/ }).click();
}

const versionItem = (page: Page, name: string) =>
  page.locator("li.version", { has: page.getByText(name, { exact: true }) });

describe.skipIf(!chromiumAvailable())("history in a real browser", () => {
  beforeAll(async () => {
    buildEditorOnce();
    server = await startServer({ SIGNUP: "open" });
    browser = await launchBrowser();
    const owner = await signedInPage("Anne");
    const editor = await signedInPage("Benoît");
    anne = owner.page;
    benoit = editor.page;
    referentialId = await owner.http.createReferential({ demo: true });
    await addMembers(owner.http, referentialId, [[editor.http, "editor"]]);
    for (const page of [anne, benoit]) {
      await page.goto(`${server.url}/#/r/${referentialId}`);
      await openBlocOne(page);
    }
  }, 180_000);

  afterEach(async ({ task }) => {
    if (task.result?.state !== "fail") return;
    const name = task.name.replace(/[^a-z0-9]+/gi, "-").slice(0, 40);
    await screenshot(anne, `failed-history-${name}-A`).catch(() => undefined);
    await screenshot(benoit, `failed-history-${name}-B`).catch(() => undefined);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    contexts = [];
    await browser?.close();
    await server?.dispose();
  });

  it("compares a named version with what was typed since, in the panel and as a printable report", async () => {
    await versionsTab(anne);
    await anne.getByLabel("Nommer l'état actuel").fill("Avant relecture");
    await anne.getByRole("button", { name: "Créer la version" }).click();
    await versionItem(anne, "Avant relecture").waitFor();

    await c11(benoit).click();
    await benoit.keyboard.press("Control+End");
    await benoit.keyboard.type(" Texte-de-Benoit", { delay: 20 });
    await eventually(
      () => fieldText(c11(anne)),
      (text) => text.includes("Texte-de-Benoit"),
      "Anne to see Benoît's text",
    );

    await versionItem(anne, "Avant relecture")
      .getByRole("button", { name: "Comparer avec l'actuel" })
      .click();
    const inserted = anne.locator(".comparison .word-diff ins", { hasText: "Texte-de-Benoit" });
    await inserted.waitFor();
    await expect(anne.locator(".text-change__where", { hasText: "C1.1" }).count()).resolves.toBeGreaterThan(
      0,
    );
    await screenshot(anne, "history-01-compare-panel");

    await anne.getByRole("button", { name: "Rapport imprimable" }).click();
    const report = anne.getByRole("dialog", { name: "Rapport de comparaison" });
    await report.locator("ins", { hasText: "Texte-de-Benoit" }).waitFor();
    await screenshot(anne, "history-02-printable-report");
    await report.getByRole("button", { name: "Fermer" }).click();

    // The comparison has an address: a reload shows it again, Back leaves it.
    await eventually(
      async () => anne.url(),
      (url) => /#\/r\/[^/]+\/.*comparer\/[A-Za-z0-9_-]+\/actuelle$/.test(url),
      "the comparison's address",
    );
    await anne.reload();
    await inserted.waitFor();
    await screenshot(anne, "history-01b-compare-after-reload");
    await anne.goBack();
    await anne.locator(".compare").waitFor({ state: "detached" });
    expect(anne.url()).not.toContain("comparer");
    await openBlocOne(anne);
  });

  it("says who changed an item, and lists the work in the activity", async () => {
    const changedBy = anne.locator("article.card", { has: c11(anne) }).locator(".changed-by");
    await eventually(
      () => changedBy.textContent(),
      (text) => /Modifié par Benoît/.test(text ?? ""),
      "the attribution of C1.1",
      20_000,
    );
    await anne.getByRole("radio", { name: "Activité" }).click();
    const session = anne.locator(".session", { hasText: "Benoît" });
    await session.waitFor();
    await expect(session.textContent()).resolves.toContain("BC01");
    await screenshot(anne, "history-03-activity");
    await anne.getByRole("radio", { name: "Versions" }).click();
  });

  it("opens a version read-only in the same screens, then goes back to the current one", async () => {
    await versionItem(anne, "Avant relecture").getByRole("button", { name: "Ouvrir" }).click();
    const banner = anne.getByRole("region", { name: "Version consultée" });
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toContain("Avant relecture");
    await openBlocOne(anne);
    await expect(fieldText(c11(anne))).resolves.not.toContain("Texte-de-Benoit");
    await expect(c11(anne).getAttribute("contenteditable")).resolves.toBe("false");
    await screenshot(anne, "history-04-version-read-only");
    // The opened version has an address: kept by a reload, left by Back.
    expect(anne.url()).toMatch(/\/v\/[A-Za-z0-9_-]+$/);
    await anne.reload();
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toContain("Avant relecture");
    await anne.goBack();
    await banner.waitFor({ state: "detached" });
    await anne.goForward();
    await banner.waitFor();
    await banner.getByRole("button", { name: "Revenir à l'actuel" }).click();
    await banner.waitFor({ state: "detached" });
    expect(anne.url()).not.toMatch(/\/v\//);
    await openBlocOne(anne);
    await expect(fieldText(c11(anne))).resolves.toContain("Texte-de-Benoit");
  });

  it("restores the version as one change while Benoît types, keeps what he types after, and undoes it", async () => {
    await versionsTab(anne);
    await c11(benoit).click();
    await benoit.keyboard.press("Control+End");
    const typing = benoit.keyboard.type(" pendant", { delay: 60 });
    await versionItem(anne, "Avant relecture").getByRole("button", { name: "Restaurer" }).click();
    await anne.getByRole("dialog").getByRole("button", { name: "Restaurer cette version" }).click();
    await typing;
    await eventually(
      () => fieldText(c11(benoit)),
      (text) => !text.includes("Texte-de-Benoit"),
      "the restore to reach Benoît",
    );
    await c11(benoit).click();
    await benoit.keyboard.press("Control+End");
    await benoit.keyboard.type(" apres-restauration", { delay: 20 });

    const [textA, textB] = await eventually(
      () => Promise.all([fieldText(c11(anne)), fieldText(c11(benoit))]),
      ([x, y]) => x === y && x.includes("apres-restauration"),
      "both to end identical, with what Benoît typed after the restore",
    );
    expect(textB).toBe(textA);
    expect(textA).not.toContain("Texte-de-Benoit");
    await screenshot(benoit, "history-05-after-restore-B");

    await anne
      .locator(".toast", { hasText: "est restaurée" })
      .getByRole("button", { name: "Annuler la restauration" })
      .click();
    await eventually(
      () => Promise.all([fieldText(c11(anne)), fieldText(c11(benoit))]),
      ([x, y]) => x === y && x.includes("Texte-de-Benoit") && x.includes("apres-restauration"),
      "the undo to bring Benoît's text back for both, keeping what he typed after the restore",
    );
    await screenshot(anne, "history-06-restore-undone");
  });

  it("proposes the correspondence table of a renewal from a version, and exports it in the RNCP XML", async () => {
    await anne.getByRole("radio", { name: "Renouvellement" }).click();
    const picker = anne.getByLabel("Comparer avec une version");
    const option = picker.locator("option", { hasText: /^Avant relecture —/ });
    await picker.selectOption((await option.getAttribute("value")) ?? "");
    await anne.getByRole("button", { name: "Proposer la table" }).click();
    const rows = anne.locator(".renewal__row");
    await eventually(
      () => rows.count(),
      (n) => n === 4,
      "one proposed line per old bloc",
    );
    await anne.locator(".renewal__pending", { hasText: "4 ligne(s) proposée(s)" }).waitFor();
    await anne.getByLabel("Code RNCP de la certification précédente").fill("RNCP31114");
    await rows.first().getByLabel("Confirmée").check();
    await anne.locator(".renewal__pending", { hasText: "3 ligne(s)" }).waitFor();
    await screenshot(anne, "history-07-correspondence-table");

    // The flux identifies a fiche by its number: the demo gets one before its XML export.
    await anne.getByRole("button", { name: "Fiche du référentiel" }).click();
    await anne.getByLabel("Code RNCP", { exact: true }).fill("RNCP37674");
    await anne.getByLabel("Code RNCP", { exact: true }).blur();
    const owner = new HttpClient(server.url);
    owner.cookie = (await anne.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    await eventually(
      async () => (await owner.get<{ rncpCode: string }>(`/api/referentials/${referentialId}`)).body.rncpCode,
      (code) => code === "RNCP37674",
      "the RNCP code to reach the server",
    );
    const version = await owner.post<{ id: string }>(`/api/referentials/${referentialId}/versions`, {
      name: "Renouvellement",
    });
    expect(version.status).toBe(201);
    const xml = await owner.get<string>(
      `/api/referentials/${referentialId}/versions/${version.body.id}/export/xml`,
    );
    expect(xml.status).toBe(200);
    expect(String(xml.body)).toContain(
      "<ID_FICHE_ANCIENNE_CERTIFICATION>RNCP31114</ID_FICHE_ANCIENNE_CERTIFICATION>",
    );
    expect(String(xml.body).replace(/\s+/g, "")).toContain(
      "<DESTINATION><NUMERO_FICHE>RNCP31114</NUMERO_FICHE><BLOC_COMPETENCES><CODE>",
    );
  });
});
