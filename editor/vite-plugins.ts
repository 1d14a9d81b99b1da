import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { Plugin } from "vite";

/** Every file under a folder, as paths relative to it with "/" separators. */
function filesUnder(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else out.push(relative(root, path).split("\\").join("/"));
    }
  };
  visit(root);
  return out;
}

const COMPRESSIBLE = /\.(js|css|html|svg|json|webmanifest)$/;

/**
 * The app shell's service worker (public/sw.js is its code; this writes the list of files to
 * precache into it), then brotli and gzip twins of every text file, which the server sends to
 * browsers that accept them. Runs once the bundle is written.
 */
export function shellAndCompression(): Plugin {
  let outDir = "dist";
  return {
    name: "refstudio-shell-and-compression",
    apply: "build",
    configResolved(config) {
      outDir = config.build.outDir.startsWith("/")
        ? config.build.outDir
        : join(config.root, config.build.outDir);
    },
    closeBundle() {
      const files = filesUnder(outDir).filter((f) => !f.endsWith(".map") && !f.startsWith("."));
      const shell = ["/", ...files.filter((f) => f.startsWith("assets/")).map((f) => `/${f}`)];
      const version = createHash("sha256").update(shell.join("\n")).digest("hex").slice(0, 12);
      const worker = join(outDir, "sw.js");
      const code = readFileSync(worker, "utf8")
        .replace("__SHELL_FILES__", JSON.stringify(shell))
        .replace("__SHELL_VERSION__", version);
      writeFileSync(worker, code);
      for (const file of filesUnder(outDir)) {
        if (!COMPRESSIBLE.test(file)) continue;
        const path = join(outDir, file);
        const bytes = readFileSync(path);
        if (bytes.length < 512) continue;
        writeFileSync(
          `${path}.br`,
          brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
        writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}
