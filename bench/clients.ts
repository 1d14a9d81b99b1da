import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import type { Endpoint } from "./servers.ts";

/**
 * Lightweight clients that speak the real y-websocket protocol (sync step 1/2, then updates, plus
 * one awareness state) without the cost of a full provider each, so that one process can drive
 * thousands of connections. A writer keeps a real Y.Doc; a reader keeps none and hands each
 * update it receives to a callback.
 *
 * With a Hocuspocus endpoint the same messages go in Hocuspocus' framing: each is prefixed with
 * the document name, the first one is an authentication message, and the server's sync answers
 * may come as "sync reply" (same content, another type number).
 */

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const HOCUSPOCUS_AUTH = 2;
const HOCUSPOCUS_SYNC_REPLY = 4;
/** Hocuspocus' authentication sub-message carrying the client's token (empty: the bench server has no auth hook). */
const HOCUSPOCUS_TOKEN = 0;

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** What a reader holds: nothing. Its step 1 asks for everything, its step 2 answers with nothing. */
const EMPTY_DOC = new Y.Doc();
const READER_STEP1 = frame((e) => {
  encoding.writeVarUint(e, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(e, EMPTY_DOC);
});
const READER_STEP2 = frame((e) => {
  encoding.writeVarUint(e, MESSAGE_SYNC);
  syncProtocol.writeSyncStep2(e, EMPTY_DOC);
});

/** An awareness update announcing one client's user, as y-protocols/awareness encodes it. */
function awarenessFrame(clientId: number, name: string): Uint8Array {
  const update = frame((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, clientId);
    encoding.writeVarUint(e, 1);
    encoding.writeVarString(e, JSON.stringify({ user: { name, color: "#3465a4" } }));
  });
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(e, update);
  });
}

export type ClientOptions = {
  name: string;
  /** A replica to keep in sync (the writer); readers have none. */
  doc?: Y.Doc;
  /** Called with the payload of every update message received after the initial sync. */
  onUpdate?: (update: Uint8Array) => void;
  timeoutMs?: number;
};

export class ProtocolClient {
  /** Set when the server closed the connection after the sync: code and reason. */
  closedBy: string | null = null;

  private constructor(
    private readonly ws: WebSocket,
    readonly doc: Y.Doc | undefined,
    /** Hocuspocus: the document name every message starts with; null for y-websocket. */
    private readonly prefix: Uint8Array | null,
  ) {}

  /** Connects and resolves once the server's sync step 2 has arrived. */
  static connect(endpoint: Endpoint, options: ClientOptions): Promise<ProtocolClient> {
    const ws = new WebSocket(endpoint.url, { headers: endpoint.headers });
    const name = endpoint.hocuspocusDocument;
    const prefix = name === undefined ? null : frame((e) => encoding.writeVarString(e, name));
    const client = new ProtocolClient(ws, options.doc, prefix);
    return new Promise((resolve, reject) => {
      let synced = false;
      const timer = setTimeout(() => fail(new Error("pas synchronisé à temps")), options.timeoutMs ?? 20_000);
      const fail = (error: Error) => {
        clearTimeout(timer);
        ws.terminate();
        reject(new Error(`${options.name} (${endpoint.url}) : ${error.message}`));
      };
      ws.on("unexpected-response", (_request, response) => fail(new Error(`HTTP ${response.statusCode}`)));
      ws.on("error", (error) => {
        if (!synced) fail(error);
      });
      ws.on("close", (code, reason) => {
        if (!synced) fail(new Error(`fermé (${code} ${reason.toString()})`));
        else client.closedBy ??= `${code} ${reason.toString()}`;
      });
      ws.on("open", () => {
        if (prefix)
          client.send(
            frame((e) => {
              encoding.writeVarUint(e, HOCUSPOCUS_AUTH);
              encoding.writeVarUint(e, HOCUSPOCUS_TOKEN);
              encoding.writeVarString(e, "");
            }),
          );
        client.send(options.doc ? client.replicate(options.doc) : READER_STEP1);
        client.send(awarenessFrame(options.doc?.clientID ?? randomClientId(), options.name));
      });
      ws.on("message", (data: Buffer) => {
        const syncType = client.receive(
          new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
          options,
        );
        if (syncType === syncProtocol.messageYjsSyncStep2 && !synced) {
          synced = true;
          clearTimeout(timer);
          resolve(client);
        }
      });
    });
  }

  /** Sends the replica's own updates from now on; returns its sync step 1. */
  private replicate(doc: Y.Doc): Uint8Array {
    doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin !== this)
        this.send(
          frame((e) => {
            encoding.writeVarUint(e, MESSAGE_SYNC);
            syncProtocol.writeUpdate(e, update);
          }),
        );
    });
    return frame((e) => {
      encoding.writeVarUint(e, MESSAGE_SYNC);
      syncProtocol.writeSyncStep1(e, doc);
    });
  }

  /** Handles one message; returns its sync message type (or -1 for awareness and others). */
  private receive(message: Uint8Array, options: ClientOptions): number {
    const decoder = decoding.createDecoder(message);
    if (this.prefix) decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    if (type !== MESSAGE_SYNC && !(this.prefix && type === HOCUSPOCUS_SYNC_REPLY)) return -1;
    if (this.doc) {
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, MESSAGE_SYNC);
      const syncType = syncProtocol.readSyncMessage(decoder, reply, this.doc, this);
      if (encoding.length(reply) > 1) this.send(encoding.toUint8Array(reply));
      return syncType;
    }
    const syncType = decoding.readVarUint(decoder);
    if (syncType === syncProtocol.messageYjsSyncStep1) this.send(READER_STEP2);
    else if (syncType === syncProtocol.messageYjsUpdate)
      options.onUpdate?.(decoding.readVarUint8Array(decoder));
    return syncType;
  }

  send(message: Uint8Array): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(this.prefix ? Buffer.concat([this.prefix, message]) : message);
  }

  close(): void {
    this.ws.terminate();
  }
}

const randomClientId = () => Math.floor(Math.random() * 0x7fffffff);

/** Runs the connections `concurrency` at a time (a burst of thousands would overflow the listen backlog). */
export async function connectAll<T>(tasks: (() => Promise<T>)[], concurrency = 50): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
  return results;
}
