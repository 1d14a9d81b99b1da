import { describe, it } from "vitest";
import { chromiumAvailable, eventually, fieldText, screenshot } from "./browser.ts";
import {
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

/** Issue 13: the app shell loads offline (service worker) and edits made then merge on reconnection. */

const stage = scenarioStage();

describe.skipIf(!chromiumAvailable())("offline app shell (issue 13)", () => {
  it("reopens a référentiel without network, and B gets what A typed once A is back", async () => {
    const [alice, bruno] = await people(stage.server, ["Alice Martin", "Bruno Petit"]);
    const id = await shareReferential(alice, [[bruno, "editor"]]);
    const a = await pageAs(stage, alice, `/#/r/${id}`);
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
    const b = await pageAs(stage, bruno, `/#/r/${id}`);
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
