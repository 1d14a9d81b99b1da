import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import {
  MalformedMessageError,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  readClientMessage,
  writeSyncStep1,
  writeSyncStep2,
  writeUpdate,
} from "./protocol.ts";

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

const docWithText = (text: string) => {
  const doc = new Y.Doc();
  doc.getText("t").insert(0, text);
  return doc;
};

describe("readClientMessage", () => {
  it("reads what a y-websocket client sends", () => {
    const doc = docWithText("bonjour");
    const step1 = frame((e) => {
      encoding.writeVarUint(e, MESSAGE_SYNC);
      syncProtocol.writeSyncStep1(e, doc);
    });
    expect(readClientMessage(step1)).toEqual({ type: "sync-step1", stateVector: Y.encodeStateVector(doc) });

    const update = Y.encodeStateAsUpdate(doc);
    const step2 = frame((e) => {
      encoding.writeVarUint(e, MESSAGE_SYNC);
      syncProtocol.writeSyncStep2(e, doc);
    });
    expect(readClientMessage(step2)).toEqual({ type: "sync-step2", update });
    expect(readClientMessage(writeUpdate(update))).toEqual({ type: "update", update });

    const awareness = frame((e) => {
      encoding.writeVarUint(e, MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(e, new Uint8Array([1, 2, 3]));
    });
    expect(readClientMessage(awareness)).toEqual({ type: "awareness", update: new Uint8Array([1, 2, 3]) });
    expect(readClientMessage(new Uint8Array([MESSAGE_QUERY_AWARENESS]))).toEqual({ type: "query-awareness" });
  });

  it("copies payloads out of the socket's buffer", () => {
    const buffer = writeUpdate(new Uint8Array([0, 0]));
    const message = readClientMessage(buffer) as { update: Uint8Array };
    buffer.fill(9);
    expect([...message.update]).toEqual([0, 0]);
  });

  const bad: Record<string, number[]> = {
    "an empty frame": [],
    "a truncated varint": [0x80],
    "an endless varint": Array(12).fill(0xff),
    "an unknown message type": [7],
    "the auth type, which only servers send": [2, 0],
    "an unknown sync type": [MESSAGE_SYNC, 9, 0],
    "a sync message without payload": [MESSAGE_SYNC],
    "a payload longer than the frame": [MESSAGE_SYNC, 2, 50, 1, 2],
    "trailing bytes": [MESSAGE_QUERY_AWARENESS, 0],
    "a state vector that does not decode": [MESSAGE_SYNC, 0, 2, 5, 0x80],
    "an awareness message without payload": [MESSAGE_AWARENESS],
  };
  for (const [name, bytes] of Object.entries(bad)) {
    it(`refuses ${name}`, () => {
      expect(() => readClientMessage(new Uint8Array(bytes))).toThrow(MalformedMessageError);
    });
  }
});

describe("writers", () => {
  it("step 1 and step 2 bring a client up to date", () => {
    const server = docWithText("serveur");
    const client = new Y.Doc();
    const request = readClientMessage(writeSyncStep1(client));
    expect(request.type).toBe("sync-step1");
    const reply = readClientMessage(
      writeSyncStep2(server, (request as { stateVector: Uint8Array }).stateVector),
    );
    Y.applyUpdate(client, (reply as { update: Uint8Array }).update);
    expect(client.getText("t").toString()).toBe("serveur");
  });
});
