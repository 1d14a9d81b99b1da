import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { ServerProcess } from "../helpers/server.ts";
import { chromiumAvailable, eventually, fieldText, launchBrowser, screenshot } from "./browser.ts";
import {
  caretAtEnd,
  editorOf,
  loaded,
  mounted,
  openBloc,
  pageAs,
  people,
  shareReferential,
  startScenarioServer,
} from "./team.ts";

/** Issue 13: the app shell loads offline (service worker) and edits made then merge on reconnection. */

let server: ServerProcess;
let browser: Browser;

describe.skipIf(!chromiumAvailable())("offline app shell (issue 13)", () => {
  beforeAll(async () => {
    server = await startScenarioServer();
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it("reopens a référentiel without network, and B gets what A typed once A is back", async () => {
    const [alice, bruno] = await people(server, ["Alice Martin", "Bruno Petit"]);
    if (!alice || !bruno) throw new Error("no people");
    const id = await shareReferential(alice, [[bruno, "editor"]]);
    const a = await pageAs(browser, server, alice, `/#/r/${id}`);
    await loaded(a.page);
    await openBloc(a.page, "BC01");
    await mounted(a.page, "Compétence C1.1");
    // The service worker has precached the shell and controls the page.
    await eventually(
      () =>
        a.page.evaluate(() =>
          navigator.serviceWorker.ready.then(() => navigator.serviceWorker.controller !== null),
        ),
      (controlled) => controlled,
      "the service worker in control",
      30_000,
    );
    const b = await pageAs(browser, server, bruno, `/#/r/${id}`);
    await loaded(b.page);
    await openBloc(b.page, "BC01");

    await a.context.setOffline(true);
    await a.page.reload();
    await loaded(a.page);
    await a.page.locator(".conn", { hasText: "Hors ligne" }).waitFor();
    await caretAtEnd(a.page, "Compétence C1.1");
    await a.page.keyboard.type(" Ecrit-sans-reseau", { delay: 20 });
    await screenshot(a.page, "e2e13-offline-reload");

    await a.context.setOffline(false);
    await mounted(b.page, "Compétence C1.1");
    await eventually(
      () => fieldText(editorOf(b.page, "Compétence C1.1")),
      (text) => text.includes("Ecrit-sans-reseau"),
      "B to get A's offline typing",
      30_000,
    );
    await a.context.close();
    await b.context.close();
  }, 120_000);
});
