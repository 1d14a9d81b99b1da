import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ServerProcess, startServer } from "../helpers/server.ts";
import {
  buildEditorOnce,
  chromiumAvailable,
  launchBrowser,
  screenshot,
  seriousViolations,
} from "./browser.ts";

/**
 * The import of a Word/PDF table and of a pasted table, in Chromium against the real server:
 * the file is read in the browser (pdf.js in its worker for the PDF), the preview shows every
 * item and flag, a correction is made, and only then is the référentiel created.
 */

const FIXTURES = new URL("../../../shared/fixtures/documents/", import.meta.url);
const PDF = fileURLToPath(new URL("word/referentiel-chef-de-projet-marketing-communication.pdf", FIXTURES));
const DOCX = fileURLToPath(new URL("word/referentiel-chef-de-projet-marketing-communication.docx", FIXTURES));
/** A table as Word puts it on the clipboard (simplified): header, a bloc row, one row of items. */
const PASTED = `<table><tr><td>Activités</td><td>Compétences</td><td>Modalités d'évaluation</td><td>Critères d'évaluation</td></tr>
  <tr><td colspan="4">BLOC 1 – Piloter un projet</td></tr>
  <tr><td>A1.1 Planification</td><td><p>• Planifier les tâches afin de tenir les délais</p><p>• Suivre le budget pour respecter les coûts</p></td>
  <td>Étude de cas</td><td><p>- Le planning est réaliste</p><p>- Le budget est suivi</p></td></tr></table>`;
const USER = { name: "Claire Import", email: "claire@example.fr", password: "un mot de passe solide" };

let server: ServerProcess;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

const screen = () => page.getByRole("dialog", { name: "Importer un référentiel" });

describe.skipIf(!chromiumAvailable())("import of Word, PDF and pasted tables", () => {
  beforeAll(async () => {
    buildEditorOnce();
    server = await startServer();
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${server.url}/#/inscription`);
    await page.getByLabel("Nom et prénom").fill(USER.name);
    await page.getByLabel("Adresse e-mail").fill(USER.email);
    await page.getByLabel("Mot de passe").fill(USER.password);
    await page.getByRole("button", { name: "Créer un compte" }).click();
    await page.getByRole("heading", { name: "Mes référentiels" }).waitFor();
  }, 180_000);

  afterEach(async ({ task }) => {
    if (task.result?.state === "fail")
      await screenshot(page, `failed-import-${task.name.slice(0, 30).replace(/\W+/g, "-")}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
    expect(pageErrors).toEqual([]);
  });

  it("reads the PDF in the browser, shows the preview, and creates the référentiel after a correction", async () => {
    await page.getByRole("button", { name: "Importer un tableau (Word, PDF, HTML)" }).click();
    await screen().waitFor();
    await page.locator('input[type="file"][accept*=".docx"]').setInputFiles(PDF);
    const counts = screen().getByTestId("import-counts");
    await counts.waitFor();
    expect(await counts.textContent()).toBe(
      "Blocs : 4 · Activités : 29 · Compétences : 26 · Modalités : 4 · Critères : 28",
    );
    await expect(
      screen().getByRole("status").filter({ hasText: "à vérifier" }).textContent(),
    ).resolves.toMatch(/\d+ élément\(s\) à vérifier/);
    await expect(screen().getByText("Non classé (", { exact: false }).textContent()).resolves.toMatch(
      /^Non classé \(\d+\)$/,
    );
    await screenshot(page, "30-table-import-preview");
    expect(await seriousViolations(page)).toEqual([]);

    // Accept the first flagged item, and discard one item: it moves to « Non classé ».
    const flagged = screen().locator(".import-item--flagged").first();
    const before = await screen().locator(".import-item--flagged").count();
    await flagged.getByRole("button", { name: "C'est juste" }).click();
    await expect.poll(() => screen().locator(".import-item--flagged").count()).toBe(before - 1);
    const criterion = screen().getByRole("listitem", { name: "Critère CR1.1" });
    await criterion.getByRole("button", { name: "Écarter (vers « Non classé »)" }).click();
    await expect(counts.textContent()).resolves.toContain("Critères : 27");
    await screen().getByText("Écarté à la relecture (1)").waitFor();
    // Undone with the button, then made again.
    await screen().getByRole("button", { name: "Défaire" }).click();
    await expect(counts.textContent()).resolves.toContain("Critères : 28");
    await expect(screen().getByText("Écarté à la relecture (1)").count()).resolves.toBe(0);
    await criterion.getByRole("button", { name: "Écarter (vers « Non classé »)" }).click();
    await expect(counts.textContent()).resolves.toContain("Critères : 27");

    await screen().getByLabel("Titre du référentiel").fill("Chef de projet — import PDF");
    await screen().getByRole("button", { name: "Créer le référentiel" }).click();
    await page.locator(".outline__row--bloc").nth(3).waitFor();
    expect(await page.locator(".outline__row--bloc").count()).toBe(4);
    await screenshot(page, "31-table-import-created");
  });

  it("reads the Word document in the browser and shows its preview", async () => {
    await page.goto(`${server.url}/#/`);
    await page.getByRole("button", { name: "Importer un tableau (Word, PDF, HTML)" }).click();
    await page.locator('input[type="file"][accept*=".docx"]').setInputFiles(DOCX);
    const counts = screen().getByTestId("import-counts");
    await counts.waitFor();
    expect(await counts.textContent()).toBe(
      "Blocs : 4 · Activités : 29 · Compétences : 26 · Modalités : 4 · Critères : 28",
    );
    await expect(screen().getByLabel("Titre du référentiel").inputValue()).resolves.toBe(
      "Referentiel chef de projet marketing communication",
    );
    await screenshot(page, "33-table-import-word-preview");
    expect(await seriousViolations(page)).toEqual([]);
    // No title, no référentiel: the button waits for one.
    await screen().getByLabel("Titre du référentiel").fill("  ");
    await screen().getByText("Donnez un titre au référentiel avant de le créer.").waitFor();
    await expect(screen().getByRole("button", { name: "Créer le référentiel" }).isDisabled()).resolves.toBe(
      true,
    );
    await screen().getByRole("button", { name: "Annuler l'import" }).click();
  });

  it("imports a table pasted as HTML (as Word puts it on the clipboard)", async () => {
    await page.goto(`${server.url}/#/`);
    await page.getByRole("button", { name: "Importer un tableau (Word, PDF, HTML)" }).click();
    const html = PASTED;
    const area = screen().locator("textarea");
    await area.focus();
    await area.evaluate((element, data) => {
      const transfer = new DataTransfer();
      transfer.setData("text/html", data);
      element.dispatchEvent(
        new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }),
      );
    }, html);
    const counts = screen().getByTestId("import-counts");
    await counts.waitFor();
    expect(await counts.textContent()).toBe(
      "Blocs : 1 · Activités : 1 · Compétences : 2 · Modalités : 1 · Critères : 2",
    );
    const links = screen().getByRole("listitem", { name: "Critère CR1.2" }).locator("summary");
    await expect(links.textContent()).resolves.toContain("C1.2");
    await screen().getByRole("button", { name: "Annuler l'import" }).click();
    await expect(screen().count()).resolves.toBe(0);
  });

  it("fills an empty référentiel from a pasted table, as its next version", async () => {
    await page.goto(`${server.url}/#/`);
    await page.getByRole("button", { name: "Nouveau référentiel" }).click();
    await page.getByRole("dialog").getByLabel("Intitulé").fill("Référentiel à remplir");
    await page.getByRole("dialog").getByRole("button", { name: "Créer" }).click();
    await page.getByRole("heading", { name: "Fiche du référentiel" }).waitFor();
    await page.evaluate((data) => {
      const transfer = new DataTransfer();
      transfer.setData("text/html", data);
      document.body.dispatchEvent(
        new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }),
      );
    }, PASTED);
    await screen().getByTestId("import-counts").waitFor();
    await expect(screen().getByLabel("Importer comme").inputValue()).resolves.not.toBe("");
    await screen()
      .getByText(/Les blocs et éléments de « Référentiel à remplir » seront remplacés/)
      .waitFor();
    // The title of the référentiel replaced is proposed, to confirm or change.
    const title = screen().getByLabel("Titre du référentiel");
    await expect(title.inputValue()).resolves.toBe("Référentiel à remplir");
    await screenshot(page, "32-table-import-into-empty");
    await title.fill("Référentiel rempli par l'import");
    await screen().getByRole("button", { name: "Remplacer par l'import" }).click();
    await expect.poll(() => screen().count()).toBe(0);
    await page.locator(".outline__row--bloc", { hasText: "Piloter un projet" }).waitFor();
    await page.getByRole("heading", { name: "Référentiel rempli par l'import" }).waitFor();
  });

  it("refuses a file that is not a référentiel with a French message, and creates nothing", async () => {
    await page.goto(`${server.url}/#/`);
    await page.getByRole("button", { name: "Importer un tableau (Word, PDF, HTML)" }).click();
    await page.locator('input[type="file"][accept*=".docx"]').setInputFiles({
      name: "notes.docx",
      mimeType: "application/octet-stream",
      buffer: Buffer.from("PK\u0003\u0004 pas un document"),
    });
    await screen()
      .getByRole("alert")
      .getByText("Ce fichier n'est pas un document Word (.docx) lisible.")
      .waitFor();
    await screen().getByRole("button", { name: "Annuler l'import" }).click();
    expect(await page.getByRole("row").count()).toBe(3);
    expect(readFileSync(DOCX).length).toBeGreaterThan(0);
  });
});
