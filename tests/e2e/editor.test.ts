import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ServerProcess, startServer } from "../helpers/server.ts";
import {
  buildEditorOnce,
  chromiumAvailable,
  eventually,
  fieldText,
  launchBrowser,
  screenshot,
  seriousViolations,
} from "./browser.ts";

/**
 * Two people in two browser contexts against the real server serving the built editor: Alice
 * (owner, first account) and Bruno (invited as editor, later made reviewer). The steps build on
 * each other, in order.
 */

const SNAPSHOT_FIXTURE = fileURLToPath(
  new URL("../../schema/fixtures/chef-de-projet-marketing.snapshot.json", import.meta.url),
);
/** The shared fixtures sit beside the repository (read-only). */
const RNCP_FIXTURE = fileURLToPath(
  new URL("../../../shared/fixtures/rncp/export_fiches_RNCP_sample.xml", import.meta.url),
);
const ALICE = { name: "Alice Martin", email: "alice@example.fr", password: "un mot de passe solide" };
const BRUNO = { name: "Bruno Petit", email: "bruno@example.fr", password: "un autre mot de passe" };

let server: ServerProcess;
let browser: Browser;
let contextA: BrowserContext;
let contextB: BrowserContext;
let a: Page;
let b: Page;
let referentialUrl: string;
const pageErrors: string[] = [];

const editorOf = (page: Page, label: string) => page.locator(`.ProseMirror[aria-label="${label}"]`);

/** Scrolls a rich-text field into view, which mounts its editor, and returns the editor. */
async function mounted(page: Page, label: string) {
  await page.locator(`[aria-label="${label}"]`).first().scrollIntoViewIfNeeded();
  const field = editorOf(page, label);
  await field.waitFor();
  return field;
}
const card = (page: Page, code: string) =>
  page.locator("article.card").filter({
    has: page.locator(".card__code", { hasText: new RegExp(`^\\S*\\s*${code.replace(".", "\\.")}$`) }),
  });

async function openBloc(page: Page, code: string): Promise<void> {
  await page.locator(".outline__row--bloc .outline__entry", { hasText: code }).click();
  await page.locator(".bloc__code", { hasText: code }).waitFor();
}

async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole("tab", { name: new RegExp(`^${name}`) }).click();
}

/** Puts the caret at the end (or start) of a rich-text field, once its editor is mounted. */
async function caretIn(page: Page, label: string, where: "start" | "end"): Promise<void> {
  const field = await mounted(page, label);
  await field.click();
  await page.keyboard.press(where === "end" ? "Control+End" : "Control+Home");
}

async function expectNoSeriousViolations(page: Page, screen: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect(violations, `axe on ${screen}`).toEqual([]);
}

function watch(page: Page, who: string): void {
  page.on("pageerror", (error) => pageErrors.push(`${who}: ${error.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") console.log(`${who} console: ${m.text().slice(0, 1500)}`);
  });
}

describe.skipIf(!chromiumAvailable())("editor in a real browser, two users", () => {
  beforeAll(async () => {
    buildEditorOnce();
    server = await startServer();
    browser = await launchBrowser();
    contextA = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    contextB = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    for (const context of [contextA, contextB]) context.setDefaultTimeout(10_000);
    a = await contextA.newPage();
    b = await contextB.newPage();
    watch(a, "A");
    watch(b, "B");
  }, 180_000);

  afterEach(async ({ task }) => {
    if (task.result?.state !== "fail") return;
    const name = task.name.replace(/[^a-z0-9]+/gi, "-").slice(0, 40);
    await screenshot(a, `failed-${name}-A`).catch(() => undefined);
    await screenshot(b, `failed-${name}-B`).catch(() => undefined);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it("signs up, creates the demo and invites a colleague who joins through the link", async () => {
    await a.goto(`${server.url}/#/inscription`);
    await a.getByRole("heading", { name: "Créer votre compte" }).waitFor();
    await screenshot(a, "01-sign-up");
    await expectNoSeriousViolations(a, "sign-up");
    await a.getByLabel("Nom et prénom").fill(ALICE.name);
    await a.getByLabel("Adresse e-mail").fill(ALICE.email);
    await a.getByLabel("Mot de passe").fill(ALICE.password);
    await a.getByRole("button", { name: "Créer un compte" }).click();
    await a.getByRole("heading", { name: "Mes référentiels" }).waitFor();
    await expectNoSeriousViolations(a, "home (empty)");

    await a.getByRole("button", { name: "Essayer la démo" }).click();
    await a.locator(".outline__row--bloc", { hasText: "BC01" }).waitFor();
    referentialUrl = a.url();
    expect(referentialUrl).toMatch(/#\/r\/[A-Za-z0-9_-]+$/);
    await a.getByRole("heading", { name: "Fiche du référentiel" }).waitFor();
    await screenshot(a, "02-referential-fiche");
    await expectNoSeriousViolations(a, "référentiel: fiche");

    await openTab(a, "Membres");
    await a.getByLabel("Adresse e-mail").fill(BRUNO.email);
    await a.getByLabel("Rôle", { exact: true }).selectOption("editor");
    await a.getByRole("button", { name: "Inviter" }).click();
    const link = (await a.locator(".invite-link code").textContent()) ?? "";
    expect(link).toMatch(/\/invitations\/[A-Za-z0-9_-]+$/);
    await screenshot(a, "03-members-invitation");
    await expectNoSeriousViolations(a, "members panel");

    await b.goto(link);
    await b.getByText(/Vous êtes invité·e à rejoindre/).waitFor();
    await expect(b.getByLabel("Adresse e-mail").inputValue()).resolves.toBe(BRUNO.email);
    await b.getByLabel("Nom et prénom").fill(BRUNO.name);
    await b.getByLabel("Mot de passe").fill(BRUNO.password);
    await screenshot(b, "04-sign-up-invitation");
    await b.getByRole("button", { name: "Créer un compte" }).click();
    const row = b.getByRole("row", { name: /Chef de projet marketing/ });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain("Rédacteur·rice");
    await screenshot(b, "05-home");
    await expectNoSeriousViolations(b, "home");
    await row.getByRole("link").click();
    await b.locator(".outline__row--bloc", { hasText: "BC01" }).waitFor();
  });

  it("shows A's typing and caret to B", async () => {
    await openBloc(a, "BC01");
    await openBloc(b, "BC01");
    await caretIn(a, "Compétence C1.1", "end");
    await a.keyboard.type(" Marqueur-A1", { delay: 20 });
    await eventually(
      () => fieldText(editorOf(b, "Compétence C1.1")),
      (text) => text.includes("Marqueur-A1"),
      "B to see A's text",
    );
    const caret = editorOf(b, "Compétence C1.1").locator(".collaboration-carets__label", {
      hasText: ALICE.name,
    });
    await caret.waitFor();
    await expect(b.locator(".presence__item").count()).resolves.toBeGreaterThan(0);
    await screenshot(b, "06-bloc-remote-caret");
    await expectNoSeriousViolations(b, "bloc table");
  });

  it("converges when both edit the same cell at once", async () => {
    await caretIn(a, "Compétence C1.2", "start");
    await caretIn(b, "Compétence C1.2", "end");
    await Promise.all([
      a.keyboard.type("[A-debut] ", { delay: 25 }),
      b.keyboard.type(" [B-fin]", { delay: 25 }),
    ]);
    const [textA, textB] = await eventually(
      () =>
        Promise.all([fieldText(editorOf(a, "Compétence C1.2")), fieldText(editorOf(b, "Compétence C1.2"))]),
      ([x, y]) => x === y && x.includes("[A-debut]") && x.includes("[B-fin]"),
      "both copies of C1.2 to converge",
    );
    expect(textA).toBe(textB);
    expect(textA.startsWith("[A-debut] ")).toBe(true);
    expect(textA.endsWith(" [B-fin]")).toBe(true);
  });

  it("keeps one copy, with B's text, when A moves a competency B is editing", async () => {
    await caretIn(b, "Compétence C1.6", "end");
    await mounted(a, "Compétence C1.6");
    const typing = b.keyboard.type(" ZQX-texte-de-B", { delay: 40 });
    await eventually(
      () => fieldText(editorOf(a, "Compétence C1.6")),
      (text) => text.includes("ZQX"),
      "A to see B start typing",
    );
    await card(a, "C1.6").getByRole("button", { name: "Actions pour Compétence C1.6" }).click();
    await a.getByRole("menuitem", { name: "Déplacer vers BC02" }).click();
    await typing;

    await openBloc(a, "BC01");
    await expect(a.locator("article.card", { hasText: "ZQX" }).count()).resolves.toBe(0);
    // B was typing in it: it stays under B's caret, saying where it went, until B follows it.
    await b.locator("article.card", { hasText: "ZQX" }).getByText("Déplacé vers BC02").waitFor();
    for (const page of [a, b]) {
      await openBloc(page, "BC02");
      await eventually(
        () => page.locator("article.card", { hasText: "ZQX" }).count(),
        (n) => n === 1,
        "the moved competency in BC02, once",
      );
    }
    const moved = (page: Page) =>
      fieldText(page.locator("article.card", { hasText: "ZQX" }).locator(".rich"));
    const [movedA, movedB] = await eventually(
      () => Promise.all([moved(a), moved(b)]),
      ([x, y]) => x === y,
      "both to agree on the moved competency's text",
    );
    expect(movedA).toContain("ZQX");
    expect(movedB).toBe(movedA);
  });

  it("lets a reviewer comment on a range but not change content; A replies and resolves", async () => {
    await openTab(a, "Membres");
    await a.getByLabel(`Rôle de ${BRUNO.name}`).selectOption("reviewer");
    await eventually(
      () => a.getByLabel(`Rôle de ${BRUNO.name}`).inputValue(),
      (role) => role === "reviewer",
      "the role change to be saved",
    );

    await b.reload();
    await b.locator(".ws-header .badge", { hasText: "Relecteur·rice" }).waitFor();
    await openBloc(b, "BC01");
    const field = await mounted(b, "Compétence C1.3");
    // Read-only, yet a caret field: a reviewer selects text from the keyboard to comment on it.
    await expect(field.getAttribute("aria-readonly")).resolves.toBe("true");
    const before = await fieldText(field);
    await field.click();
    // Typed by a reviewer, the text becomes a suggestion, every letter of it (« é » comes without a key
    // of its own on this keyboard layout, as from a dead key or an input method).
    await b.keyboard.type("ne doit pas s'écrire");
    await field.locator(".suggestion-ins", { hasText: "ne doit pas s'écrire" }).waitFor();
    await expect(fieldText(field)).resolves.toBe(before);
    await expect(b.getByLabel("Activité A1.1 — intitulé").getAttribute("readonly")).resolves.not.toBeNull();
    await expectNoSeriousViolations(b, "reviewer view");

    const quote = await field.evaluate((el) => {
      const text = el.querySelector("p")?.firstChild;
      if (!text) throw new Error("no text in C1.3");
      const range = document.createRange();
      range.setStart(text, 0);
      range.setEnd(text, 20);
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      return range.toString();
    });
    await b.locator(".comment-chip:not(.comment-chip--suggest)").click();
    await b.getByRole("blockquote").filter({ hasText: quote }).first().waitFor();
    await b.getByLabel("Votre commentaire").fill("Reformuler ce passage, svp.");
    await b.getByRole("button", { name: "Publier" }).click();
    await b.locator(".thread", { hasText: "Reformuler ce passage" }).waitFor();
    await b.locator(".comment-range").first().waitFor();
    await screenshot(b, "07-reviewer-comment");
    await expect(b.locator(".banner--error").count()).resolves.toBe(0);

    await openBloc(a, "BC01");
    await openTab(a, "Commentaires");
    const thread = a.locator(".thread", { hasText: "Reformuler ce passage" });
    await thread.waitFor();
    await expect(thread.textContent()).resolves.toContain(BRUNO.name);
    await (await mounted(a, "Compétence C1.3")).locator(".comment-range").waitFor();
    await thread.getByLabel("Répondre…").fill("D'accord, je reformule.");
    await thread.getByRole("button", { name: "Répondre" }).click();
    await thread.locator(".message", { hasText: "D'accord, je reformule." }).waitFor();
    await screenshot(a, "08-comments");
    await expectNoSeriousViolations(a, "comments panel");
    await thread.getByRole("button", { name: "Résoudre" }).click();

    await b.getByRole("radio", { name: "Tous" }).click();
    const seenByB = b.locator(".thread", { hasText: "Reformuler ce passage" });
    await seenByB.locator(".message", { hasText: "D'accord, je reformule." }).waitFor();
    await seenByB.locator(".badge", { hasText: "Résolu" }).waitFor();
  });

  it("says what each format holds before download, gives a Word draft, explains a refused XML and « Pourquoi ? »", async () => {
    await openTab(a, "Versions");
    await a.getByLabel("Nommer l'état actuel").fill("Brouillon e2e");
    await a.getByRole("button", { name: "Créer la version" }).click();
    const version = a.locator(".version", { hasText: "Brouillon e2e" });
    await version.waitFor();
    const dialog = a.getByRole("dialog");

    // The XML dialog lists what the flux cannot carry, before anything is downloaded.
    await version.getByRole("button", { name: "XML France Compétences", exact: true }).click();
    const misses = dialog.getByRole("list", { name: "Ce que ce format ne transporte pas" });
    await misses.getByText(/critères d'évaluation : le flux n'a pas de champ pour eux/).waitFor();
    await misses.getByText(/^Pas de code RNCP/).waitFor();
    await screenshot(a, "17-export-dialog-xml");
    await expectNoSeriousViolations(a, "export dialog");
    await dialog.getByRole("button", { name: "Télécharger" }).click();
    await version
      .locator(".export-result--error")
      .getByText(/renseignez le code RNCP/)
      .waitFor();

    const downloadOf = async (format: string) => {
      await version.getByRole("button", { name: format, exact: true }).click();
      const event = a.waitForEvent("download");
      await dialog.getByRole("button", { name: "Télécharger" }).click();
      const file = await event;
      return { name: file.suggestedFilename(), path: (await file.path()) ?? "" };
    };
    const caseFile = await downloadOf("CASE 1.1");
    expect(caseFile.name).toMatch(/_Brouillon-e2e-CASE_\d{4}-\d{2}-\d{2}\.json$/);
    const cfPackage = JSON.parse(readFileSync(caseFile.path, "utf8")) as {
      CFDocument: { title: string };
      CFItems: unknown[];
    };
    expect(cfPackage.CFDocument.title).toContain("Chef de projet");
    expect(cfPackage.CFItems.length).toBeGreaterThan(20);
    await version.getByText(`${caseFile.name} téléchargé.`).waitFor();

    // A version with errors still gives its Word document: a draft, said so before download.
    await version.getByRole("button", { name: "Word", exact: true }).click();
    await dialog.getByText(/le document sera un projet marqué « Projet — non validé »/).waitFor();
    const event = a.waitForEvent("download");
    await dialog.getByRole("button", { name: "Télécharger" }).click();
    expect((await event).suggestedFilename()).toMatch(/_Brouillon-e2e-projet_\d{4}-\d{2}-\d{2}\.docx$/);
    await screenshot(a, "18-versions-downloads");

    // « Pourquoi ? » of a validation issue: the rule, its source (undated: the flux specification is revised in place), an example.
    await openTab(a, "Validation");
    const issue = a.locator(".issues li", { has: a.locator('[data-rule="meta.required"]') }).first();
    await issue.getByRole("button", { name: "Pourquoi ?" }).click();
    const why = issue.locator(".why");
    await why.getByText("Source").waitFor();
    await expect(why.textContent()).resolves.toMatch(
      /SourceFrance compétences, flux XML.*version 4\.1Exemple correct/,
    );
    await screenshot(a, "19-validation-why");
    await expectNoSeriousViolations(a, "validation panel with « Pourquoi ? »");
  });

  it("shows a deleted last criterion as a blocking error, refuses the export, then exports once fixed", async () => {
    await a.getByRole("button", { name: "Fiche du référentiel" }).click();
    await a.getByLabel("Niveau").selectOption("NIV6");
    await a.getByRole("button", { name: "Ajouter un certificateur" }).click();
    await openTab(a, "Validation");
    await a.getByText("Aucune erreur bloquante").waitFor();

    await openBloc(a, "BC01");
    await card(a, "CR1.1").getByRole("button", { name: "Actions pour Critère CR1.1" }).click();
    await a.getByRole("menuitem", { name: "Supprimer…" }).click();
    await a.getByRole("dialog").getByRole("button", { name: "Supprimer" }).click();
    const issue = a.locator('.issue[data-rule="competency.evaluated"]', { hasText: "C1.1" });
    await issue.waitFor();
    await screenshot(a, "09-validation-error");
    await expectNoSeriousViolations(a, "validation panel");

    await openTab(a, "Versions");
    await a.locator(".export-box").getByRole("button", { name: "Instantané validé (JSON)" }).click();
    // Scoped to the export box: a refused Word download of an earlier version may still be shown.
    const refused = a.locator(".export-box .export-result--error");
    await refused.waitFor();
    const blocking = refused.locator(".issue", { hasText: "C1.1" });
    await blocking.waitFor();
    await blocking.click();
    await eventually(
      () => a.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? ""),
      (label) => label === "Compétence C1.1",
      "the focus in the faulty competency",
    );

    await a.getByRole("button", { name: "Annuler", exact: true }).first().click();
    await card(a, "CR1.1").waitFor();
    await openTab(a, "Validation");
    await a.getByText("Aucune erreur bloquante").waitFor();

    await openTab(a, "Versions");
    const download = a.waitForEvent("download");
    await a.locator(".export-box").getByRole("button", { name: "Instantané validé (JSON)" }).click();
    const file = await download;
    const shown = (await a.getByTestId("export-sha256").textContent())?.trim() ?? "";
    const bytes = readFileSync((await file.path()) ?? "");
    expect(shown).toMatch(/^[0-9a-f]{64}$/);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(shown);
    const snapshot = JSON.parse(bytes.toString("utf8")) as {
      format: string;
      referential: { nodes: unknown[] };
    };
    expect(snapshot.format).toBe("refstudio.snapshot");
    expect(snapshot.referential.nodes.length).toBeGreaterThan(50);
    await a.getByText("Empreinte vérifiée").waitFor();
    await screenshot(a, "10-versions-export");
    await expectNoSeriousViolations(a, "versions panel");
  });

  it("keeps A's offline edits and delivers them to B on reconnection", async () => {
    await openBloc(b, "BC01");
    await contextA.setOffline(true);
    await a.locator(".conn", { hasText: "Hors ligne" }).waitFor();
    await caretIn(a, "Compétence C1.4", "end");
    await a.keyboard.type(" Hors-ligne-A", { delay: 20 });
    await a.locator(".conn", { hasText: "Modifications conservées sur cet appareil" }).waitFor();
    await screenshot(a, "11-offline");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await expect(fieldText(await mounted(b, "Compétence C1.4"))).resolves.not.toContain("Hors-ligne-A");

    await contextA.setOffline(false);
    await a.locator(".conn", { hasText: "Connecté" }).waitFor({ timeout: 20_000 });
    await eventually(
      () => fieldText(editorOf(b, "Compétence C1.4")),
      (text) => text.includes("Hors-ligne-A"),
      "B to receive A's offline edit",
      20_000,
    );
  });

  it("reorders from the keyboard in the outline, for everyone", async () => {
    await openBloc(a, "BC01");
    const activities = (page: Page) =>
      page
        .locator(".outline__group", { hasText: "Activités" })
        .first()
        .locator(".outline__label")
        .allTextContents();
    const [first, second] = await activities(a);
    await a.locator(".outline__item .outline__entry", { hasText: "A1.1" }).focus();
    await a.keyboard.press("Alt+ArrowDown");
    await eventually(
      () => activities(a),
      (list) => list[0] === second && list[1] === first,
      "A1.1 to move down",
    );
    await expect(a.evaluate(() => document.activeElement?.textContent ?? "")).resolves.toContain(first ?? "");
    await openBloc(b, "BC01");
    await eventually(
      () => activities(b),
      (list) => list[0] === second && list[1] === first,
      "B to see the new order",
    );
  });

  it("keeps everything across a reload", async () => {
    for (const page of [a, b]) {
      await page.reload();
      await openBloc(page, "BC01");
      await mounted(page, "Compétence C1.4");
      await eventually(
        () =>
          Promise.all([
            fieldText(editorOf(page, "Compétence C1.1")),
            fieldText(editorOf(page, "Compétence C1.4")),
          ]),
        ([c11, c14]) => c11.includes("Marqueur-A1") && c14.includes("Hors-ligne-A"),
        "the edits after a reload",
      );
      await openBloc(page, "BC02");
      await page.locator("article.card", { hasText: "ZQX" }).waitFor();
      await openTab(page, "Commentaires");
      await page.getByRole("radio", { name: "Tous" }).click();
      await page.locator(".thread", { hasText: "D'accord, je reformule." }).waitFor();
    }
  });

  it("creates a blank référentiel and imports a snapshot from the home screen", async () => {
    await a.goto(`${server.url}/#/`);
    await a.getByRole("button", { name: "Nouveau référentiel" }).click();
    await a.getByRole("dialog").getByLabel("Intitulé").fill("Responsable de la transition écologique");
    await a.getByRole("dialog").getByRole("button", { name: "Créer" }).click();
    await a.getByRole("heading", { name: "Responsable de la transition écologique" }).waitFor();
    await expect(a.locator(".outline__row--bloc").count()).resolves.toBe(0);

    await a.goto(`${server.url}/#/`);
    await a.locator('input[type="file"][accept*="json"]').setInputFiles(SNAPSHOT_FIXTURE);
    await a.locator(".outline__row--bloc", { hasText: "BC04" }).waitFor();
    await a.goto(`${server.url}/#/`);
    await eventually(
      () => a.getByRole("row").count(),
      (rows) => rows === 4,
      "three référentiels (and the header row) on the home screen",
    );
    await screenshot(a, "13-home-list");
  });

  it("imports an RNCP fiche from France Compétences XML through the home screen", async () => {
    await a.goto(`${server.url}/#/`);
    await a.getByLabel("Importer une fiche RNCP (XML)").setInputFiles(RNCP_FIXTURE);
    const dialog = a.getByRole("dialog", { name: "Importer une fiche RNCP" });
    await dialog.getByLabel(/Rechercher parmi les \d+ fiches/).fill("37873");
    await dialog.getByText("1 fiche(s) affichée(s) sur 1 correspondante(s)").waitFor();
    await screenshot(a, "16-rncp-import-picker");
    await dialog.getByRole("button", { name: /RNCP37873/ }).click();
    // The fiche opens in the import preview: nothing is created before the user confirms.
    const preview = a.getByRole("dialog", { name: "Importer un référentiel" });
    const counts = preview.getByTestId("import-counts");
    await counts.waitFor();
    // Per bloc 4+4+3 competencies and 3+3+3 modalities, checked by hand in schema's rncpImport.test.ts.
    await expect(counts.textContent()).resolves.toMatch(
      /^Blocs : 3 · Activités : \d+ · Compétences : 11 · Modalités : 9/,
    );
    await expect(preview.getByLabel("Intitulé du bloc 1").inputValue()).resolves.toBe(
      "Développer une application sécurisée",
    );
    await screenshot(a, "15-rncp-import-preview");
    await expectNoSeriousViolations(a, "RNCP import preview");
    const listed = await a.evaluate(
      async () => (await (await fetch("/api/referentials")).json()).referentials.length,
    );

    // A correction, undone with Ctrl+Z: the preview is back as read.
    const competency = preview.getByRole("listitem", { name: "Compétence C1.1" });
    await competency.getByLabel("Colonne").selectOption("criterion");
    await expect(counts.textContent()).resolves.toContain("Compétences : 10");
    await a.keyboard.press("Control+z");
    await expect(counts.textContent()).resolves.toContain("Compétences : 11");
    expect(
      await a.evaluate(async () => (await (await fetch("/api/referentials")).json()).referentials.length),
    ).toBe(listed);

    await preview.getByRole("button", { name: "Créer le référentiel" }).click();
    await a.locator(".outline__row--bloc", { hasText: "RNCP37873BC01" }).waitFor();
    // The fiche's elements the studio does not model (partners, juries…) are in its XML export.
    const id = new URL(a.url()).hash.match(/#\/r\/([^/]+)/)?.[1];
    const xml = await a.evaluate(async (ref) => {
      const created = await fetch(`/api/referentials/${ref}/versions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "Import" }),
      });
      const version = (await created.json()) as { id: string };
      return (await fetch(`/api/referentials/${ref}/versions/${version.id}/export/xml`)).text();
    }, id);
    expect(xml).toContain("<NUMERO_FICHE>RNCP37873</NUMERO_FICHE>");
    expect(xml).toContain("<NOM_PARTENAIRE>3W ACADEMY</NOM_PARTENAIRE>");
    expect(xml).toContain("<SI_JURY_VAE>");
  });

  it("refuses a file that is not an RNCP export without creating anything", async () => {
    await a.goto(`${server.url}/#/`);
    const rows = await eventually(
      () => a.getByRole("row").count(),
      (count) => count > 1,
      "the list of référentiels",
    );
    await a.getByLabel("Importer une fiche RNCP (XML)").setInputFiles({
      name: "notes.xml",
      mimeType: "application/xml",
      buffer: Buffer.from("<?xml version='1.0'?><NOTES><NOTE>x</NOTE></NOTES>"),
    });
    const dialog = a.getByRole("dialog", { name: "Importer une fiche RNCP" });
    await dialog
      .getByRole("alert")
      .getByText(/n'est pas un export RNCP/)
      .waitFor();
    await dialog.getByRole("button", { name: "Fermer" }).click();
    await a.goto(`${server.url}/#/`);
    await a.getByRole("heading", { name: "Mes référentiels" }).waitFor();
    await expect(a.getByRole("row").count()).resolves.toBe(rows);
  });

  it("renders the coverage matrix and the sign-in screen without serious accessibility issues", async () => {
    await a.goto(referentialUrl);
    await a.getByRole("button", { name: "Matrice de couverture" }).click();
    await a.getByRole("heading", { name: "Matrice de couverture" }).waitFor();
    await screenshot(a, "12-coverage-matrix");
    await expectNoSeriousViolations(a, "coverage matrix");

    const fresh = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await fresh.newPage();
    await page.goto(server.url);
    await page.getByRole("heading", { name: "Connexion" }).waitFor();
    await screenshot(page, "00-sign-in");
    await expectNoSeriousViolations(page, "sign-in");
    await fresh.close();
    expect(pageErrors).toEqual([]);
  });
});
