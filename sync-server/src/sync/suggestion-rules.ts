import { SUGGESTION_KEYS } from "@refstudio/schema";
import * as Y from "yjs";
import { checkMessage, checkSignature } from "./message-rules.ts";
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
 * Who may write what under `suggestions` (API.md): like comments, with the decision kept for
 * owners and editors.
 *   suggestions/<id>                   made by anyone who may comment, signed by the writer, open;
 *                                      withdrawn by its author while open, or by moderators
 *   suggestions/<id>/<key>             of an existing suggestion: text, editedAt, and the range it
 *                                      changes (anchor, kind, original: typing in « Suggérer » mode
 *                                      widens it) by its author while open; status, decidedBy
 *                                      (= the writer) and decidedAt by moderators; nothing else
 *                                      (author, at, messages) ever changes
 *   suggestions/<id>/messages/...      replies, as in a comment thread
 */

const MODERATORS = "Seuls les propriétaires et les éditeurs acceptent ou refusent une suggestion";
const AUTHOR_ONLY = "Seul l'auteur d'une suggestion peut la modifier";
const K = SUGGESTION_KEYS;
const DECISION_KEYS: readonly string[] = [K.status, K.decidedBy, K.decidedAt];
const AUTHOR_KEYS: readonly string[] = [K.text, K.editedAt, K.anchor, K.kind, K.original];

export function checkSuggestion(change: Change, writer: Writer, children: ChildrenByContainer): Verdict {
  const { path } = change.location;
  if (path.length === 0) return checkEntry(change, writer, children);
  if (path.length === 1) return checkField(change, writer);
  // Below `messages` (the only container a suggestion holds, as the layout checks).
  return checkMessage(change, writer, children, 2);
}

/** A suggestion made, replaced or withdrawn. */
function checkEntry(change: Change, writer: Writer, children: ChildrenByContainer): Verdict {
  if (change.op === "insert") {
    if (change.replaces && !isModerator(writer)) {
      return forbidden(MODERATORS, "suggestion replaced");
    }
    const signed = checkSignature(change, writer, children, {
      missing: "Une suggestion doit porter son auteur",
      forged: "Une suggestion ne peut pas être signée au nom d'un autre membre",
    });
    if (!signed.ok) return signed;
    const statuses = children.valuesOf(change.id, K.status);
    const decided = DECISION_KEYS.some(
      (key) => key !== K.status && children.valuesOf(change.id, key).length > 0,
    );
    if (statuses.length === 0 || statuses.some((status) => status !== "open") || decided) {
      return forbidden(MODERATORS, "suggestion made already decided");
    }
    return OK;
  }
  if (change.created || isModerator(writer)) return OK;
  const existing = change.content instanceof Y.ContentType ? (change.content.type as Y.Map<unknown>) : null;
  const withdrawable = existing?.get(K.author) === writer.userId && existing?.get(K.status) === "open";
  return withdrawable ? OK : forbidden(AUTHOR_ONLY, "suggestion deleted");
}

/** A field of a suggestion set or removed. */
function checkField(change: Change, writer: Writer): Verdict {
  const suggestion = change.location.path[0]?.existing as Y.Map<unknown> | null | undefined;
  if (!suggestion) return OK; // made by this update: checked with its entry
  const key = change.location.key ?? "";
  if (DECISION_KEYS.includes(key)) {
    if (!isModerator(writer)) return forbidden(MODERATORS, `suggestion ${key} changed`);
    const value = change.content instanceof Y.ContentAny ? change.content.getContent()[0] : writer.userId;
    if (key === K.decidedBy && change.op === "insert" && value !== writer.userId) {
      return forbidden("Une décision ne peut pas être prise au nom d'un autre membre", "forged decider");
    }
    return OK;
  }
  if (AUTHOR_KEYS.includes(key)) {
    if (suggestion.get(K.author) !== writer.userId)
      return forbidden(AUTHOR_ONLY, `suggestion ${key} changed`);
    if (suggestion.get(K.status) !== "open") {
      return forbidden("Une suggestion traitée ne se modifie plus", `decided suggestion ${key} changed`);
    }
    return OK;
  }
  return forbidden("Ce champ d'une suggestion ne peut pas être modifié", `suggestion ${key} changed`);
}
