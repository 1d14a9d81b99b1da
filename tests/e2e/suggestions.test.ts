import {
  addNode,
  fragmentToRich,
  nodeBody,
  nodesMap,
  nodeTitle,
  readSuggestions,
  richToPlain,
  updateNode,
} from "@refstudio/schema";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { addMembers, HttpClient, newAccount } from "../helpers/http-client.ts";
import { RawClient } from "../helpers/raw-client.ts";
import { type ServerProcess, startServer } from "../helpers/server.ts";
import {
  buildEditorOnce,
  chromiumAvailable,
  eventually,
  fieldText,
  launchBrowser,
  screenshot,
} from "./browser.ts";
import { mounted } from "./team.ts";

/**
 * Suggested edits in real browsers against the real server: suggest → accept with two people,
 * suggest → reply → reject with three, and a suggestion made outdated by a concurrent edit. Each
 * scenario has its own people and référentiel.
 */

const TEXT = "Analyser le marché afin de décider";
const FIELD = "Compétence C1.1";

let server: ServerProcess;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pages: Page[] = [];
const pageErrors: string[] = [];

type Person = { http: HttpClient; id: string; name: string; email: string };

async function person(name: string): Promise<Person> {
  const http = new HttpClient(server.url);
  const account = newAccount(name);
  const user = await http.signUp(account);
  return { http, id: user.id, name, email: account.email };
}

/** A référentiel owned by `owner` with one bloc and one competency, and its members. */
async function referential(owner: Person, members: [Person, string][]): Promise<string> {
  const id = await owner.http.createReferential({ title: "Suggestions" });
  await addMembers(
    owner.http,
    id,
    members.map(([who, role]) => [who.http, role] as const),
  );
  const seed = await RawClient.open(server.url, id, { cookie: owner.http.cookie, origin: server.url });
  await seed.synced;
  seed.sendEdit((doc) => {
    const bloc = addNode(doc, { kind: "bloc", title: "Piloter" }, { parent: null });
    addNode(doc, { kind: "competency", body: TEXT }, { parent: bloc });
  });
  const check = await RawClient.open(server.url, id, { cookie: owner.http.cookie, origin: server.url });
  await check.synced;
  check.close();
  seed.close();
  return id;
}

/** A browser page signed in as `who`, on the référentiel's bloc BC01. */
async function open(who: Person, id: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  context.setDefaultTimeout(15_000);
  const cookie = (who.http.cookie ?? "").split("=");
  await context.addCookies([{ name: "rs_session", value: cookie.slice(1).join("="), url: server.url }]);
  contexts.push(context);
  const page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(`${who.name}: ${error.message}`));
  pages.push(page);
  await page.goto(`${server.url}/#/r/${id}`);
  await page.locator(".outline__row--bloc .outline__entry", { hasText: "BC01" }).click();
  await page.locator(".bloc__code", { hasText: "BC01" }).waitFor();
  return page;
}

const field = (page: Page) => mounted(page, FIELD);

/** The field's own text (tracked changes, which are not text, left out). */
const ownText = async (page: Page) => fieldText(await field(page));

/** Selects a word of the field as a person would, then asks to suggest a change. */
async function suggest(page: Page, word: string, proposed: string, note = ""): Promise<void> {
  await selectWord(page, word);
  await page.locator(".comment-chip--suggest").click();
  await page.getByLabel("Texte proposé").fill(proposed);
  if (note) await page.getByLabel("Commentaire (facultatif)").fill(note);
  await page.getByRole("button", { name: "Proposer" }).click();
}

const suggestionCard = (page: Page) => page.locator("article.suggestion-card");

/** Selects a word of the field (focused, as a click would) so that what is typed next replaces it. */
async function selectWord(page: Page, word: string): Promise<void> {
  const editor = await field(page);
  await editor.click();
  await editor.evaluate((el, wanted) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent?.indexOf(wanted) ?? -1;
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + wanted.length);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
      return;
    }
    throw new Error(`« ${wanted} » absent`);
  }, word);
  // ProseMirror reads the selection from the DOM on selectionchange.
  await eventually(
    () => page.evaluate(() => window.getSelection()?.toString() ?? ""),
    (text) => text === word,
    "the selection",
  );
}

/** The server's copy: the competency's text and bloc's title, and its suggestions. */
async function serverState(who: Person, id: string) {
  const client = await RawClient.open(server.url, id, { cookie: who.http.cookie, origin: server.url });
  await client.synced;
  const maps = [...nodesMap(client.doc).values()];
  const competency = maps.find((map) => map.get("kind") === "competency");
  const bloc = maps.find((map) => map.get("kind") === "bloc");
  const state = {
    text: competency ? richToPlain(fragmentToRich(nodeBody(competency))) : "",
    title: bloc ? nodeTitle(bloc).toString() : "",
    suggestions: readSuggestions(client.doc),
  };
  client.close();
  return state;
}

async function openComments(page: Page): Promise<void> {
  await page.getByRole("tab", { name: /^Commentaires/ }).click();
}

describe.skipIf(!chromiumAvailable())("suggested edits in real browsers", () => {
  beforeAll(async () => {
    buildEditorOnce();
    server = await startServer({ SIGNUP: "open" });
    browser = await launchBrowser();
  }, 180_000);

  afterEach(async ({ task }) => {
    if (task.result?.state === "fail") {
      const name = task.name.replace(/[^a-z0-9]+/gi, "-").slice(0, 40);
      for (const [i, page] of pages.entries())
        await screenshot(page, `failed-${name}-${i}`).catch(() => undefined);
    }
    for (const context of contexts.splice(0)) await context.close();
    pages.length = 0;
    expect(pageErrors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it("a reviewer suggests, the owner sees it as a tracked change and accepts it", async () => {
    const alice = await person("Alice");
    const bruno = await person("Bruno");
    const id = await referential(alice, [[bruno, "reviewer"]]);
    const a = await open(alice, id);
    const b = await open(bruno, id);

    await suggest(b, "marché", "secteur", "Plus précis");
    await suggestionCard(b).filter({ hasText: "secteur" }).waitFor();

    // Alice sees the change inline: the old word struck, the new one underlined, in Bruno's colour.
    const editor = await field(a);
    await editor.locator(".suggestion-ins", { hasText: "secteur" }).waitFor();
    await expect(editor.locator(".suggestion-del").textContent()).resolves.toBe("marché");
    await expect(ownText(a)).resolves.toBe(TEXT);
    await openComments(a);
    const card = suggestionCard(a).filter({ hasText: "secteur" });
    await card.getByText("Plus précis").waitFor();
    await screenshot(a, "suggestion-01-tracked-change");
    await card.getByRole("button", { name: "Accepter" }).click();

    for (const page of [a, b]) {
      await eventually(
        () => ownText(page),
        (text) => text === "Analyser le secteur afin de décider",
        "the accepted text",
      );
    }
    await openComments(b);
    await b.getByRole("radio", { name: "Tous" }).click();
    await suggestionCard(b).getByText("Acceptée par Alice").waitFor();
    await expect((await field(a)).locator(".suggestion-ins").count()).resolves.toBe(0);
    await screenshot(b, "suggestion-02-accepted");
  });

  it("three people: a reviewer suggests, an editor replies, the owner rejects; the text stays", async () => {
    const emma = await person("Emma");
    const denis = await person("Denis");
    const claire = await person("Claire");
    const id = await referential(emma, [
      [denis, "editor"],
      [claire, "reviewer"],
    ]);
    const c = await open(claire, id);
    const d = await open(denis, id);
    const e = await open(emma, id);

    await suggest(c, "afin de décider", "");
    await (await field(d)).locator(".suggestion-del", { hasText: "afin de décider" }).waitFor();
    await openComments(d);
    const cardD = suggestionCard(d).filter({ hasText: "afin de décider" });
    await cardD.getByLabel("Répondre…").fill("Je préfère garder la finalité.");
    await cardD.getByRole("button", { name: "Répondre" }).click();

    await openComments(e);
    const cardE = suggestionCard(e).filter({ hasText: "afin de décider" });
    await cardE.getByText("Je préfère garder la finalité.").waitFor();
    await cardE.getByRole("button", { name: "Refuser" }).click();

    await openComments(c);
    await c.getByRole("radio", { name: "Tous" }).click();
    await suggestionCard(c).getByText("Refusée par Emma").waitFor();
    for (const page of [c, d, e]) {
      await eventually(
        () => ownText(page),
        (text) => text === TEXT,
        "the text unchanged",
      );
      await eventually(
        async () => (await field(page)).locator(".suggestion-del").count(),
        (n) => n === 0,
        "no tracked change left",
      );
    }
    // Claire is told in the bell: her suggestion was rejected (and Denis replied).
    await c.reload();
    await eventually(
      () => c.locator(".bell button").first().textContent(),
      (text) => /Notifications\s*\d+\s*non lues/.test(text ?? ""),
      "Claire's unread notifications",
    );
    await c.getByRole("button", { name: /^Notifications/ }).click();
    await c.getByRole("link", { name: /Emma a refusé votre suggestion/ }).waitFor();
    await screenshot(c, "suggestion-03-rejected-bell");
  });

  it("a suggestion whose text was changed meanwhile is shown outdated and cannot be accepted", async () => {
    const owner = await person("Olga");
    const reviewer = await person("Rémi");
    const editor = await person("Edith");
    const id = await referential(owner, [
      [reviewer, "reviewer"],
      [editor, "editor"],
    ]);
    const r = await open(reviewer, id);
    const o = await open(owner, id);
    await suggest(r, "marché", "secteur");
    await (await field(o)).locator(".suggestion-ins", { hasText: "secteur" }).waitFor();

    // Meanwhile the editor rewrites that sentence from another client.
    const client = await RawClient.open(server.url, id, { cookie: editor.http.cookie, origin: server.url });
    await client.synced;
    client.sendEdit((doc) => {
      const [node] = [...doc.getMap("nodes").entries()].filter(
        ([, map]) => (map as { get(key: string): unknown }).get("kind") === "competency",
      );
      if (node) updateNode(doc, node[0], { body: "Analyser le grand marché afin de décider" });
    });

    await openComments(o);
    const card = suggestionCard(o).filter({ hasText: "secteur" });
    await card.getByText("Obsolète").waitFor();
    await expect(card.getByRole("button", { name: "Accepter" }).isDisabled()).resolves.toBe(true);
    await eventually(
      () => ownText(o),
      (text) => text === "Analyser le grand marché afin de décider",
      "the edit",
    );
    await expect((await field(o)).locator(".suggestion-ins").count()).resolves.toBe(0);
    await screenshot(o, "suggestion-04-outdated");
    client.close();
    await expect(fieldText(await field(r))).resolves.toContain("grand marché");
  });

  it("a reviewer types a replacement in the text; an editor accepts it from the keyboard: applied, attributed", async () => {
    const alice = await person("Alix");
    const bruno = await person("Basile");
    const denis = await person("Daphné");
    const id = await referential(alice, [
      [bruno, "reviewer"],
      [denis, "editor"],
    ]);
    const b = await open(bruno, id);
    const d = await open(denis, id);

    // Basile selects « marché » and types over it, with a typo he takes back: one suggestion.
    await selectWord(b, "marché");
    await b.keyboard.type("secteurs");
    await b.keyboard.press("Backspace");
    const own = await field(b);
    await own.locator(".suggestion-ins", { hasText: /^secteur$/ }).waitFor();
    await expect(own.locator(".suggestion-del").textContent()).resolves.toBe("marché");
    await expect(ownText(b)).resolves.toBe(TEXT);

    // On the server: the content is untouched, one open suggestion signed by Basile.
    const before = await eventually(
      () => serverState(alice, id),
      (state) => state.suggestions[0]?.text === "secteur",
      "the suggestion on the server",
    );
    expect(before.text).toBe(TEXT);
    expect(before.suggestions).toHaveLength(1);
    expect(before.suggestions[0]).toMatchObject({
      kind: "replace",
      original: "marché",
      author: bruno.id,
      status: "open",
    });

    // A second one: words typed at the end of the statement.
    await own.press("Control+End");
    await b.keyboard.type(" vite");
    await own.locator(".suggestion-ins", { hasText: "vite" }).waitFor();

    // Daphné sees them inline and goes through them with the keyboard: the « Raccourcis » dialog
    // lists the keys; Alt+Shift+N / P move between suggestions, Alt+Shift+A accepts, R rejects.
    const editor = await field(d);
    await editor.locator(".suggestion-ins", { hasText: "vite" }).waitFor();
    await screenshot(b, "suggestion-05-typed-by-reviewer");
    await d.locator("#centre").focus();
    await d.keyboard.press("?");
    const dialog = d.getByRole("dialog", { name: "Raccourcis clavier" });
    await dialog.getByText("Accepter la suggestion affichée (propriétaires et éditeurs)").waitFor();
    await dialog.getByText("Refuser la suggestion affichée (propriétaires et éditeurs)").waitFor();
    await dialog.getByRole("button", { name: "Fermer" }).click();
    const active = d.locator("article.suggestion-card.is-active");
    await d.locator("body").press("Alt+Shift+N");
    await active.filter({ hasText: "secteur" }).waitFor();
    await d.locator("body").press("Alt+Shift+N");
    await active.filter({ hasText: "vite" }).waitFor();
    await d.locator("body").press("Alt+Shift+P");
    await active.filter({ hasText: "secteur" }).getByText("Proposée par Basile").waitFor();
    await screenshot(d, "suggestion-06-typed-panel");
    await d.locator("body").press("Alt+Shift+A");
    // The next one is shown: rejected from the keyboard too.
    await active.filter({ hasText: "vite" }).waitFor();
    await d.locator("body").press("Alt+Shift+R");
    for (const page of [b, d]) {
      await eventually(
        () => ownText(page),
        (text) => text === "Analyser le secteur afin de décider",
        "the accepted text",
      );
    }
    const after = await serverState(alice, id);
    expect(after.text).toBe("Analyser le secteur afin de décider");
    const decided = Object.fromEntries(after.suggestions.map((one) => [one.text, one]));
    expect(decided.secteur).toMatchObject({ status: "accepted", author: bruno.id, decidedBy: denis.id });
    expect(decided[" vite"]).toMatchObject({ status: "rejected", author: bruno.id, decidedBy: denis.id });
  });

  it("an editor in « Suggérer » mode types in a bloc's title; the owner accepts it", async () => {
    const emma = await person("Elise");
    const denis = await person("Damien");
    const id = await referential(emma, [[denis, "editor"]]);
    const d = await open(denis, id);
    const e = await open(emma, id);

    await d.getByRole("radio", { name: "Suggérer" }).click();
    const title = d.getByLabel("Intitulé du bloc BC01");
    await title.click();
    await title.press("End");
    await d.keyboard.type(" et suivre");
    await expect(title.inputValue()).resolves.toBe("Piloter");
    await d.locator(".title-changes ins", { hasText: "et suivre" }).waitFor();

    await e.locator(".title-changes ins", { hasText: "et suivre" }).waitFor();
    await expect(e.getByLabel("Intitulé du bloc BC01").inputValue()).resolves.toBe("Piloter");
    await screenshot(e, "suggestion-07-title");
    await openComments(e);
    await suggestionCard(e)
      .filter({ hasText: "et suivre" })
      .getByRole("button", { name: "Accepter" })
      .click();
    for (const page of [d, e]) {
      await eventually(
        () => page.getByLabel("Intitulé du bloc BC01").inputValue(),
        (value) => value === "Piloter et suivre",
        "the accepted title",
      );
    }
    await expect(d.locator(".title-changes").count()).resolves.toBe(0);
    const after = await serverState(emma, id);
    expect(after.title).toBe("Piloter et suivre");
    expect(after.suggestions[0]).toMatchObject({ status: "accepted", author: denis.id, decidedBy: emma.id });
  });
});
