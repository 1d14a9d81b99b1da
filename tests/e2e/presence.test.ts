import { colorFor } from "@refstudio/schema";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { addMembers, HttpClient, newAccount } from "../helpers/http-client.ts";
import { awarenessUpdate, RawClient } from "../helpers/raw-client.ts";
import { type ServerProcess, startServer } from "../helpers/server.ts";
import { connectClient, type SyncClient } from "../helpers/sync-client.ts";
import { buildEditorOnce, chromiumAvailable, launchBrowser, screenshot } from "./browser.ts";

/**
 * A viewer publishes hostile presence (a name that is a number) while an owner has the
 * référentiel open in Chromium: the owner's screen keeps working and keeps showing the others.
 * Its own server, users and référentiel: runs alone.
 */

let server: ServerProcess;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const opened: { close(): void }[] = [];

async function account(name: string): Promise<{ http: HttpClient; id: string }> {
  const http = new HttpClient(server.url);
  const user = await http.signUp({ ...newAccount(name.split(" ")[0]), name });
  return { http, id: user.id };
}

describe.skipIf(!chromiumAvailable())("presence in a real browser", () => {
  beforeAll(async () => {
    buildEditorOnce();
    server = await startServer({ SIGNUP: "open" });
    browser = await launchBrowser();
  }, 180_000);

  afterEach(async ({ task }) => {
    if (task.result?.state === "fail") await screenshot(page, "presence-failed").catch(() => undefined);
  });

  afterAll(async () => {
    for (const client of opened) client.close();
    await browser?.close();
    await server?.dispose();
  });

  it("keeps an editor's screen working when a viewer sends a presence whose name is a number", async () => {
    const owner = await account("Odile Martin");
    const colleague = await account("Camille Bernard");
    const viewer = await account("Mallory Petit");
    const id = await owner.http.createReferential({ title: "Présence hostile" });
    await addMembers(owner.http, id, [
      [colleague.http, "editor"],
      [viewer.http, "viewer"],
    ]);

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(15_000);
    const [name, value] = (owner.http.cookie ?? "").split("=") as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${server.url}/#/r/${id}`);
    await page.getByRole("heading", { name: "Fiche du référentiel" }).waitFor();

    const honest: SyncClient = connectClient(server.url, id, colleague.http.cookie);
    opened.push({ close: () => honest.destroy() });
    await honest.synced;
    // As the editor does: its user, then where it is.
    honest.provider.awareness.setLocalStateField("user", {
      id: colleague.id,
      name: "Camille Bernard",
      color: colorFor(colleague.id),
    });
    honest.provider.awareness.setLocalStateField("focus", { nodeId: null, field: "title" });
    await page.locator(".presence__item", { hasText: "CB" }).waitFor();

    const attacker = await RawClient.open(server.url, id, { cookie: viewer.http.cookie, origin: server.url });
    opened.push(attacker);
    await attacker.synced;
    attacker.sendAwareness(
      awarenessUpdate([
        { clientId: 777, clock: 1, state: { user: { id: viewer.id, name: 42, color: "#123456" } } },
      ]),
    );

    // Sent after the attack: once the page shows it, it would have had the hostile state before.
    honest.provider.awareness.setLocalStateField("focus", null);
    await page.locator('.presence__item[title="Camille Bernard — consulte"]').waitFor();
    await screenshot(page, "presence-after-hostile-state");
    await expect(page.getByText("Cet écran n'a pas pu s'afficher").count()).resolves.toBe(0);
    await page.getByRole("heading", { name: "Fiche du référentiel" }).waitFor();
    expect(await page.locator(".presence__item").count()).toBe(1);
    expect(pageErrors).toEqual([]);
    expect((await attacker.closed).code).toBe(4400);
    await context.close();
  });
});
