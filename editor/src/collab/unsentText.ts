import { fragmentToRich, nodesMap, richToPlain } from "@refstudio/schema";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";

/**
 * What I typed that the server refused (my role changed, or I was removed): the texts of my copy
 * of the document that differ from the server's, kept on this device until I copy them or send
 * them as comments.
 */
export type UnsentText = { nodeId: string; code: string; text: string };

/** The server's copy of a document, read over a connection of its own (null if it cannot be read). */
export function serverCopy(id: string, timeoutMs = 10_000): Promise<Y.Doc | null> {
  const doc = new Y.Doc();
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  const provider = new WebsocketProvider(`${scheme}://${window.location.host}/collab`, id, doc, {
    disableBc: true,
  });
  return new Promise((resolve) => {
    const done = (result: Y.Doc | null) => {
      clearTimeout(timer);
      provider.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    provider.on("sync", (synced: boolean) => synced && done(doc));
    provider.on("closed", () => done(null));
  });
}

function texts(doc: Y.Doc): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, map] of nodesMap(doc).entries()) {
    const title = map.get("title");
    const body = map.get("body");
    const parts = [
      title instanceof Y.Text ? title.toString() : "",
      body instanceof Y.XmlFragment ? richToPlain(fragmentToRich(body)) : "",
    ].filter(Boolean);
    out.set(id, parts.join("\n"));
  }
  return out;
}

/** The items whose text in `mine` differs from the server's: my unsent text, item by item. */
export function unsentTexts(mine: Y.Doc, server: Y.Doc, codes: Map<string, string>): UnsentText[] {
  const theirs = texts(server);
  const result: UnsentText[] = [];
  for (const [nodeId, text] of texts(mine)) {
    if (text && text !== theirs.get(nodeId)) result.push({ nodeId, code: codes.get(nodeId) ?? "", text });
  }
  return result;
}

const keyOf = (userId: string, id: string) => `refstudio.unsent:${userId}:${id}`;

export function keepUnsent(userId: string, id: string, list: UnsentText[]): void {
  try {
    if (list.length === 0) localStorage.removeItem(keyOf(userId, id));
    else localStorage.setItem(keyOf(userId, id), JSON.stringify(list));
  } catch {
    // storage full or disabled: the texts stay shown until the page closes
  }
}

export function keptUnsent(userId: string, id: string): UnsentText[] {
  try {
    const text = localStorage.getItem(keyOf(userId, id));
    return text ? (JSON.parse(text) as UnsentText[]) : [];
  } catch {
    return [];
  }
}
