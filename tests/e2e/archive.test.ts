import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { chromiumAvailable, screenshot } from "./browser.ts";
import { pageAs, people, scenarioStage } from "./team.ts";

/** An archived référentiel opens read-only, saying why. Its own server, user and référentiel. */

const stage = scenarioStage();
let page: Page | undefined;

describe.skipIf(!chromiumAvailable())("an archived référentiel in a real browser", () => {
  afterEach(async ({ task }) => {
    if (task.result?.state === "fail" && page)
      await screenshot(page, "archive-failed").catch(() => undefined);
  });

  it("shows the reason and lets its owner change nothing until it is unarchived", async () => {
    const [owner] = await people(stage.server, ["Archiviste"]);
    const id = await owner.http.createReferential({ title: "Ancien référentiel" });
    expect((await owner.http.patch(`/api/referentials/${id}`, { archived: true })).status).toBe(200);

    const opened = await pageAs(stage, owner, `/#/r/${id}`, { width: 1280, height: 800 });
    page = opened.page;
    await page.getByRole("heading", { name: "Fiche du référentiel" }).waitFor();
    const banner = page.getByRole("status").filter({ hasText: "Référentiel archivé : lecture seule." });
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toContain("Un responsable peut le désarchiver");
    const title = page.getByLabel("Intitulé");
    await expect(title.getAttribute("readonly")).resolves.not.toBeNull();
    await screenshot(page, "archive-read-only");

    expect((await owner.http.patch(`/api/referentials/${id}`, { archived: false })).status).toBe(200);
    await page.reload();
    await page.getByRole("heading", { name: "Fiche du référentiel" }).waitFor();
    await expect(page.getByText("Référentiel archivé : lecture seule.").count()).resolves.toBe(0);
    await expect(page.getByLabel("Intitulé").getAttribute("readonly")).resolves.toBeNull();
    await opened.context.close();
  });
});
