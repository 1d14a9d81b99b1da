import { MESSAGE_KEYS } from "@refstudio/schema";
import * as Y from "yjs";
import type { Change } from "./update-inspection.ts";
import {
  type ChildrenByContainer,
  forbidden,
  isModerator,
  OK,
  type Verdict,
  type Writer,
} from "./verdict.ts";

/**
 * Rules for the messages of a comment thread or of a suggestion's discussion, below their list:
 *   <list>/[i]          a message: its author must be the writer; deleted by its author or moderators
 *   <list>/[i]/<key>    of an existing message: only body and editedAt, only by its author
 * `depth` is the number of containers above the message in the change's path (its list's depth + 1).
 */

const OTHERS_MESSAGE = "Seul l'auteur d'un message peut le modifier";

export function checkMessage(
  change: Change,
  writer: Writer,
  children: ChildrenByContainer,
  depth: number,
): Verdict {
  const { path, key } = change.location;
  if (path.length === depth) {
    if (change.op === "insert") return checkNewMessage(change, writer, children);
    if (change.created) return OK;
    const author =
      change.content instanceof Y.ContentType
        ? (change.content.type as Y.Map<unknown>).get(MESSAGE_KEYS.author)
        : null;
    return author === writer.userId || isModerator(writer)
      ? OK
      : forbidden(OTHERS_MESSAGE, "message deletion");
  }
  const message = path[depth]?.existing as Y.Map<unknown> | null | undefined;
  if (!message) return OK; // a message created by this update: checked with its insertion
  if (key !== MESSAGE_KEYS.body && key !== MESSAGE_KEYS.editedAt) {
    return forbidden("Ce champ d'un message ne peut pas être modifié", `message ${key} changed`);
  }
  return message.get(MESSAGE_KEYS.author) === writer.userId ? OK : forbidden(OTHERS_MESSAGE, "message edit");
}

function checkNewMessage(change: Change, writer: Writer, children: ChildrenByContainer): Verdict {
  return checkSignature(change, writer, children, {
    missing: "Un message doit porter son auteur",
    forged: "Un message ne peut pas être signé au nom d'un autre membre",
  });
}

/** A new map (a message, a suggestion) must carry an author, and only the writer as author. */
export function checkSignature(
  change: Change,
  writer: Writer,
  children: ChildrenByContainer,
  reasons: { missing: string; forged: string },
): Verdict {
  const authors = children.valuesOf(change.id, MESSAGE_KEYS.author);
  if (authors.length === 0) return forbidden(reasons.missing, "without author");
  if (authors.some((author) => author !== writer.userId)) return forbidden(reasons.forged, "forged author");
  return OK;
}
