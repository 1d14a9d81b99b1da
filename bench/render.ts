import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { nodesMap } from "@refstudio/schema";
import { type Browser, chromium, type Page } from "playwright-core";
import * as Y from "yjs";
import { ProtocolClient } from "./clients.ts";
import { buildLargeReferential } from "./large-referential.ts";
import { sleep } from "./latency.ts";
import { type OurServer, startOurs } from "./servers.ts";
import { median } from "./stats.ts";

/**
 * DESIGN §9 / issue 5: the editor opening the large référentiel in Chromium, served by our server.
 * The editor is built (Vite) into a temporary folder that the server serves, the large
 * référentiel (with its 50,000-keystroke history) is pushed to a blank référentiel through the
 * sync protocol, then each run opens its page in a fresh browser context (cold cache, empty
 * IndexedDB) and reads:
 *   - first contentful paint (`first-contentful-paint` performance entry);
 *   - time to interactive: from navigation start until the first rich-text cell of the first
 *     bloc's table is editable, clicking the first bloc in the outline as soon as it appears
 *     (the page opens on the fiche). Both are timed inside the page.
 */

export const CHROMIUM = "/usr/bin/chromium";
/** Headless Chromium as the tests run it (no sandbox, GPU or background traffic). */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];
const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const RENDER_RUNS = 3;
const BLOC_ENTRY = ".outline__bloc .outline__entry";
const FIRST_CELL = '.table4 [contenteditable="true"]';
const run = promisify(execFile);

export type RenderResult = { fcp: number; interactive: number; runs: { fcp: number; interactive: number }[] };

/** Runs in the page before its own scripts: clicks the first bloc once listed, notes when a cell is editable. */
const WATCHER = `(() => {
  const state = { blocClickedAt: null, editableAt: null };
  window.__bench = state;
  const check = () => {
    if (state.blocClickedAt === null) {
      const entry = document.querySelector(${JSON.stringify(BLOC_ENTRY)});
      if (!entry) return;
      state.blocClickedAt = performance.now();
      entry.click();
    }
    if (state.editableAt === null && document.querySelector(${JSON.stringify(FIRST_CELL)})) {
      state.editableAt = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ["contenteditable"] });
})();`;

/** The current editor sources, built into a folder of the bench (editor/dist is left alone). */
export async function buildEditor(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), "refstudio-bench-editor-"));
  try {
    await run(
      "pnpm",
      [
        "--filter",
        "@refstudio/editor",
        "exec",
        "vite",
        "build",
        "--outDir",
        outDir,
        "--emptyOutDir",
        "--logLevel",
        "error",
      ],
      { cwd: ROOT, timeout: 60_000, killSignal: "SIGKILL" },
    );
    return outDir;
  } catch (error) {
    await rm(outDir, { recursive: true, force: true });
    throw new Error(`construction de l'éditeur impossible : ${(error as Error).message.slice(0, 500)}`);
  }
}

/** A blank référentiel on the server, filled with the large one in a single update (the history included). */
export async function createLargeReferential(server: OurServer): Promise<string> {
  const [document] = await server.createDocuments(1);
  const writer = await ProtocolClient.connect(document!.writer, { name: "import", doc: new Y.Doc() });
  try {
    const scratch = new Y.Doc();
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(writer.doc!));
    buildLargeReferential({ doc: scratch });
    Y.applyUpdate(writer.doc!, Y.encodeStateAsUpdate(scratch, Y.encodeStateVector(writer.doc!)));
    const expected = nodesMap(scratch).size;
    // The server has it once a new client syncs it whole.
    for (let attempt = 0; attempt < 50; attempt++) {
      const check = await ProtocolClient.connect(document!.writer, {
        name: "vérification",
        doc: new Y.Doc(),
      });
      const nodes = nodesMap(check.doc!).size;
      check.close();
      if (nodes === expected) return document!.id;
      if (writer.closedBy) throw new Error(`le serveur a refusé le grand référentiel (${writer.closedBy})`);
      await sleep(200);
    }
    throw new Error("le grand référentiel n'est pas arrivé sur le serveur");
  } finally {
    writer.close();
  }
}

/** What an editor measure runs on: our server serving the editor, the large référentiel on it, Chromium. */
export type EditorStage = { server: OurServer; id: string; browser: Browser; dist: string };

/**
 * Runs `measure` on a stage set up for it and takes the stage down after. `dist`: an editor
 * already built there (e.g. an older commit's, for a before/after); default: the current sources.
 */
export async function onEditorStage<T>(
  dist: string | undefined,
  measure: (stage: EditorStage) => Promise<T>,
): Promise<T> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} absent`);
  const editorDist = dist ?? (await buildEditor());
  try {
    const server = await startOurs({ editorDist });
    try {
      const id = await createLargeReferential(server);
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      try {
        return await measure({ server, id, browser, dist: editorDist });
      } finally {
        await browser.close();
      }
    } finally {
      await server.stop();
    }
  } finally {
    if (!dist) await rm(editorDist, { recursive: true, force: true });
  }
}

export function measureRender(dist?: string): Promise<RenderResult> {
  return onEditorStage(dist, async ({ server, id, browser }) => {
    const runs: RenderResult["runs"] = [];
    for (let i = 0; i < RENDER_RUNS; i++) runs.push(await openPage(browser, server, id));
    return {
      fcp: median(runs.map((r) => r.fcp)),
      interactive: median(runs.map((r) => r.interactive)),
      runs,
    };
  });
}

/** A page signed in as the bench's writer on our server; only the server on 127.0.0.1 is reachable. */
export async function signedInPage(browser: Browser, server: OurServer): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.route(
    (url) => url.hostname !== "127.0.0.1",
    (route) => route.abort(),
  );
  const [name, value] = server.sessionCookie.split("=") as [string, string];
  await context.addCookies([{ name, value, url: server.origin, httpOnly: true, sameSite: "Lax" }]);
  return context.newPage();
}

/** A signed-in page on the référentiel `id` with its first bloc open, once `ready` is in it. */
export async function openFirstBloc(
  browser: Browser,
  server: OurServer,
  id: string,
  ready: string,
): Promise<Page> {
  const page = await signedInPage(browser, server);
  await page.goto(`${server.origin}/#/r/${id}`);
  await page.locator(".outline__bloc .outline__entry").first().click();
  await page.locator(ready).waitFor({ timeout: 30_000 });
  return page;
}

async function openPage(
  browser: Browser,
  server: OurServer,
  id: string,
): Promise<{ fcp: number; interactive: number }> {
  const page = await signedInPage(browser, server);
  try {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.addInitScript(WATCHER);
    await page.goto(`${server.origin}/#/r/${id}`, { waitUntil: "commit" });
    try {
      await page.waitForFunction(
        () => {
          const bench = (globalThis as { __bench?: { editableAt: number | null } }).__bench;
          return bench?.editableAt != null;
        },
        undefined,
        { timeout: 30_000 },
      );
    } catch {
      throw new Error(
        `aucune cellule éditable (${FIRST_CELL}) après 30 s${errors.length ? ` ; erreurs : ${errors.join(" | ")}` : ""}`,
      );
    }
    return await page.evaluate(() => {
      const paint = performance.getEntriesByName("first-contentful-paint")[0];
      const bench = (globalThis as unknown as { __bench: { editableAt: number } }).__bench;
      return { fcp: paint ? paint.startTime : Number.NaN, interactive: bench.editableAt };
    });
  } finally {
    await page.context().close();
  }
}
