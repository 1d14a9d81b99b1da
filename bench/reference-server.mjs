/**
 * The reference: y-websocket 2.x's own server (`bin/utils`' setupWSConnection, documents in
 * memory, no auth), on 127.0.0.1. Prints `{"port": n}` once listening, like our server's log line.
 * Plain JavaScript, run by plain `node`, so that no TypeScript loader weighs on its memory or CPU.
 * Usage: node reference-server.mjs (PORT, default 0 = any free port).
 */
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { WebSocketServer } from "ws";

const { setupWSConnection } = createRequire(import.meta.url)("y-websocket/bin/utils");

const wss = new WebSocketServer({ noServer: true });
const server = createServer((_request, response) => response.end("okay"));
server.on("upgrade", (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (conn) => setupWSConnection(conn, request));
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  if (address && typeof address === "object")
    process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
});
process.on("SIGTERM", () => process.exit(0));
