import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { WebSocket } from "ws";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { type CloseInfo, collabUrl, type SocketHeaders } from "./sync-client.ts";

/**
 * A hand-written sync client: speaks the y-websocket protocol itself so a test can send exactly
 * the frames it wants (updates a role may not send, malformed frames) and see how the server
 * answers. Its `doc` follows the server's document.
 */
export class RawClient {
  readonly doc = new Y.Doc();
  readonly closed: Promise<CloseInfo>;
  /** Resolves after the server answered our sync step 1. */
  readonly synced: Promise<void>;
  private markSynced: () => void = () => {};

  private constructor(private readonly ws: WebSocket) {
    this.synced = new Promise((resolve) => {
      this.markSynced = resolve;
    });
    this.closed = new Promise((resolve) => {
      ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() }));
    });
    ws.on("message", (data: Buffer) => this.onMessage(new Uint8Array(data)));
    ws.on("error", () => {});
  }

  /** Opens a connection; rejects with the HTTP status when the upgrade is refused. */
  static open(serverUrl: string, referentialId: string, headers: SocketHeaders): Promise<RawClient> {
    const extra: Record<string, string> = {};
    if (headers.cookie) extra.Cookie = headers.cookie;
    if (headers.origin) extra.Origin = headers.origin;
    const ws = new WebSocket(`${collabUrl(serverUrl)}/${referentialId}`, { headers: extra });
    return new Promise((resolve, reject) => {
      ws.once("open", () => {
        const client = new RawClient(ws);
        client.send(
          frame((e) => {
            encoding.writeVarUint(e, 0);
            syncProtocol.writeSyncStep1(e, client.doc);
          }),
        );
        resolve(client);
      });
      ws.once("unexpected-response", (_request, response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => {
          body += chunk.toString();
        });
        response.on("end", () => reject(new UpgradeRefused(response.statusCode ?? 0, body)));
      });
      ws.once("error", (error) => reject(error));
    });
  }

  /** Sends any frame as is (a string goes as a text frame). */
  send(data: Uint8Array | string): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(data);
  }

  /** Sends a document update as a sync "update" message. */
  sendUpdate(update: Uint8Array): void {
    this.send(
      frame((e) => {
        encoding.writeVarUint(e, 0);
        syncProtocol.writeUpdate(e, update);
      }),
    );
  }

  /** Sends an awareness message carrying `update` (y-protocols' encoding, or any bytes). */
  sendAwareness(update: Uint8Array): void {
    this.send(
      frame((e) => {
        encoding.writeVarUint(e, 1);
        encoding.writeVarUint8Array(e, update);
      }),
    );
  }

  /** Runs an edit on this client's document and sends the update it made; returns that update. */
  sendEdit(edit: (doc: Y.Doc) => void): Uint8Array {
    const updates: Uint8Array[] = [];
    const collect = (update: Uint8Array, origin: unknown) => {
      if (origin !== "server") updates.push(update);
    };
    this.doc.on("update", collect);
    edit(this.doc);
    this.doc.off("update", collect);
    const update = Y.mergeUpdates(updates);
    this.sendUpdate(update);
    return update;
  }

  /** Runs an edit on a copy of the current document and returns its update (not sent). */
  updateFor(edit: (doc: Y.Doc) => void): Uint8Array {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(this.doc));
    const updates: Uint8Array[] = [];
    copy.on("update", (update: Uint8Array) => updates.push(update));
    edit(copy);
    copy.destroy();
    return Y.mergeUpdates(updates);
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  close(): void {
    this.ws.close();
  }

  private onMessage(data: Uint8Array): void {
    const decoder = decoding.createDecoder(data);
    if (decoding.readVarUint(decoder) !== 0) return; // awareness: not followed here
    const reply = encoding.createEncoder();
    encoding.writeVarUint(reply, 0);
    const type = syncProtocol.readSyncMessage(decoder, reply, this.doc, "server");
    if (type === syncProtocol.messageYjsSyncStep1) this.send(encoding.toUint8Array(reply));
    if (type === syncProtocol.messageYjsSyncStep2) this.markSynced();
  }
}

export class UpgradeRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`upgrade refused with ${status}: ${body}`);
  }
}

/** An awareness update with the given entries, encoded as y-protocols does (states as JSON). */
export function awarenessUpdate(entries: { clientId: number; clock: number; state: unknown }[]): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, entries.length);
    for (const { clientId, clock, state } of entries) {
      encoding.writeVarUint(e, clientId);
      encoding.writeVarUint(e, clock);
      encoding.writeVarString(e, JSON.stringify(state));
    }
  });
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}
