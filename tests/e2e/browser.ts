import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import axe from "axe-core";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";

/**
 * What the end-to-end tests need around a real browser: the system's Chromium (skipped only
 * when it is absent and REQUIRE_SERVICES is not "1"), a fresh build of the editor for the
 * server to serve, screenshots, axe checks and polling helpers.
 */

export const CHROMIUM = "/usr/bin/chromium";
export const ARTIFACTS = fileURLToPath(new URL("../artifacts/", import.meta.url));
const EDITOR_DIR = fileURLToPath(new URL("../../editor/", import.meta.url));

/** Whether the browser tests can run; with REQUIRE_SERVICES=1 a missing Chromium is a failure. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.REQUIRE_SERVICES === "1") {
    throw new Error(`REQUIRE_SERVICES=1 but Chromium is missing at ${CHROMIUM}`);
  }
  return false;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
}

/** vitest sets NODE_ENV=test, which would make Vite build for development (React's dev build, no service worker). */
const PRODUCTION_ENV = { ...process.env, NODE_ENV: "production" };

/**
 * Builds editor/dist unless it was built from these very sources (editor/build-if-changed.mjs,
 * what `pnpm start` runs): each end-to-end file calls it, one build serves them all.
 */
export function buildEditorOnce(): void {
  execFileSync(
    process.execPath,
    [fileURLToPath(new URL("../../editor/build-if-changed.mjs", import.meta.url))],
    { cwd: EDITOR_DIR, stdio: "inherit", env: PRODUCTION_ENV },
  );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}${name}.png` });
}

/** Keeps a file made by a test (e.g. a printed page) among the artifacts, under `name`. */
export function keepArtifact(name: string, content: Buffer): void {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(`${ARTIFACTS}${name}`, content);
}

export type AxeViolation = { id: string; impact: string | null; help: string; targets: string[] };

/** Runs axe-core on the page; returns its serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** Polls until `check` holds, or fails naming what was awaited and the last value seen. */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (check(last)) return last;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The text of a rich-text field, "\n" between paragraphs (remote carets and their names left out). */
export async function fieldText(field: Locator): Promise<string> {
  return field.evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    // Carets and proposed insertions (tracked changes) are shown in the field, not its text.
    for (const extra of Array.from(copy.querySelectorAll(".collaboration-carets__caret, .suggestion-ins")))
      extra.remove();
    return Array.from(copy.querySelectorAll("p"), (p) => p.textContent ?? "").join("\n");
  });
}
