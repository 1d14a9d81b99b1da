import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";

/**
 * The y-websocket wire protocol, as small stateless functions in the manner of y-protocols'
 * sync.js: `readClientMessage` only decodes (it applies nothing), the writers build whole frames.
 *
 * Frame = [messageType: varUint, payload]. Sync payload = [syncType: varUint, varUint8Array].
 * Awareness payload = [varUint8Array]. Query-awareness has no payload.
 */

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_QUERY_AWARENESS = 3;

export type ClientMessage =
  | { type: "sync-step1"; stateVector: Uint8Array }
  | { type: "sync-step2"; update: Uint8Array }
  | { type: "update"; update: Uint8Array }
  | { type: "awareness"; update: Uint8Array }
  | { type: "query-awareness" };

/** A frame that is not a well-formed client message: the connection is closed with 4400. */
export class MalformedMessageError extends Error {
  override name = "MalformedMessageError";
}

/** Decodes one frame; throws MalformedMessageError on truncated, unknown or trailing data. */
export function readClientMessage(frame: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(frame);
  let message: ClientMessage;
  try {
    message = readMessageBody(decoder);
  } catch (error) {
    if (error instanceof MalformedMessageError) throw error;
    throw new MalformedMessageError(`trame tronquée ou illisible (${(error as Error).message})`);
  }
  if (decoding.hasContent(decoder)) throw new MalformedMessageError("octets en trop après le message");
  return message;
}

function readMessageBody(decoder: decoding.Decoder): ClientMessage {
  const messageType = decoding.readVarUint(decoder);
  switch (messageType) {
    case MESSAGE_SYNC:
      return readSyncBody(decoder);
    case MESSAGE_AWARENESS:
      return { type: "awareness", update: copy(decoding.readVarUint8Array(decoder)) };
    case MESSAGE_QUERY_AWARENESS:
      return { type: "query-awareness" };
    default:
      throw new MalformedMessageError(`type de message inconnu (${messageType})`);
  }
}

function readSyncBody(decoder: decoding.Decoder): ClientMessage {
  const syncType = decoding.readVarUint(decoder);
  const payload = copy(decoding.readVarUint8Array(decoder));
  switch (syncType) {
    case syncProtocol.messageYjsSyncStep1:
      // Decoding checks the state vector now rather than when the reply is computed.
      Y.decodeStateVector(payload);
      return { type: "sync-step1", stateVector: payload };
    case syncProtocol.messageYjsSyncStep2:
      return { type: "sync-step2", update: payload };
    case syncProtocol.messageYjsUpdate:
      return { type: "update", update: payload };
    default:
      throw new MalformedMessageError(`type de message de synchronisation inconnu (${syncType})`);
  }
}

/** Payloads are views into the socket's buffer: copy what is kept (stored, queued, broadcast). */
function copy(view: Uint8Array): Uint8Array {
  return new Uint8Array(view);
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** The server's state vector: asks the client for what the server lacks. */
export function writeSyncStep1(doc: Y.Doc): Uint8Array {
  return frame((encoder) => {
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, doc);
  });
}

/** What the client lacks, given its state vector. */
export function writeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  return frame((encoder) => {
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep2(encoder, doc, stateVector);
  });
}

export function writeUpdate(update: Uint8Array): Uint8Array {
  return frame((encoder) => {
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
  });
}

export function writeAwareness(update: Uint8Array): Uint8Array {
  return frame((encoder) => {
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, update);
  });
}
