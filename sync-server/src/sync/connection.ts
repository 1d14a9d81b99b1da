import type { Duplex } from "node:stream";
import type { RawData, WebSocket } from "ws";
import type { Logger } from "../logger.ts";
import type { Metrics } from "../metrics.ts";
import type { Role } from "../store/types.ts";
import { CLOSE, closeReason, REFUSAL_NAMES } from "./close-codes.ts";
import type { Peer } from "./peer.ts";
import { MalformedMessageError, readClientMessage } from "./protocol.ts";
import type { Room } from "./room.ts";
import type { SharedFrame } from "./shared-frame.ts";
import { FLOOD_LIMITS, TokenBucket } from "./token-bucket.ts";

export type ConnectionInfo = { userId: string; userName: string; role: Role; sessionHash: string };

/** Frames a slow reader may have waiting before it is dropped (it reconnects and resyncs). */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

/**
 * One WebSocket bound to a room: checks each frame (size, flood, decoding) before the room sees
 * it, and closes the socket with the code of API.md when a frame is refused.
 */
export class Connection implements Peer {
  readonly userId: string;
  readonly userName: string;
  role: Role;
  readonly sessionHash: string;
  closed = false;
  private readonly messages = new TokenBucket(
    FLOOD_LIMITS.messages.capacity,
    FLOOD_LIMITS.messages.perSecond,
  );
  private readonly bytes: TokenBucket;

  constructor(
    private readonly ws: WebSocket,
    /** The socket under `ws`: broadcasts, framed once, are written to it directly. */
    private readonly socket: Duplex,
    info: ConnectionInfo,
    private readonly room: Room,
    private readonly deps: { log: Logger; metrics: Metrics; maxMessageBytes: number; onClose: () => void },
  ) {
    this.userId = info.userId;
    this.userName = info.userName;
    this.role = info.role;
    this.sessionHash = info.sessionHash;
    this.bytes = new TokenBucket(
      FLOOD_LIMITS.bytes.capacity * deps.maxMessageBytes,
      FLOOD_LIMITS.bytes.perSecond * deps.maxMessageBytes,
    );
    ws.on("message", (data, isBinary) => this.onFrame(data, isBinary));
    ws.on("close", () => this.onSocketClose());
    ws.on("error", (error: Error & { code?: string }) => {
      // Frames over `maxPayload` are cut off by ws itself (closed with 4413 by SyncSocket).
      if (error.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH") {
        deps.metrics.updatesRefused.inc({ reason: REFUSAL_NAMES[CLOSE.tooLarge] });
        deps.log.warn({ doc: room.id, user: this.userId, code: CLOSE.tooLarge }, "message too large");
      } else deps.log.debug({ err: error, doc: room.id, user: this.userId }, "socket error");
    });
    deps.metrics.connections.inc();
    room.join(this);
  }

  send(frame: Uint8Array): void {
    if (this.writable()) this.ws.send(frame);
  }

  sendShared(frame: SharedFrame): void {
    // Already a whole WebSocket frame: through ws, each socket would frame the payload again.
    if (this.writable()) this.socket.write(frame.bytes);
  }

  /** True when the socket is open and keeping up; a reader too slow is dropped (it reconnects and resyncs). */
  private writable(): boolean {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return false;
    if (this.ws.bufferedAmount <= MAX_BUFFERED_BYTES) return true;
    this.close(1013, "Connexion trop lente, reconnexion…");
    return false;
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.ws.close(code, closeReason(reason));
    this.room.leave(this);
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
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
    try {
      this.room.receive(this, readClientMessage(frame));
    } catch (error) {
      const detail = error instanceof MalformedMessageError ? error.message : (error as Error).message;
      this.refuse(CLOSE.malformed, "Message illisible", detail);
    }
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
    this.room.leave(this);
    this.deps.metrics.connections.dec();
    this.deps.onClose();
  }
}
