import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { chromiumAvailable, eventually, fieldText, keepArtifact, screenshot } from "./browser.ts";
import {
  card,
  caretAtEnd,
  loaded,
  mounted,
  openBloc,
  pageAs,
  people,
  scenarioStage,
  shareReferential,
} from "./team.ts";

/** Issue 13, « any screen, and paper », the table view and the home screen: independent scenarios. */

const stage = scenarioStage();

const SIZES = [
  { width: 1024, height: 768 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
] as const;

/** The demo's snapshot file, parsed, to change before importing it. */
function demoSnapshot<T>(): T {
  const path = new URL("../../schema/fixtures/chef-de-projet-marketing.snapshot.json", import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(path), "utf8")) as T;
}

/** Whether two elements' boxes overlap. */
async function overlap(page: Page, a: string, b: string): Promise<boolean> {
  return page.evaluate(
    ([sa, sb]) => {
      const ra = document.querySelector(sa as string)?.getBoundingClientRect();
      const rb = document.querySelector(sb as string)?.getBoundingClientRect();
      if (!ra || !rb) return false;
      return ra.left < rb.right && rb.left < ra.right && ra.top < rb.bottom && rb.top < ra.bottom;
    },
    [a, b],
  );
}

describe.skipIf(!chromiumAvailable())("screens, print, table view and home (issue 13)", () => {
  it("fits the bloc table at 1024×768, 1440×900 and 1920×1080, presence chips beside the codes", async () => {
    const [alice, bruno] = await people(stage.server, [
      "Alice Martin",
      "Bruno Petit-Dupont de la Villemarqué",
    ]);
    const id = await shareReferential(alice, [[bruno, "editor"]]);
    const b = await pageAs(stage, bruno, `/#/r/${id}`);
    await loaded(b.page);
    await openBloc(b.page, "BC01");
    await caretAtEnd(b.page, "Compétence C1.1");
    for (const size of SIZES) {
      const a = await pageAs(stage, alice, `/#/r/${id}`, size);
      await loaded(a.page);
      await openBloc(a.page, "BC01");
      await card(a.page, "C1.1").locator(".card__peer").waitFor();
      const name = `${size.width}x${size.height}`;
      // The four columns keep their room: the side panel is a drawer below 1280 px.
      const widths = await a.page.evaluate(() => {
        const centre = document.getElementById("centre");
        const duration = document.querySelector<HTMLInputElement>('[aria-label^="Durée de"]');
        const form = document.querySelector<HTMLSelectElement>('[aria-label^="Individuelle ou collective"]');
        return {
          overflow: (centre?.scrollWidth ?? 0) - (centre?.clientWidth ?? 0),
          column: document.querySelector(".table4__col")?.clientWidth ?? 0,
          duration: duration?.clientWidth ?? 0,
          form: form?.clientWidth ?? 0,
        };
      });
      // Taken before the checks, to look at what a failing one saw.
      await screenshot(a.page, `e2e13-bloc-${name}`);
      expect(widths.overflow, name).toBeLessThanOrEqual(0);
      expect(widths.column, name).toBeGreaterThanOrEqual(160);
      // Modality fields wide enough for their value (« Individuelle », a duration).
      expect(widths.form, name).toBeGreaterThanOrEqual(105);
      expect(widths.duration, name).toBeGreaterThanOrEqual(105);
      expect(
        await overlap(a.page, '[data-node="b1-c1"] .card__peer', '[data-node="b1-c1"] .card__code'),
        name,
      ).toBe(false);
      // My role stays readable in the header, beside (not under) its tools.
      expect(await overlap(a.page, ".ws-header__tags .badge", ".ws-header__tools"), name).toBe(false);
      const role = await a.page.evaluate(() => {
        const badge = document.querySelector<HTMLElement>(".ws-header__tags .badge");
        const tags = document.querySelector<HTMLElement>(".ws-header__tags");
        return {
          badge: badge?.getBoundingClientRect().right ?? 0,
          tags: tags?.getBoundingClientRect().right ?? 0,
        };
      });
      expect(role.badge, name).toBeLessThanOrEqual(role.tags + 1);
      // No clipped tab: each tab shows its whole name.
      if (size.width < 1280)
        await a.page
          .getByRole("button", { name: /^Validation/ })
          .first()
          .click();
      const clipped = await a.page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>(".tabs__tab"))
          .filter(
            (tab) =>
              tab.scrollWidth > tab.clientWidth + 1 || tab.getBoundingClientRect().right > window.innerWidth,
          )
          .map((tab) => tab.textContent),
      );
      expect(clipped, name).toEqual([]);
      await expect(a.page.getByRole("tab", { name: /^Membres/ }).isVisible()).resolves.toBe(true);
      await screenshot(a.page, `e2e13-panel-${name}`);
      await a.context.close();
    }
    await b.context.close();
  });

  it("shows a bloc as the certifiers' table, rows aligned and cells live", async () => {
    const [alice, bruno] = await people(stage.server, ["Alice Martin", "Bruno Petit"]);
    const id = await shareReferential(alice, [[bruno, "editor"]]);
    const a = await pageAs(stage, alice, `/#/r/${id}`);
    const b = await pageAs(stage, bruno, `/#/r/${id}`);
    for (const page of [a.page, b.page]) {
      await loaded(page);
      await openBloc(page, "BC01");
    }
    await a.page.getByRole("button", { name: "Tableau" }).click();
    const table = a.page.locator("table.tv");
    await table.waitFor();
    await expect(table.locator("thead th").allTextContents()).resolves.toEqual([
      "Activités",
      "Compétences",
      "Modalités d'évaluation",
      "Critères d'évaluation",
    ]);
    // The modality covering every competency spans their rows.
    const span = await table.locator("td.tv__cell--modalities").first().getAttribute("rowspan");
    expect(Number(span)).toBeGreaterThan(1);
    await screenshot(a.page, "e2e13-table-view");
    const cell = await mounted(a.page, "Compétence C1.2");
    await cell.click();
    await a.page.keyboard.press("Control+End");
    await a.page.keyboard.type(" TABLEAU-VIVANT", { delay: 20 });
    await eventually(
      () => fieldText(b.page.locator('.ProseMirror[aria-label="Compétence C1.2"]')),
      (text) => text.includes("TABLEAU-VIVANT"),
      "B (cards) to see the text typed in the table",
    ).catch(async () => {
      await mounted(b.page, "Compétence C1.2");
      return eventually(
        () => fieldText(b.page.locator('.ProseMirror[aria-label="Compétence C1.2"]')),
        (text) => text.includes("TABLEAU-VIVANT"),
        "B (cards) to see the text typed in the table",
      );
    });
    await a.context.close();
    await b.context.close();
  });

  it("prints the whole référentiel as 4-column tables per bloc, without the app", async () => {
    const [alice] = await people(stage.server, ["Alice Martin"]);
    if (!alice) throw new Error("no person");
    const id = await shareReferential(alice, []);
    const a = await pageAs(stage, alice, `/#/r/${id}`);
    await loaded(a.page);
    await a.page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
    await a.page.emulateMedia({ media: "print" });
    const dir = mkdtempSync(join(tmpdir(), "refstudio-print-"));
    const pdf = join(dir, "print.pdf");
    writeFileSync(pdf, await a.page.pdf({ format: "A4", landscape: true }));
    const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
    for (const expected of [
      "Activités",
      "Compétences",
      "Modalités d'évaluation",
      "Critères d'évaluation",
      "BC01",
      "BC04",
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain("Rechercher");
    expect(text).not.toContain("Validation");
    execFileSync("pdftoppm", [
      "-png",
      "-r",
      "60",
      "-f",
      "1",
      "-l",
      "1",
      "-singlefile",
      pdf,
      join(dir, "page-1"),
    ]);
    keepArtifact("e2e13-print-page1.png", readFileSync(join(dir, "page-1.png")));
    await a.context.close();
  });

  it("says « Aucune compétence » in the matrix of an empty référentiel", async () => {
    const [alice] = await people(stage.server, ["Alice Martin"]);
    if (!alice) throw new Error("no person");
    const id = await shareReferential(alice, [], { title: "Vide" });
    const a = await pageAs(stage, alice, `/#/r/${id}/matrice`);
    await a.page.getByRole("heading", { name: "Matrice de couverture" }).waitFor();
    await a.page.getByText(/^Aucune compétence/).waitFor();
    await expect(a.page.getByText("Chaque compétence est couverte").count()).resolves.toBe(0);
    await a.context.close();
  });

  it("searches, renames, duplicates my référentiels and warns when two carry the same RNCP code", async () => {
    const [alice] = await people(stage.server, ["Alice Martin"]);
    if (!alice) throw new Error("no person");
    const snapshot = demoSnapshot<{ referential: { meta: { rncpCode: string; title: string } } }>();
    snapshot.referential.meta.rncpCode = "RNCP34762";
    await alice.http.createReferential({ snapshot });
    snapshot.referential.meta.title = "Seconde rédaction";
    await alice.http.createReferential({ snapshot });
    await alice.http.createReferential({ title: "Responsable logistique" });
    const a = await pageAs(stage, alice, "/#/");
    await a.page.getByRole("heading", { name: "Mes référentiels" }).waitFor();
    await a.page.getByText(/2 de vos référentiels portent le code RNCP34762/).waitFor();
    await a.page.getByLabel("Rechercher un référentiel (intitulé, code RNCP)").fill("logist");
    await eventually(
      () => a.page.locator(".ref-table tbody tr").count(),
      (n) => n === 1,
      "one match",
    );
    await a.page.getByRole("button", { name: "Actions pour « Responsable logistique »" }).click();
    await a.page.getByRole("menuitem", { name: "Dupliquer" }).click();
    await a.page.getByLabel("Rechercher un référentiel (intitulé, code RNCP)").fill("");
    await a.page.getByRole("link", { name: "Responsable logistique (copie)" }).waitFor();
    await a.page.getByRole("button", { name: "Actions pour « Responsable logistique (copie) »" }).click();
    await a.page.getByRole("menuitem", { name: "Renommer" }).click();
    await a.page.getByRole("dialog").getByLabel("Intitulé").fill("Responsable supply chain");
    await a.page.getByRole("dialog").getByRole("button", { name: "Renommer" }).click();
    await a.page.getByRole("link", { name: "Responsable supply chain" }).waitFor();
    await screenshot(a.page, "e2e13-home");
    await a.context.close();
  });

  it("deletes a référentiel its owner confirms by name; a member's open editor says so, keeping what was typed", async () => {
    const [alice, bruno] = await people(stage.server, ["Alice Martin", "Bruno Petit"]);
    const id = await shareReferential(alice, [[bruno, "editor"]]);
    await alice.http.patch(`/api/referentials/${id}`, { title: "Référentiel à supprimer" });
    await alice.http.createReferential({ title: "Référentiel gardé" });

    // Bruno, a member but not an owner, is not offered the deletion.
    const home = await pageAs(stage, bruno, "/#/");
    await home.page.getByRole("button", { name: "Actions pour « Référentiel à supprimer »" }).click();
    await expect(home.page.getByRole("menuitem", { name: "Supprimer" }).isDisabled()).resolves.toBe(true);
    await home.context.close();

    const b = await pageAs(stage, bruno, `/#/r/${id}`);
    await loaded(b.page);
    await openBloc(b.page, "BC01");
    await caretAtEnd(b.page, "Compétence C1.1");

    const a = await pageAs(stage, alice, "/#/");
    await a.page.getByRole("button", { name: "Actions pour « Référentiel à supprimer »" }).click();
    await a.page.getByRole("menuitem", { name: "Supprimer" }).click();
    const dialog = a.page.getByRole("dialog", { name: "Supprimer ce référentiel ?" });
    await dialog.getByText("« Référentiel à supprimer » sera supprimé pour tous ses membres").waitFor();
    await screenshot(a.page, "e2e13-home-delete");
    // Bruno goes on typing while the owner confirms.
    await b.page.keyboard.type(" et suite");
    await dialog.getByRole("button", { name: "Supprimer" }).click();
    await a.page.getByText("« Référentiel à supprimer » a été supprimé.").waitFor();
    await eventually(
      () => a.page.getByRole("link", { name: "Référentiel à supprimer" }).count(),
      (n) => n === 0,
      "the row to leave the list",
    );
    await a.page.getByRole("link", { name: "Référentiel gardé" }).waitFor();

    const banner = b.page.getByRole("alert").filter({ hasText: "Ce référentiel a été supprimé." });
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toContain("et suite");
    // What Bruno types once told is kept too.
    await b.page.keyboard.type(" puis encore");
    await eventually(
      () => banner.locator(".quote").textContent(),
      (text) => (text ?? "").endsWith("et suite puis encore"),
      "the keys typed after the deletion kept",
    );
    await b.page.locator(".conn").getByText("Référentiel supprimé").waitFor();
    await expect(banner.textContent()).resolves.not.toMatch(/4410/);
    await screenshot(b.page, "e2e13-deleted-under-me");
    await Promise.all([a.context.close(), b.context.close()]);
  });

  it("explains a bad snapshot file in plain French, naming the field", async () => {
    const [alice] = await people(stage.server, ["Alice Martin"]);
    if (!alice) throw new Error("no person");
    const snapshot = demoSnapshot<{ referential: { nodes: { title: unknown; kind: string }[] } }>();
    const index = snapshot.referential.nodes.findIndex((node) => node.kind === "competency");
    (snapshot.referential.nodes[index] as { title: unknown }).title = 42;
    const a = await pageAs(stage, alice, "/#/");
    await a.page.getByRole("heading", { name: "Mes référentiels" }).waitFor();
    await a.page.locator('input[type="file"][accept*="json"]').setInputFiles({
      name: "instantane.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(snapshot)),
    });
    const alert = a.page.getByRole("alert");
    await alert.getByText(`l'élément n° ${index + 1} (compétence) : l'intitulé`, { exact: false }).waitFor();
    await expect(alert.textContent()).resolves.not.toMatch(/referential|nodes\[/);
    await a.context.close();
  });

  it("says on its own page that an invitation link is used already, or unknown", async () => {
    const [alice, _bruno] = await people(stage.server, ["Alice Martin", "Bruno Petit"]);
    const id = await shareReferential(alice, []);
    const email = `invite-${Date.now()}@example.fr`;
    const answer = await alice.http.post<{ invitation: { url: string } }>(`/api/referentials/${id}/members`, {
      email,
      role: "editor",
    });
    const link = new URL(answer.body.invitation.url, stage.server.url);
    const token = link.pathname.split("/").pop() ?? "";
    const { HttpClient } = await import("../helpers/http-client.ts");
    await new HttpClient(stage.server.url).signUp(
      { email, name: "Claire Dubois", password: "un mot de passe solide" },
      token,
    );
    const context = await stage.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${stage.server.url}${link.pathname}`);
    await page.getByRole("heading", { name: "Invitation déjà utilisée" }).waitFor();
    await expect(page.getByLabel("Mot de passe").count()).resolves.toBe(0);
    await screenshot(page, "e2e13-invitation-used");
    await page.goto(`${stage.server.url}/invitations/lien-inconnu`);
    await page.getByRole("heading", { name: "Lien d'invitation inconnu" }).waitFor();
    await context.close();
  });
});
