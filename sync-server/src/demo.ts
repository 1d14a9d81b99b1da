import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { parseSnapshot, type Snapshot } from "@refstudio/schema";

/**
 * The demo référentiel offered to newcomers (`POST /api/referentials { demo: true }`): the
 * transcribed fixture shipped with the schema package, read once.
 */

const schemaEntry = createRequire(import.meta.url).resolve("@refstudio/schema");
const DEMO_PATH = new URL("../fixtures/chef-de-projet-marketing.snapshot.json", pathToFileURL(schemaEntry));

let demo: Promise<Snapshot> | undefined;

export function loadDemoSnapshot(): Promise<Snapshot> {
  demo ??= readFile(DEMO_PATH, "utf8").then((text) => parseSnapshot(text));
  return demo;
}
