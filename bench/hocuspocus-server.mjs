/**
 * The second point of comparison: a bare Hocuspocus 4 server (documents in memory, no
 * extension, no auth hook), on 127.0.0.1. Prints `{"port": n}` once listening. Its clients speak
 * the Hocuspocus framing: every message is prefixed with the document name, and the first one is
 * an authentication message (see clients.ts).
 * Usage: node hocuspocus-server.mjs (PORT, default 0 = any free port).
 */
import { Server } from "@hocuspocus/server";

const server = new Server({
  port: Number(process.env.PORT ?? 0),
  address: "127.0.0.1",
  quiet: true,
  stopOnSignals: false,
  // Hocuspocus closes a connection that sent nothing for `timeout` (real providers renew their
  // awareness every 15 s); the bench's readers stay silent, as the other servers allow.
  timeout: 3_600_000,
});
await server.listen();
process.stdout.write(`${JSON.stringify({ port: server.address.port })}\n`);
process.on("SIGTERM", () => process.exit(0));
