import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { chromiumAvailable, eventually, screenshot } from "./browser.ts";
import { card, loaded, openBloc, pageAs, people, scenarioStage, shareReferential } from "./team.ts";

/** Issue 13, « find anything, link to anything » and « keyboard first »: independent scenarios. */

const stage = scenarioStage();

/** The keys a scenario presses, counted (text typed into a field is not a key press here). */
function counter(page: Page) {
  let count = 0;
  return {
    press: async (key: string) => {
      count += 1;
      await page.keyboard.press(key);
    },
    get count() {
      return count;
    },
  };
}

const focusedLabel = (page: Page) =>
  page.evaluate(
    () => document.activeElement?.getAttribute("aria-label") ?? document.activeElement?.tagName ?? "",
  );

async function solo(path = "") {
  const [alice] = await people(stage.server, ["Alice Martin"]);
  if (!alice) throw new Error("no person");
  const id = await shareReferential(alice, []);
  const a = await pageAs(stage, alice, `/#/r/${id}${path}`);
  await loaded(a.page);
  return { id, alice, page: a.page, context: a.context, errors: a.errors };
}

describe.skipIf(!chromiumAvailable())("find, link and keyboard (issue 13)", () => {
  it("finds a passage with Ctrl+F, lists it with its codes, and opens it selected", async () => {
    const { page, context, errors } = await solo();
    await page.keyboard.press("Control+f");
    const box = page.getByRole("combobox", { name: "Rechercher un texte, un code, un commentaire" });
    await box.waitFor();
    // Accents and case do not matter.
    await box.fill("CAPITALISATION");
    const first = page.getByRole("dialog").getByRole("option").first();
    await first.waitFor();
    await expect(first.textContent()).resolves.toMatch(/C1\.6.*BC01/);
    await screenshot(page, "e2e13-search");
    await box.press("Enter");
    await page.locator(".bloc__code", { hasText: "BC01" }).waitFor();
    await eventually(
      () => page.evaluate(() => window.getSelection()?.toString() ?? ""),
      (text) => text.toLowerCase() === "capitalisation",
      "the match selected in its field",
    );
    await expect(focusedLabel(page)).resolves.toBe("Compétence C1.6");
    expect(page.url()).toMatch(/#\/r\/[\w-]+\/b\/[\w-]+\/i\/[\w-]+$/);
    await context.close();
    expect(errors).toEqual([]);
  });

  it("gives every place a URL that a reload, Back and « Copier le lien » keep, and names the tab", async () => {
    const [alice, bruno] = await people(stage.server, ["Alice Martin", "Bruno Petit"]);
    const id = await shareReferential(alice, [[bruno, "editor"]]);
    const a = await pageAs(stage, alice, `/#/r/${id}`);
    await loaded(a.page);
    await openBloc(a.page, "BC02");
    await card(a.page, "C2.3").getByRole("button", { name: "Actions pour Compétence C2.3" }).click();
    await a.page.getByRole("menuitem", { name: "Copier le lien" }).click();
    const link = await a.page.evaluate(() => navigator.clipboard.readText());
    expect(link).toMatch(new RegExp(`/#/r/${id}/b/[\\w-]+/i/[\\w-]+$`));
    await expect(a.page.title()).resolves.toBe(
      "Chef de projet marketing et communication — Référentiel Studio",
    );

    // Bruno opens the link: the bloc, the item brought into view.
    const b = await pageAs(stage, bruno, new URL(link).pathname + new URL(link).hash);
    await b.page.locator(".bloc__code", { hasText: "BC02" }).waitFor();
    await card(b.page, "C2.3").and(b.page.locator(".card--flash")).waitFor();
    await b.page.reload();
    await b.page.locator(".bloc__code", { hasText: "BC02" }).waitFor();
    await openBloc(b.page, "BC03");
    await b.page.goBack();
    await b.page.locator(".bloc__code", { hasText: "BC02" }).waitFor();
    await a.context.close();
    await b.context.close();
  });

  it("adds a competency in ≤ 10 keys, links it to a criterion in ≤ 15 and reaches the next error in ≤ 2", async () => {
    const { page, context } = await solo();
    await page.locator("#centre").focus();
    const keys = counter(page);
    await keys.press("Alt+Shift+Digit1");
    await page.locator(".bloc__code", { hasText: "BC01" }).waitFor();
    await keys.press("Alt+Enter");
    await eventually(
      () => focusedLabel(page),
      (label) => label === "Compétence C1.7",
      "the new competency's field",
    );
    await page.keyboard.type("Piloter un audit marketing afin de décider");
    expect(keys.count).toBeLessThanOrEqual(10);

    const linking = counter(page);
    await linking.press("Tab");
    await expect(focusedLabel(page)).resolves.toBe("Modifier — critères qui évaluent C1.7");
    await linking.press("Enter");
    await linking.press("Space");
    await linking.press("Escape");
    expect(linking.count).toBeLessThanOrEqual(15);
    await card(page, "C1.7")
      .locator(".links", { hasText: "Évaluée par" })
      .locator(".chip", { hasText: "CR1.1" })
      .waitFor();

    const toError = counter(page);
    await toError.press("F8");
    expect(toError.count).toBeLessThanOrEqual(2);
    // The demo's first error is on the fiche: no certifier yet. F8 puts the focus where to add one.
    await eventually(
      () => page.evaluate(() => document.activeElement?.textContent ?? ""),
      (text) => text === "Ajouter un certificateur",
      "the focus on the first error's field",
    );
    await page.locator(".toast", { hasText: "Au moins un certificateur doit être renseigné" }).waitFor();
    await toError.press("F8");
    await eventually(
      () => focusedLabel(page),
      (label) => label === "Niveau",
      "the next error's field",
    );
    await context.close();
  });

  it("keeps the focus on an item moved from its menu, and makes the outline one tab stop", async () => {
    const { page, context } = await solo("");
    await openBloc(page, "BC01");
    await card(page, "C1.3").getByRole("button", { name: "Actions pour Compétence C1.3" }).click();
    await page.getByRole("menuitem", { name: "Descendre" }).click();
    await eventually(
      () => focusedLabel(page),
      (l) => l === "Actions pour Compétence C1.4",
      "focus on the moved item",
    );

    await page.keyboard.press("Alt+Shift+KeyO");
    await eventually(
      () => page.evaluate(() => document.activeElement?.closest(".outline") !== null),
      (inside) => inside,
      "the focus in the outline",
    );
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.closest(".outline") === null)).resolves.toBe(
      true,
    );

    await page.locator("#centre").focus();
    await page.keyboard.press("?");
    const dialog = page.getByRole("dialog", { name: "Raccourcis clavier" });
    await dialog.getByText("Problème de validation suivant").waitFor();
    await screenshot(page, "e2e13-shortcuts");
    await context.close();
  });

  it("filters the outline to the items with open comments", async () => {
    const [alice, bruno] = await people(stage.server, ["Alice Martin", "Bruno Petit"]);
    const id = await shareReferential(alice, [[bruno, "reviewer"]]);
    const b = await pageAs(stage, bruno, `/#/r/${id}`);
    await loaded(b.page);
    await openBloc(b.page, "BC02");
    await card(b.page, "C2.2").getByRole("button", { name: "Commenter Compétence C2.2" }).click();
    await b.page.getByLabel("Votre commentaire").fill("À préciser.");
    await b.page.getByRole("button", { name: "Publier" }).click();
    const a = await pageAs(stage, alice, `/#/r/${id}`);
    await loaded(a.page);
    await a.page.getByLabel("Afficher dans le plan").selectOption("comments");
    await eventually(
      () => a.page.locator(".outline__item .outline__code").allTextContents(),
      (codes) => codes.length === 1 && codes[0] === "C2.2",
      "only C2.2 in the outline",
    );
    await a.context.close();
    await b.context.close();
  });
  it("filters the outline to the items with a blocking error, and to one kind of item", async () => {
    const [alice] = await people(stage.server, ["Alice Martin"]);
    const id = await shareReferential(alice, []);
    const a = await pageAs(stage, alice, `/#/r/${id}`);
    await loaded(a.page);
    const codes = () => a.page.locator(".outline__item .outline__code").allTextContents();

    // The demo's blocking errors are on the fiche: no item passes the filter until one has an error.
    await a.page.getByLabel("Afficher dans le plan").selectOption("errors");
    await eventually(codes, (shown) => shown.length === 0, "no item in the outline");
    await openBloc(a.page, "BC01");
    await card(a.page, "CR1.1").getByRole("button", { name: "Actions pour Critère CR1.1" }).click();
    await a.page.getByRole("menuitem", { name: "Supprimer…" }).click();
    await a.page.getByRole("dialog").getByRole("button", { name: "Supprimer" }).click();
    await eventually(codes, (shown) => shown.join() === "C1.1", "only C1.1, now evaluated by no criterion");

    await a.page.getByLabel("Afficher dans le plan").selectOption("all");
    await a.page.getByLabel("Type d'élément").selectOption("modality");
    await eventually(
      codes,
      (shown) => shown.length > 0 && shown.every((code) => /^M/.test(code)),
      "only modalities in the outline",
    );
    await a.context.close();
  });
});
