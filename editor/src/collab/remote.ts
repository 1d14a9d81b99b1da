import { metaMap } from "@refstudio/schema";
import { IndexeddbPersistence } from "y-indexeddb";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { type Collab, type ConnectionState, createUndoManager, type PresenceUser } from "./collab.ts";
import { guardPresence } from "./presence-guard.ts";
import { Store } from "./store.ts";
import { rememberWriters } from "./writers.ts";

/**
 * A référentiel synced with the server over y-websocket (`/collab/<id>`, session cookie) and
 * kept on this device with y-indexeddb, so edits made offline survive a reload and merge on
 * reconnect.
 */
export function remoteCollab(id: string, user: PresenceUser): Collab {
  const doc = new Y.Doc();
  const persistence = new IndexeddbPersistence(`refstudio:${user.id}:${id}`, doc);
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  const provider = new WebsocketProvider(`${scheme}://${window.location.host}/collab`, id, doc, {
    connect: navigator.onLine,
    // Other tabs of this browser get edits through the server, which checks roles.
    disableBc: true,
    maxBackoffTime: 5000,
  });
  const awareness = provider.awareness;
  guardPresence(awareness);
  awareness.setLocalStateField("user", user);
  rememberWriters(awareness);
  const undo = createUndoManager(doc);
  const connection = new Store<ConnectionState>({
    status: navigator.onLine ? "connecting" : "offline",
    ready: false,
    unsynced: false,
    refused: null,
  });
  let everConnected = false;

  const onStatus = ({ status }: { status: "connected" | "disconnected" | "connecting" }) => {
    if (connection.get().refused) return;
    if (status === "connected") everConnected = true;
    if (!navigator.onLine) connection.update({ status: "offline" });
    else if (status === "connected") connection.update({ status: "connected" });
    else connection.update({ status: everConnected ? "reconnecting" : "connecting" });
  };
  const onSync = (synced: boolean) => {
    if (synced) connection.update({ ready: true, unsynced: false });
  };
  const onClosed = (event: { code: number; reason: string }) => {
    connection.update({
      status: "offline",
      refused: { code: event.code, reason: event.reason || `Connexion refusée (${event.code})` },
    });
  };
  // Any change not coming from the server or from this device's storage is mine.
  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === provider || origin === persistence) return;
    if (!provider.wsconnected || !provider.synced) connection.update({ unsynced: true });
  };
  const onOffline = () => {
    provider.disconnect();
    connection.update({ status: "offline" });
  };
  const onOnline = () => {
    if (connection.get().refused) return;
    connection.update({ status: "reconnecting" });
    provider.connect();
  };

  provider.on("status", onStatus);
  provider.on("sync", onSync);
  provider.on("closed", onClosed);
  doc.on("update", onUpdate);
  window.addEventListener("offline", onOffline);
  window.addEventListener("online", onOnline);
  // What this device kept is shown at once, before (or without) the server.
  persistence.whenSynced.then(() => {
    if (metaMap(doc).has("schemaVersion")) connection.update({ ready: true });
  });

  return {
    id,
    doc,
    awareness,
    undo,
    connection,
    reset: async () => {
      await persistence.clearData();
    },
    destroy: () => {
      window.removeEventListener("offline", onOffline);
      window.removeEventListener("online", onOnline);
      doc.off("update", onUpdate);
      undo.dispose();
      provider.destroy();
      void persistence.destroy();
      doc.destroy();
    },
  };
}
