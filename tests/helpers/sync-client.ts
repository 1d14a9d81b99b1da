import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";

/**
 * Real y-websocket clients in Node: the standard `WebsocketProvider`, given a `ws` WebSocket
 * that sends the session cookie and an Origin header like a browser does.
 */

export type SocketHeaders = { cookie?: string; origin?: string };

/** A WebSocket class (for `WebSocketPolyfill`) that adds the Cookie and Origin headers. */
export function webSocketWith(headers: SocketHeaders) {
  const extra: Record<string, string> = {};
  if (headers.cookie) extra.Cookie = headers.cookie;
  if (headers.origin) extra.Origin = headers.origin;
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: extra });
    }
  };
}

export type CloseInfo = { code: number; reason: string };

export type SyncClient = {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves once the first sync with the server completed. */
  synced: Promise<void>;
  /** Resolves with the code and reason of the first close of the connection. */
  closed: Promise<CloseInfo>;
  destroy(): void;
};

/** ws://…/collab, from the server's http URL. */
export const collabUrl = (serverUrl: string) => `${serverUrl.replace(/^http/, "ws")}/collab`;

export function connectClient(
  serverUrl: string,
  referentialId: string,
  cookie: string | undefined,
  options: { origin?: string; doc?: Y.Doc } = {},
): SyncClient {
  const doc = options.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(collabUrl(serverUrl), referentialId, doc, {
    WebSocketPolyfill: webSocketWith({ cookie, origin: options.origin ?? serverUrl }) as never,
    // Two providers in one process would otherwise sync through BroadcastChannel, not the server.
    disableBc: true,
    maxBackoffTime: 500,
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    provider.once("sync", () => resolve());
  });
  const closed = new Promise<CloseInfo>((resolve) => {
    provider.on("connection-close", (event) => {
      if (event) resolve({ code: event.code, reason: event.reason });
    });
  });
  return {
    doc,
    provider,
    synced,
    closed,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}
