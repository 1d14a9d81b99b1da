/**
 * One message for many sockets: a broadcast is framed once as a binary WebSocket message (RFC 6455
 * §5.2: server to client, so unmasked) and the same bytes are written to every socket, instead of
 * each connection framing its own copy through ws (a header allocated and two writes per socket).
 * Connections never compress (perMessageDeflate is off), so ws writes each of its own frames
 * straight to the socket too, and messages keep their order.
 */
export class SharedFrame {
  private wire: Buffer | null = null;

  /** `payload` is one y-websocket message (see protocol.ts). */
  constructor(readonly payload: Uint8Array) {}

  /** The whole WebSocket frame, made on first use (a room whose peers are not sockets never makes it). */
  get bytes(): Buffer {
    this.wire ??= binaryFrame(this.payload);
    return this.wire;
  }
}

const FIN_BINARY = 0x82;

/** A final, unmasked binary frame carrying `payload`. */
export function binaryFrame(payload: Uint8Array): Buffer {
  const length = payload.byteLength;
  const header = length < 126 ? 2 : length <= 0xffff ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = FIN_BINARY;
  if (length < 126) {
    frame[1] = length;
  } else if (length <= 0xffff) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame.set(payload, header);
  return frame;
}
