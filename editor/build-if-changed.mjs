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
const STAMP = join(EDITOR, "dist", ".sources-sha256");
const SKIPPED = new Set(["node_modules", "dist", ".vite"]);

/** Every file under `path` (or `path` itself), skipping dependencies and build output. */
function files(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => !SKIPPED.has(name))
    .flatMap((name) => files(join(path, name)));
}

/** The sha256 of every file under `inputs`: their paths (relative to `root`) and contents. */
export function sourcesHash(root, inputs) {
  const hash = createHash("sha256");
  for (const file of inputs.flatMap(files).sort()) {
    hash.update(`${relative(root, file)}\0`);
    hash.update(readFileSync(file));
  }
  return hash.digest("hex");
}

/** True when `stamp` holds `hash`: the build beside it was made from these very sources. */
export function builtFrom(stamp, hash) {
  return existsSync(stamp) && readFileSync(stamp, "utf8").trim() === hash;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const inputs = [
    EDITOR,
    join(ROOT, "schema/src"),
    join(ROOT, "schema/package.json"),
    join(ROOT, "pnpm-lock.yaml"),
  ];
  const hash = sourcesHash(ROOT, inputs);
  if (builtFrom(STAMP, hash)) {
    console.log("Éditeur déjà construit depuis ces sources : pas de reconstruction.");
  } else {
    const vite = spawnSync("pnpm", ["exec", "vite", "build"], { cwd: EDITOR, stdio: "inherit" });
    if (vite.status !== 0) process.exit(vite.status ?? 1);
    writeFileSync(STAMP, `${hash}\n`);
  }
}
