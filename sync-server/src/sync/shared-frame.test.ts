import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { binaryFrame, SharedFrame } from "./shared-frame.ts";

/**
 * Frames written straight to the socket of an accepted WebSocket are read by a real client (ws'
 * own parser) as the binary messages they carry, between messages ws itself sends.
 */

let server: WebSocketServer;
let client: WebSocket;
const received: { data: Buffer; isBinary: boolean }[] = [];
let write: (bytes: Buffer) => void;
let sendThroughWs: (data: Uint8Array) => void;

beforeAll(async () => {
  server = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate: false });
  await once(server, "listening");
  const accepted = once(server, "connection");
  client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  client.on("message", (data: Buffer, isBinary: boolean) => received.push({ data, isBinary }));
  const [ws, request] = (await accepted) as [WebSocket, { socket: { write(bytes: Buffer): boolean } }];
  write = (bytes) => request.socket.write(bytes);
  sendThroughWs = (data) => ws.send(data);
  await once(client, "open");
});

afterAll(async () => {
  client.terminate();
  server.close();
});

const payload = (length: number) => Buffer.from(Uint8Array.from({ length }, (_, i) => (i * 31 + 7) & 0xff));

async function nextMessages(count: number) {
  const deadline = Date.now() + 10_000;
  while (received.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  return received.splice(0, count);
}

describe("binaryFrame", () => {
  it.each([0, 1, 125, 126, 1000, 0xffff, 0x10000, 300_000])(
    "frames a %i-byte payload as one binary message a WebSocket client reads back",
    async (length) => {
      const data = payload(length);
      write(binaryFrame(data));
      const [message] = await nextMessages(1);
      expect(message!.isBinary).toBe(true);
      expect(message!.data.equals(data)).toBe(true);
    },
  );

  it("keeps the order of frames written directly and messages sent through ws", async () => {
    write(binaryFrame(payload(10)));
    sendThroughWs(payload(20));
    write(binaryFrame(payload(200)));
    const messages = await nextMessages(3);
    expect(messages.map((m) => m.data.length)).toEqual([10, 20, 200]);
  });
});

describe("SharedFrame", () => {
  it("makes its bytes once, and they carry its payload", async () => {
    const frame = new SharedFrame(payload(50));
    expect(frame.bytes).toBe(frame.bytes);
    write(frame.bytes);
    const [message] = await nextMessages(1);
    expect(message!.data.equals(Buffer.from(frame.payload))).toBe(true);
  });
});
