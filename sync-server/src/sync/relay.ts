import type { Role } from "../store/types.ts";

/**
 * Fan-out between server processes that share one store (scale-out): what one process accepted
 * and stored is applied and broadcast by the others that have the document loaded.
 *
 * The relay is a shortcut, not the truth: a message can be lost (an outage, a failed publish).
 * Every update is stored before it is published, with its sequence number in the store's log, so
 * a process that sees a gap in the numbers, or hears that the relay was down, reads what it
 * missed from the store (see catch-up.ts).
 */
export interface Relay {
  /** An update this process accepted and stored as `seq` in the document's log. */
  publishUpdate(docId: string, seq: number, update: Uint8Array): void;
  /** An awareness change of this process's connections. */
  publishAwareness(docId: string, update: Uint8Array): void;
  /**
   * Starts receiving a document's messages from other processes; resolves once subscribed, or at
   * once during an outage (the subscription is then made when the relay is back).
   */
  subscribe(docId: string, handlers: RemoteHandlers): Promise<void>;
  unsubscribe(docId: string): Promise<void>;
  /** A change that open connections on every process must see (role change, sign-out, archive, deletion). */
  publishControl(message: ControlMessage): void;
  /** Receives the control messages of the other processes. */
  onControl(handler: (message: ControlMessage) => void): void;
  /** False during an outage: messages published meanwhile are lost. */
  readonly connected: boolean;
  /** Called each time the relay is back after an outage, once its subscriptions are in place. */
  onRestored(handler: () => void): void;
  close(): Promise<void>;
}

export type ControlMessage =
  | { type: "member"; docId: string; userId: string; role: Role | null }
  | { type: "session"; sessionHash: string }
  | { type: "archived"; docId: string; archived: boolean }
  | { type: "deleted"; docId: string };

export type RemoteHandlers = {
  /** An update another process stored as `seq`. */
  update(seq: number, update: Uint8Array): void;
  awareness(update: Uint8Array): void;
};
