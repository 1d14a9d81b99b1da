import type { Duplex } from "node:stream";
import type { RawData, WebSocket } from "ws";
import type { Logger } from "../logger.ts";
import { DROP_REASONS, type Metrics } from "../metrics.ts";
import type { Role } from "../store/types.ts";
import { CLOSE, closeReason, REFUSAL_NAMES } from "./close-codes.ts";
import { CONNECTION_LIMITS, type Connections } from "./connections.ts";
import type { Peer } from "./peer.ts";
import { type ClientMessage, MalformedMessageError, readClientMessage } from "./protocol.ts";
import type { Room } from "./room.ts";
import type { SharedFrame } from "./shared-frame.ts";
import { Throttle } from "./throttle.ts";
import { FLOOD_LIMITS, TokenBucket } from "./token-bucket.ts";

export type ConnectionInfo = {
  userId: string;
  userName: string;
  role: Role;
  sessionHash: string;
  /** When the session ends (ms since the epoch): the connection closes then. */
  sessionExpiresAt: number;
};

type ConnectionDeps = {
  log: Logger;
  metrics: Metrics;
  maxMessageBytes: number;
  connections: Connections;
  onClose: () => void;
};

/** How long a dropped socket that does not read gets to take its close frame before it is cut. */
const DROP_GRACE_MS = 1_000;

/**
 * One WebSocket bound to a room: checks each frame (session, size, flood, decoding) before the
 * room sees it, answers repeated sync requests at most once per interval, keeps the bytes queued
 * for its socket bounded, and closes the socket with the code of API.md when a frame is refused.
 */
export class Connection implements Peer {
  readonly userId: string;
  readonly userName: string;
  role: Role;
  readonly sessionHash: string;
  closed = false;
  private readonly sessionExpiresAt: number;
  /** Whether the socket answered (or sent anything) since the last ping. */
  private alive = true;
  private readonly messages = new TokenBucket(
    FLOOD_LIMITS.messages.capacity,
    FLOOD_LIMITS.messages.perSecond,
  );
  private readonly bytes: TokenBucket;
  private readonly syncAnswers: Throttle<ClientMessage>;

  constructor(
    private readonly ws: WebSocket,
    /** The socket under `ws`: broadcasts, framed once, are written to it directly. */
    private readonly socket: Duplex,
    info: ConnectionInfo,
    private readonly room: Room,
    private readonly deps: ConnectionDeps,
  ) {
    this.userId = info.userId;
    this.userName = info.userName;
    this.role = info.role;
    this.sessionHash = info.sessionHash;
    this.sessionExpiresAt = info.sessionExpiresAt;
    this.bytes = new TokenBucket(
      FLOOD_LIMITS.bytes.capacity * deps.maxMessageBytes,
      FLOOD_LIMITS.bytes.perSecond * deps.maxMessageBytes,
    );
    this.syncAnswers = new Throttle(CONNECTION_LIMITS.syncAnswerIntervalMs, (message) => {
      if (!this.closed) this.room.receive(this, message);
    });
    ws.on("message", (data, isBinary) => this.onFrame(data, isBinary));
    ws.on("pong", () => {
      this.alive = true;
    });
    ws.on("close", () => this.onSocketClose());
    ws.on("error", (error: Error & { code?: string }) => {
      // Frames over `maxPayload` are cut off by ws itself (closed with 4413 by SyncSocket).
      if (error.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH") {
        deps.metrics.updatesRefused.inc({ reason: REFUSAL_NAMES[CLOSE.tooLarge] });
        deps.log.warn({ doc: room.id, user: this.userId, code: CLOSE.tooLarge }, "message too large");
      } else deps.log.debug({ err: error, doc: room.id, user: this.userId }, "socket error");
    });
    deps.connections.add(this);
    room.join(this);
  }

  get docId(): string {
    return this.room.id;
  }

  /** Bytes waiting to be written to the socket. */
  get backlog(): number {
    return this.ws.bufferedAmount;
  }

  send(frame: Uint8Array): void {
    if (this.writable()) this.ws.send(frame);
  }

  sendShared(frame: SharedFrame): void {
    // Already a whole WebSocket frame: through ws, each socket would frame the payload again.
    if (this.writable()) this.socket.write(frame.bytes);
  }

  /** True when the socket is open and keeping up; a reader that falls behind is dropped (it reconnects and resyncs). */
  private writable(): boolean {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return false;
    const backlog = this.ws.bufferedAmount;
    if (backlog === 0 || this.deps.connections.mayQueue(this, backlog)) return true;
    this.dropSlow();
    return false;
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.syncAnswers.cancel();
    this.ws.close(code, closeReason(reason));
    this.room.leave(this);
  }

  /** Drops a socket that falls behind: what it was sent is freed at once (it reconnects and resyncs). */
  dropSlow(): void {
    if (this.closed) return;
    this.drop(DROP_REASONS.slow, CLOSE.slow, "Connexion trop lente, reconnexion…");
    // It does not read: its close frame waits behind the backlog, which is freed shortly.
    setTimeout(() => this.ws.terminate(), DROP_GRACE_MS).unref();
  }

  /** One turn of the liveness loop: closes a socket that did not answer the last ping or whose session ended. */
  keepAlive(now: number): void {
    if (this.closed) return;
    if (now >= this.sessionExpiresAt) {
      this.drop(DROP_REASONS.sessionEnded, CLOSE.removed, "Session expirée : reconnectez-vous");
      return;
    }
    if (!this.alive) {
      this.deps.metrics.connectionsDropped.inc({ reason: DROP_REASONS.silent });
      this.deps.log.info({ doc: this.room.id, user: this.userId }, "connection dropped: no answer to ping");
      this.ws.terminate();
      return;
    }
    this.alive = false;
    this.ws.ping();
  }

  private drop(reason: string, code: number, message: string): void {
    this.deps.metrics.connectionsDropped.inc({ reason });
    this.deps.log.warn(
      { doc: this.room.id, user: this.userId, code, backlog: this.ws.bufferedAmount },
      `connection dropped: ${reason}`,
    );
    this.close(code, message);
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    this.alive = true;
    if (Date.now() >= this.sessionExpiresAt) {
      this.drop(DROP_REASONS.sessionEnded, CLOSE.removed, "Session expirée : reconnectez-vous");
      return;
    }
    const frame = Array.isArray(data)
      ? Buffer.concat(data)
      : data instanceof ArrayBuffer
        ? new Uint8Array(data)
        : data;
    if (!this.messages.take(1) || !this.bytes.take(frame.byteLength)) {
      this.refuse(CLOSE.flood, "Trop de messages, connexion fermée", "flood");
      return;
    }
    if (!isBinary) {
      this.refuse(CLOSE.malformed, "Message illisible", "text frame");
      return;
    }
    let message: ClientMessage;
    try {
      message = readClientMessage(frame);
    } catch (error) {
      const detail = error instanceof MalformedMessageError ? error.message : (error as Error).message;
      this.refuse(CLOSE.malformed, "Message illisible", detail);
      return;
    }
    // Each answer is the whole document the client lacks: repeated requests get one.
    if (message.type === "sync-step1") this.syncAnswers.call(message);
    else this.room.receive(this, message);
  }

  private refuse(code: number, reason: string, detail: string): void {
    this.deps.metrics.updatesRefused.inc({ reason: REFUSAL_NAMES[code] ?? String(code) });
    this.deps.log.warn(
      { doc: this.room.id, user: this.userId, code, detail },
      "connection refused a message",
    );
    this.close(code, reason);
  }

  private onSocketClose(): void {
    this.closed = true;
    this.syncAnswers.cancel();
    this.room.leave(this);
    this.deps.connections.delete(this);
    this.deps.onClose();
  }
}
