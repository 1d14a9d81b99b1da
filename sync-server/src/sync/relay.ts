import type { Role } from "../store/types.ts";

/**
 * Fan-out between server processes that share one store (scale-out): what one process accepted
 * and stored is applied and broadcast by the others that have the document loaded.
 */
export interface Relay {
  /** An update this process accepted and stored. */
  publishUpdate(docId: string, update: Uint8Array): void;
  /** An awareness change of this process's connections. */
  publishAwareness(docId: string, update: Uint8Array): void;
  /** Starts receiving a document's messages from other processes; resolves once subscribed. */
  subscribe(docId: string, handlers: RemoteHandlers): Promise<void>;
  unsubscribe(docId: string): Promise<void>;
  /** A change that open connections on every process must see (role change, sign-out, archive). */
  publishControl(message: ControlMessage): void;
  /** Receives the control messages of the other processes. */
  onControl(handler: (message: ControlMessage) => void): void;
  close(): Promise<void>;
}

export type ControlMessage =
  | { type: "member"; docId: string; userId: string; role: Role | null }
  | { type: "session"; sessionHash: string }
  | { type: "archived"; docId: string; archived: boolean };

export type RemoteHandlers = {
  update(update: Uint8Array): void;
  awareness(update: Uint8Array): void;
};
