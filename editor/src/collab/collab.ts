import { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { guardPresence } from "./presence-guard.ts";
import { Store } from "./store.ts";
import { PageUndoManager } from "./undo.ts";
import { rememberWriters } from "./writers.ts";

/**
 * One open référentiel on this page: its Y.Doc, awareness (presence), the undo manager of *my*
 * changes and the connection state. Created outside React (see registry.ts) and handed to
 * components, which never touch the provider themselves.
 */
export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "offline";

export type ConnectionState = {
  status: ConnectionStatus;
  /** The document has content to show: synced with the server or loaded from this device. */
  ready: boolean;
  /** Edits were made while not connected and have not been sent yet. */
  unsynced: boolean;
  /** The server closed the connection for good (44xx), with its reason. */
  refused: { code: number; reason: string } | null;
};

/** What every presence state carries (Tiptap's caret extension reads `user`). */
export type PresenceUser = { id: string; name: string; color: string };
export type PresenceFocus = { nodeId: string | null; field: string };

export type Collab = {
  id: string;
  doc: Y.Doc;
  awareness: Awareness;
  undo: PageUndoManager;
  connection: Store<ConnectionState>;
  /** Forget what this device kept for the document and load it again from the server. */
  reset: () => Promise<void>;
  destroy: () => void;
};

/** Undo/redo over the three roots, tracking only this replica's commands and Tiptap edits. */
export function createUndoManager(doc: Y.Doc): PageUndoManager {
  return new PageUndoManager(doc);
}

/** A document that lives only in memory (tests, the dev sandbox): always "connected". */
export function localCollab(id: string, doc: Y.Doc, user: PresenceUser): Collab {
  const awareness = new Awareness(doc);
  guardPresence(awareness);
  awareness.setLocalStateField("user", user);
  rememberWriters(awareness);
  const undo = createUndoManager(doc);
  return {
    id,
    doc,
    awareness,
    undo,
    connection: new Store<ConnectionState>({
      status: "connected",
      ready: true,
      unsynced: false,
      refused: null,
    }),
    reset: async () => undefined,
    destroy: () => {
      undo.dispose();
      awareness.destroy();
      doc.destroy();
    },
  };
}
