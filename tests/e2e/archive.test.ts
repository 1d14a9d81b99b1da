import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { HttpClient, newAccount } from "../helpers/http-client.ts";
import { type ServerProcess, startServer } from "../helpers/server.ts";
import { buildEditor, chromiumAvailable, launchBrowser, screenshot } from "./browser.ts";

/** An archived référentiel opens read-only, saying why. Its own server, user and référentiel. */

let server: ServerProcess;
let browser: Browser;
let page: Page;

describe.skipIf(!chromiumAvailable())("an archived référentiel in a real browser", () => {
  beforeAll(async () => {
    buildEditor();
    server = await startServer({ SIGNUP: "open" });
    browser = await launchBrowser();
  }, 180_000);

  afterEach(async ({ task }) => {
    if (task.result?.state === "fail") await screenshot(page, "archive-failed").catch(() => undefined);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it("shows the reason and lets its owner change nothing until it is unarchived", async () => {
    const owner = new HttpClient(server.url);
    await owner.signUp(newAccount("Archiviste"));
    const id = await owner.createReferential({ title: "Ancien référentiel" });
    expect((await owner.patch(`/api/referentials/${id}`, { archived: true })).status).toBe(200);

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(15_000);
    const [name, value] = (owner.cookie ?? "").split("=") as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    page = await context.newPage();
    await page.goto(`${server.url}/#/r/${id}`);
    await page.getByRole("heading", { name: "Fiche du référentiel" }).waitFor();
    const banner = page.getByRole("status").filter({ hasText: "Référentiel archivé : lecture seule." });
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toContain("Un responsable peut le désarchiver");
    const title = page.getByLabel("Intitulé");
    await expect(title.getAttribute("readonly")).resolves.not.toBeNull();
    await screenshot(page, "archive-read-only");

    expect((await owner.patch(`/api/referentials/${id}`, { archived: false })).status).toBe(200);
    await page.reload();
    await page.getByRole("heading", { name: "Fiche du référentiel" }).waitFor();
    await expect(page.getByText("Référentiel archivé : lecture seule.").count()).resolves.toBe(0);
    await expect(page.getByLabel("Intitulé").getAttribute("readonly")).resolves.toBeNull();
    await context.close();
  });
});
