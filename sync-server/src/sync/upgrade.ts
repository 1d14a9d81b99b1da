import { type IncomingMessage, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer } from "ws";
import { isAllowedOrigin } from "../auth/origin.ts";
import { sessionUser } from "../auth/session-user.ts";
import type { ServerContext } from "../context.ts";
import { CLOSE, closeReason } from "./close-codes.ts";
import { Connection } from "./connection.ts";
import { CONNECTION_LIMITS, Connections } from "./connections.ts";

/**
 * ws closes a frame over `maxPayload` with the standard 1009 before any listener runs; API.md
 * promises 4413 (which also tells y-websocket not to resend the same message forever).
 */
class SyncSocket extends WebSocket {
  override close(code?: number, data?: string | Buffer): void {
    if (code === 1009) super.close(CLOSE.tooLarge, closeReason("Message trop volumineux"));
    else super.close(code, data);
  }
}

const COLLAB_PATH = /^\/collab\/([A-Za-z0-9_-]{1,64})$/;

/** Answers a refused upgrade with a plain HTTP response carrying the JSON error. */
function refuse(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * The sync endpoint `/collab/<referentialId>`: authenticates the upgrade (session cookie, Origin,
 * membership) before the WebSocket exists, then binds the socket to the document's room.
 */
export function createUpgradeHandler(ctx: ServerContext) {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: ctx.config.maxMessageBytes,
    perMessageDeflate: false,
    WebSocket: SyncSocket,
  });
  const connections = new Connections({
    log: ctx.log,
    metrics: ctx.metrics,
    keepaliveMs: ctx.config.keepaliveMs,
  });
  connections.start();

  async function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const path = (request.url ?? "").split("?")[0] ?? "";
    const match = COLLAB_PATH.exec(path);
    if (!match) return refuse(socket, 404, "not_found", "Point de synchronisation inconnu");
    const id = match[1] as string;
    if (!isAllowedOrigin(request.headers.origin, request.headers.host, ctx.config.allowedOrigins)) {
      return refuse(socket, 403, "bad_origin", "Origine de la requête non autorisée");
    }
    const session = await sessionUser(request.headers.cookie, ctx.stores.app);
    if (!session) return refuse(socket, 401, "unauthenticated", "Connectez-vous pour continuer");
    const role = await ctx.stores.app.roleOf(id, session.user.id);
    if (!role) return refuse(socket, 403, "forbidden", "Vous n'êtes pas membre de ce référentiel");
    const expiresAt = await ctx.stores.app.sessionExpiry(session.tokenHash);
    if (!expiresAt) return refuse(socket, 401, "unauthenticated", "Connectez-vous pour continuer");
    const room = await ctx.rooms.acquire(id);
    if (socket.destroyed) {
      ctx.rooms.release(room);
      return;
    }
    // Counted right before the socket is bound (no await in between): concurrent upgrades cannot both pass.
    if (connections.countOf(session.user.id, id) >= CONNECTION_LIMITS.perUserPerDocument) {
      ctx.rooms.release(room);
      ctx.metrics.upgradesRefused.inc({ reason: "too_many_connections" });
      ctx.log.warn({ doc: id, user: session.user.id }, "upgrade refused: too many connections");
      return refuse(
        socket,
        429,
        "too_many_connections",
        "Trop de connexions ouvertes sur ce référentiel : fermez d'autres onglets",
      );
    }
    let bound = false;
    wss.handleUpgrade(request, socket, head, (ws) => {
      bound = true;
      const info = {
        userId: session.user.id,
        userName: session.user.name,
        role,
        sessionHash: session.tokenHash,
        sessionExpiresAt: Date.parse(expiresAt),
      };
      new Connection(ws, socket, info, room, {
        log: ctx.log,
        metrics: ctx.metrics,
        maxMessageBytes: ctx.config.maxMessageBytes,
        connections,
        onClose: () => ctx.rooms.release(room),
      });
    });
    // ws completes (or aborts) the handshake synchronously: an aborted one never binds the room.
    if (!bound) ctx.rooms.release(room);
  }

  let accepting = true;

  return {
    handle(request: IncomingMessage, socket: Duplex, head: Buffer): void {
      socket.on("error", () => socket.destroy());
      if (!accepting) {
        refuse(socket, 503, "shutting_down", "Le serveur redémarre, reconnexion…");
        return;
      }
      upgrade(request, socket, head).catch((error: unknown) => {
        ctx.log.error({ err: error, url: request.url }, "upgrade failed");
        if (!socket.destroyed) refuse(socket, 500, "internal", "Ouverture du document impossible");
      });
    },
    /** Shutdown: later upgrades get a 503. */
    refuseNew(): void {
      accepting = false;
    },
    /** Waits up to `graceMs` for sockets to finish their close handshake, then cuts the rest. */
    async close(graceMs: number): Promise<void> {
      connections.stop();
      const deadline = Date.now() + graceMs;
      while (wss.clients.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
