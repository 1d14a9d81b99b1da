/**
 * Builds the server for production (`pnpm start`): src/main.ts and the schema package's
 * TypeScript, bundled by esbuild into dist/main.js (plus chunks loaded on demand), that plain
 * `node` runs (no TypeScript loader at run time). The npm dependencies of this package stay outside the
 * bundle, loaded from node_modules as usual: one copy of Yjs for everyone, native drivers intact.
 * Development and tests keep running the TypeScript sources through tsx.
 */
import { readFileSync } from "node:fs";
import { build } from "esbuild";

const { dependencies } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));

await build({
  entryPoints: [new URL("./src/main.ts", import.meta.url).pathname],
  outdir: new URL("./dist", import.meta.url).pathname,
  // Modules imported on demand (the PostgreSQL store, the Redis relay) stay in chunks of their
  // own, loaded only by a server configured to use them.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Workspace packages are TypeScript sources: bundled. Everything else comes from node_modules.
  external: Object.keys(dependencies).filter((name) => !name.startsWith("@refstudio/")),
  logLevel: "warning",
});
