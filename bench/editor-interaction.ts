import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Page } from "playwright-core";
import { onEditorStage, openFirstBloc } from "./render.ts";
import { type Summary, summarize } from "./stats.ts";

/**
 * Issue 13, in the browser on the large référentiel of DESIGN §9:
 *   - entry bundle: the gzip size of what index.html loads before anything is opened (its
 *     scripts, module preloads and styles), from a fresh Vite build of the editor;
 *   - keystroke to screen for a remote peer: A types in a competency, B (another browser
 *     context on the same page) sees each character; timed with the pages' shared clock
 *     (`performance.timeOrigin + performance.now()`), from A's keydown to B's DOM mutation;
 *   - search per keystroke: in the search dialog (Ctrl+F), from a character typed in the query
 *     to the results of that query on screen, for each prefix of a query.
 */

export const KEYSTROKES = 40;
/** The field typed into: the first competency of the first bloc. */
const FIRST_COMPETENCY = '.ProseMirror[aria-label="Compétence C1.1"]';
const QUERY = "stratégie adaptée en";

export type InteractionResult = {
  entryGzipBytes: number;
  entryFiles: string[];
  keystrokeToScreen: Summary;
  searchKeystroke: Summary;
};

/** The files index.html loads at once (not the lazy chunks), and their gzip size. */
export async function entryBundle(dist: string): Promise<{ bytes: number; files: string[] }> {
  const html = await readFile(join(dist, "index.html"), "utf8");
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map(
    (m) => m[1] as string,
  );
  let bytes = 0;
  for (const file of files) bytes += gzipSync(await readFile(join(dist, file)), { level: 9 }).length;
  return { bytes, files };
}

/** In B's page: notes when each marker character appears in C1.1 (absolute time). */
const WATCH_REMOTE = `(() => {
  const field = document.querySelector('.ProseMirror[aria-label="Compétence C1.1"]');
  const seen = [];
  window.__seen = seen;
  let last = 0;
  new MutationObserver(() => {
    const count = (field.textContent.match(/~/g) || []).length;
    while (last < count) { last += 1; seen.push(performance.timeOrigin + performance.now()); }
  }).observe(field, { subtree: true, characterData: true, childList: true });
})()`;

/** In A's page: notes when each marker key is pressed (absolute time). */
const WATCH_KEYS = `(() => {
  const sent = [];
  window.__sent = sent;
  document.addEventListener("keydown", (event) => {
    if (event.key === "~") sent.push(performance.timeOrigin + performance.now());
  }, true);
})()`;

/** In the search dialog: from each keydown to the results of the query as typed being shown. */
const WATCH_SEARCH = `(() => {
  const times = [];
  window.__search = times;
  const input = document.querySelector(".search__input");
  const list = document.querySelector(".search__results");
  let typedAt = 0;
  // "input", not "keydown": accented letters are typed without a key event.
  document.addEventListener("input", () => { typedAt = performance.now(); }, true);
  new MutationObserver(() => {
    if (typedAt && list.dataset.query === input.value) {
      times.push(performance.now() - typedAt);
      typedAt = 0;
    }
  }).observe(list, { attributes: true, attributeFilter: ["data-query"], childList: true, subtree: true });
})()`;

const count = (page: Page, name: string) => page.evaluate(`window.${name}.length`) as Promise<number>;
const values = (page: Page, name: string) => page.evaluate(`window.${name}`) as Promise<number[]>;

async function keystrokeToScreen(a: Page, b: Page): Promise<number[]> {
  await b.evaluate(WATCH_REMOTE);
  await a.evaluate(WATCH_KEYS);
  const field = a.locator(FIRST_COMPETENCY);
  await field.click();
  await a.keyboard.press("Control+End");
  for (let i = 0; i < KEYSTROKES; i++) {
    await a.keyboard.type("~");
    await b.waitForFunction(`window.__seen.length >= ${i + 1}`, undefined, { timeout: 10_000 });
  }
  const sent = await values(a, "__sent");
  const seen = await values(b, "__seen");
  if (sent.length !== KEYSTROKES) throw new Error(`${sent.length} frappes notées sur ${KEYSTROKES}`);
  return sent.map((at, i) => (seen[i] ?? Number.POSITIVE_INFINITY) - at);
}

async function searchKeystrokes(page: Page): Promise<number[]> {
  await page.keyboard.press("Control+f");
  const box = page.locator(".search__input");
  await box.waitFor();
  await page.evaluate(WATCH_SEARCH);
  for (let run = 0; run < 3; run++) {
    await box.fill("");
    await page.waitForFunction(`document.querySelector(".search__results").dataset.query === ""`);
    for (const char of QUERY) {
      const before = await count(page, "__search");
      await page.keyboard.type(char);
      await page.waitForFunction(`window.__search.length > ${before}`, undefined, { timeout: 10_000 });
    }
  }
  return values(page, "__search");
}

/**
 * `dist`: measure an editor already built there (e.g. an older commit's, for a before/after)
 * instead of building the current sources; `search: false` for an editor without search.
 */
export function measureEditorInteraction(
  options: { dist?: string; search?: boolean } = {},
): Promise<InteractionResult> {
  return onEditorStage(options.dist, async ({ server, id, browser, dist }) => {
    const entry = await entryBundle(dist);
    const a = await openFirstBloc(browser, server, id, FIRST_COMPETENCY);
    const b = await openFirstBloc(browser, server, id, FIRST_COMPETENCY);
    await b.locator(FIRST_COMPETENCY).scrollIntoViewIfNeeded();
    const latencies = await keystrokeToScreen(a, b);
    const search = options.search === false ? [] : await searchKeystrokes(b);
    return {
      entryGzipBytes: entry.bytes,
      entryFiles: entry.files,
      keystrokeToScreen: summarize(latencies),
      searchKeystroke: summarize(search),
    };
  });
}
