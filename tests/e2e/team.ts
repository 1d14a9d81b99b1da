import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { addMembers, HttpClient, newAccount } from "../helpers/http-client.ts";
import { type ServerProcess, startServer } from "../helpers/server.ts";
import { buildEditorOnce, chromiumAvailable, launchBrowser } from "./browser.ts";

/**
 * The server of a scenario file, open to sign-ups, serving this tree's editor (built once for
 * every file). `E2E_EDITOR_DIST` serves another build instead (e.g. of an older commit, to check
 * that a test fails there).
 */
export async function startScenarioServer(): Promise<ServerProcess> {
  const dist = process.env.E2E_EDITOR_DIST;
  if (!dist) buildEditorOnce();
  return startServer({ SIGNUP: "open", ...(dist ? { EDITOR_DIST: dist } : {}) });
}

/** What the scenarios of one file share: their server and browser. */
export type Stage = { server: ServerProcess; browser: Browser };

/**
 * Starts the stage before the file's first scenario (when Chromium is there) and stops it after
 * the last; read `stage.server` and `stage.browser` inside scenarios.
 */
export function scenarioStage(): Stage {
  const stage = {} as Stage;
  beforeAll(async () => {
    if (!chromiumAvailable()) return;
    stage.server = await startScenarioServer();
    stage.browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await stage.browser?.close();
    await stage.server?.dispose();
  });
  return stage;
}

/**
 * Independent end-to-end scenarios: each makes its own people (accounts through the API, on a
 * server started with SIGNUP=open) and its own référentiel, then opens browser pages as them.
 */

export type Person = { name: string; id: string; http: HttpClient; cookie: string };
export type Role = "owner" | "editor" | "reviewer" | "viewer";

/** People with their display names (the name shown to others in presence and comments). */
export async function people<const Names extends readonly string[]>(
  server: ServerProcess,
  names: Names,
): Promise<{ [K in keyof Names]: Person }> {
  const out: Person[] = [];
  for (const name of names) {
    const http = new HttpClient(server.url);
    const account = { ...newAccount("e2e"), name };
    const user = await http.signUp(account);
    out.push({ name, id: user.id, http, cookie: http.cookie ?? "" });
  }
  // One person per name, in order.
  return out as { [K in keyof Names]: Person };
}

/** A référentiel owned by `owner` (the demo unless `body` says otherwise), shared with `members`. */
export async function shareReferential(
  owner: Person,
  members: [Person, Role][],
  body: unknown = { demo: true },
): Promise<string> {
  const id = await owner.http.createReferential(body);
  await addMembers(
    owner.http,
    id,
    members.map(([member, role]) => [member.http, role] as const),
  );
  return id;
}

export type Viewport = { width: number; height: number };

/** A browser page signed in as `who`, at `path` (e.g. `/#/r/<id>/b/<bloc>`). */
export async function pageAs(
  { browser, server }: Stage,
  who: Person,
  path: string,
  viewport: Viewport = { width: 1440, height: 900 },
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, permissions: ["clipboard-read", "clipboard-write"] });
  context.setDefaultTimeout(15_000);
  const [name, value] = who.cookie.split("=") as [string, string];
  await context.addCookies([{ name, value, url: server.url, httpOnly: true, sameSite: "Lax" }]);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${server.url}${path}`);
  return { context, page, errors };
}

/** Waits until the référentiel page shows its outline (the document is loaded). */
export async function loaded(page: Page): Promise<void> {
  await page.locator(".outline__row--bloc").first().waitFor();
}

export const editorOf = (page: Page, label: string) => page.locator(`.ProseMirror[aria-label="${label}"]`);

/** The card of an item by its code (e.g. "C1.6"). */
export const card = (page: Page, code: string) =>
  page.locator("article.card").filter({
    has: page.locator(".card__code", { hasText: new RegExp(`^\\S*\\s*${code.replace(".", "\\.")}$`) }),
  });

export async function openBloc(page: Page, code: string): Promise<void> {
  await page.locator(".outline__row--bloc .outline__entry", { hasText: code }).click();
  await page.locator(".bloc__code", { hasText: code }).waitFor();
}

/** Scrolls a rich-text field into view, which mounts its editor, and returns the editor. */
export async function mounted(page: Page, label: string) {
  await page.locator(`[aria-label="${label}"]`).first().scrollIntoViewIfNeeded();
  const field = editorOf(page, label);
  await field.waitFor();
  return field;
}

export async function caretAtEnd(page: Page, label: string): Promise<void> {
  const field = await mounted(page, label);
  await field.click();
  await page.keyboard.press("Control+End");
}
