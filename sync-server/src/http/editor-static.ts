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

/**
 * Serves the built editor (a single-page app): files from its dist folder, and index.html for
 * every other GET outside /api so client-side routes load. Unknown API paths get a JSON 404.
 */
export async function serveEditor(app: FastifyInstance, dist: string): Promise<void> {
  const built = existsSync(join(dist, "index.html"));
  if (built) await app.register(fastifyStatic, { root: dist, wildcard: false, index: ["index.html"] });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    const page = (request.method === "GET" || request.method === "HEAD") && !isApiPath(path);
    if (!page) {
      return reply.status(404).send(errorBody("not_found", `Aucune route ${request.method} ${path}`));
    }
    if (built) return reply.sendFile("index.html");
    return reply.status(503).type("text/html; charset=utf-8").send(NOT_BUILT_PAGE);
  });
}
