/**
 * `pnpm start` builds the editor only when its sources changed: the sha256 of every file the
 * build reads (this package but its output, the schema package's sources, the lockfile) is kept
 * beside the build, in dist/.sources-sha256, and a build whose sources hash the same is skipped.
 * `pnpm --filter @refstudio/editor build` always rebuilds.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const EDITOR = fileURLToPath(new URL(".", import.meta.url));
const ROOT = join(EDITOR, "..");
const DIST = join(EDITOR, "dist");
const STAMP = join(DIST, ".sources-sha256");
const SKIPPED = new Set(["node_modules", "dist", ".vite"]);

/** Every file under `path` (or `path` itself), skipping dependencies and build output. */
function files(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => !SKIPPED.has(name))
    .flatMap((name) => files(join(path, name)));
}

function sourcesHash() {
  const hash = createHash("sha256");
  const inputs = [
    EDITOR,
    join(ROOT, "schema/src"),
    join(ROOT, "schema/package.json"),
    join(ROOT, "pnpm-lock.yaml"),
  ];
  for (const file of inputs.flatMap(files).sort()) {
    hash.update(`${relative(ROOT, file)}\0`);
    hash.update(readFileSync(file));
  }
  return hash.digest("hex");
}

const hash = sourcesHash();
if (existsSync(STAMP) && readFileSync(STAMP, "utf8").trim() === hash) {
  console.log("Éditeur déjà construit depuis ces sources : pas de reconstruction.");
} else {
  const vite = spawnSync("pnpm", ["exec", "vite", "build"], { cwd: EDITOR, stdio: "inherit" });
  if (vite.status !== 0) process.exit(vite.status ?? 1);
  writeFileSync(STAMP, `${hash}\n`);
}
