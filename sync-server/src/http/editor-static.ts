import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { errorBody } from "./errors.ts";

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Référentiel Studio</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto">
<h1>Référentiel Studio</h1>
<p>Le serveur fonctionne, mais l'éditeur n'a pas été construit.</p>
<p>Lancez <code>pnpm build</code> (ou <code>pnpm start</code>, qui construit puis démarre) à la racine du dépôt.</p>
<p>L'API répond sous <code>/api</code> ; l'état du serveur est sur <a href="/healthz">/healthz</a>.</p>
</body></html>`;

const isApiPath = (url: string) => url.startsWith("/api/") || url === "/api" || url.startsWith("/collab/");

/** A file name with a content hash (Vite's `assets/name-<hash>.ext`): it never changes, cache it for good. */
const HASHED = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+(\.br|\.gz)?$/;
export const IMMUTABLE = "public, max-age=31536000, immutable";
/** index.html, the service worker, the icons: checked again on every load (cheap with ETag). */
export const REVALIDATE = "no-cache";

/** Source maps are for the people who run the server, not for the public. */
const isPrivate = (path: string) => path.endsWith(".map");
/** A request for a file (it has an extension) rather than for a page of the app. */
const isFilePath = (path: string) => /\.[A-Za-z0-9]+$/.test(path.split("/").pop() ?? "");

/**
 * Serves the built editor (a single-page app): files from its dist folder — brotli or gzip
 * variants written at build time when the browser accepts them, hashed assets cached for a year
 * as immutable, everything else revalidated, source maps never — and index.html for every other
 * page path outside /api so client-side routes load. Unknown API paths and files get a 404.
 */
export async function serveEditor(app: FastifyInstance, dist: string): Promise<void> {
  const built = existsSync(join(dist, "index.html"));
  if (built) {
    await app.register(fastifyStatic, {
      root: dist,
      wildcard: false,
      index: ["index.html"],
      preCompressed: true,
      cacheControl: false,
      allowedPath: (path) => !isPrivate(path),
      setHeaders: (reply, path) => {
        reply.header("Cache-Control", HASHED.test(path) ? IMMUTABLE : REVALIDATE);
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    const page =
      (request.method === "GET" || request.method === "HEAD") && !isApiPath(path) && !isFilePath(path);
    if (!page) {
      return reply.status(404).send(errorBody("not_found", `Aucune route ${request.method} ${path}`));
    }
    if (built) return reply.header("Cache-Control", REVALIDATE).sendFile("index.html");
    return reply.status(503).type("text/html; charset=utf-8").send(NOT_BUILT_PAGE);
  });
}
