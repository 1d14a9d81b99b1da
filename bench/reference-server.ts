/**
 * The reference: y-websocket 2.x's own server (`bin/utils`' setupWSConnection, documents in
 * memory, no auth), on 127.0.0.1. Prints `{"port": n}` once listening, like our server's log line.
 * Usage: node --import tsx reference-server.ts (PORT, default 0 = any free port).
 */
import { createServer, type IncomingMessage } from "node:http";
import { createRequire } from "node:module";
import { type WebSocket, WebSocketServer } from "ws";

type SetupConnection = (conn: WebSocket, request: IncomingMessage) => void;
const { setupWSConnection } = createRequire(import.meta.url)("y-websocket/bin/utils") as {
  setupWSConnection: SetupConnection;
};

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
