import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { onEditorStage, openFirstBloc } from "./render.ts";
import { type Summary, summarize } from "./stats.ts";

/**
 * Issue 13 / DESIGN §9: the « Tableau » view of a bloc stays as fluid as the card view on the
 * large référentiel. In one page on its first bloc (12 items a column, 10 criteria):
 *   - switching: from the click on « Tableau » (or « Cartes ») to the first editable cell of that
 *     view painted (the frame after it is in the DOM), SWITCHES times each way;
 *   - typing: KEYS characters typed one at a time at the end of competency C1.1, each timed from
 *     its keydown to the frame painted after the character is in the field's DOM; in the card
 *     view, then in the « Tableau » view, same field, same page.
 * Run alone: `pnpm --filter @refstudio/bench exec tsx editor-table.ts [editor dist]`.
 */

export const SWITCHES = 8;
export const TABLE_KEYS = 40;
const FIELD = '.ProseMirror[aria-label="Compétence C1.1"]';
const VIEW_CELL = {
  table: '.tv [contenteditable="true"]',
  cards: '.table4 [contenteditable="true"]',
} as const;
const MODE_LABEL = { table: "Tableau", cards: "Cartes" } as const;

export type TableViewResult = {
  toTable: Summary;
  toCards: Summary;
  typingCards: Summary;
  typingTable: Summary;
};

/** In the page: clicks a view's button and resolves with the time until that view's first cell is painted. */
const SWITCH = `async ([label, cell]) => {
  const button = [...document.querySelectorAll(".bloc-mode button")].find((b) => b.textContent.includes(label));
  if (!button) throw new Error("no button " + label);
  const started = performance.now();
  button.click();
  await new Promise((resolve) => {
    if (document.querySelector(cell)) return resolve();
    const observer = new MutationObserver(() => {
      if (document.querySelector(cell)) { observer.disconnect(); resolve(); }
    });
    observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["contenteditable"] });
  });
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  return performance.now() - started;
}`;

/** In the page: from each "~" keydown to the frame painted after it shows in the field. */
const WATCH_TYPING = `(selector) => {
  const field = document.querySelector(selector);
  const times = [];
  window.__typing = times;
  const pressed = [];
  let shown = (field.textContent.match(/~/g) || []).length;
  document.addEventListener("keydown", (event) => {
    if (event.key === "~") pressed.push(performance.now());
  }, true);
  new MutationObserver(() => {
    const count = (field.textContent.match(/~/g) || []).length;
    while (shown < count) {
      const at = pressed.shift();
      shown += 1;
      if (at !== undefined) requestAnimationFrame(() => setTimeout(() => times.push(performance.now() - at), 0));
    }
  }).observe(field, { subtree: true, characterData: true, childList: true });
}`;

async function switchTime(page: Page, mode: "table" | "cards"): Promise<number> {
  return page.evaluate(
    `(${SWITCH})(${JSON.stringify([MODE_LABEL[mode], VIEW_CELL[mode]])})`,
  ) as Promise<number>;
}

async function typing(page: Page, view: "table" | "cards"): Promise<number[]> {
  const selector = `${view === "table" ? ".tv" : ".table4"} ${FIELD}`;
  const field = page.locator(selector);
  await field.scrollIntoViewIfNeeded();
  await field.click();
  await page.keyboard.press("Control+End");
  await page.evaluate(`(${WATCH_TYPING})(${JSON.stringify(selector)})`);
  for (let i = 0; i < TABLE_KEYS; i++) {
    await page.keyboard.type("~");
    await page.waitForFunction(`window.__typing.length >= ${i + 1}`, undefined, { timeout: 10_000 });
  }
  return page.evaluate("window.__typing") as Promise<number[]>;
}

/** `dist`: an editor already built there (e.g. an older commit's); default: the current sources. */
export function measureTableView(dist?: string): Promise<TableViewResult> {
  return onEditorStage(dist, async ({ server, id, browser }) => {
    const page = await openFirstBloc(browser, server, id, `.table4 ${FIELD}`);
    const typingCards = await typing(page, "cards");
    const toTable: number[] = [];
    const toCards: number[] = [];
    for (let i = 0; i < SWITCHES; i++) {
      toTable.push(await switchTime(page, "table"));
      toCards.push(await switchTime(page, "cards"));
    }
    await switchTime(page, "table");
    const typingTable = await typing(page, "table");
    return {
      toTable: summarize(toTable),
      toCards: summarize(toCards),
      typingCards: summarize(typingCards),
      typingTable: summarize(typingTable),
    };
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await measureTableView(process.argv[2]);
  const line = (what: string, s: Summary) =>
    `${what}: median ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, max ${s.max.toFixed(1)} ms (${s.count})`;
  console.log(line("cards → « Tableau »", result.toTable));
  console.log(line("« Tableau » → cards", result.toCards));
  console.log(line("typing in a card", result.typingCards));
  console.log(line("typing in a « Tableau » cell", result.typingTable));
}
