import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMMUTABLE, REVALIDATE, serveEditor } from "./editor-static.ts";

let dist: string;
let app: FastifyInstance;
const script = "console.log('app');".repeat(50);

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), "refstudio-dist-"));
  mkdirSync(join(dist, "assets"));
  writeFileSync(join(dist, "index.html"), "<!doctype html><title>app</title>");
  writeFileSync(join(dist, "assets", "index-Ab12Cd34.js"), script);
  writeFileSync(join(dist, "assets", "index-Ab12Cd34.js.br"), brotliCompressSync(script));
  writeFileSync(join(dist, "assets", "index-Ab12Cd34.js.gz"), gzipSync(script));
  writeFileSync(join(dist, "assets", "index-Ab12Cd34.js.map"), "{}");
  writeFileSync(join(dist, "sw.js"), "self.addEventListener('fetch', () => {});");
  app = Fastify();
  await serveEditor(app, dist);
});

afterAll(async () => {
  await app.close();
  rmSync(dist, { recursive: true, force: true });
});

describe("serving the built editor", () => {
  it("serves hashed assets compressed, cached for a year as immutable", async () => {
    const br = await app.inject({
      url: "/assets/index-Ab12Cd34.js",
      headers: { "accept-encoding": "br, gzip" },
    });
    expect(br.statusCode).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["cache-control"]).toBe(IMMUTABLE);
    expect(br.rawPayload.length).toBeLessThan(script.length / 5);
    const gz = await app.inject({ url: "/assets/index-Ab12Cd34.js", headers: { "accept-encoding": "gzip" } });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    const plain = await app.inject({ url: "/assets/index-Ab12Cd34.js" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it("revalidates index.html (also as the page of any app path) and the service worker", async () => {
    for (const url of ["/", "/invitations/abc", "/sw.js"]) {
      const answer = await app.inject({ url });
      expect(answer.statusCode, url).toBe(200);
      expect(answer.headers["cache-control"], url).toBe(REVALIDATE);
    }
  });

  it("never serves source maps, nor the app's page in place of a missing file", async () => {
    expect((await app.inject({ url: "/assets/index-Ab12Cd34.js.map" })).statusCode).toBe(404);
    expect((await app.inject({ url: "/assets/missing-Zz99Yy88.js" })).statusCode).toBe(404);
  });
});
