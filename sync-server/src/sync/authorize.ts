import { MESSAGE_KEYS, ROOT_COMMENTS, THREAD_KEYS } from "@refstudio/schema";
import * as Y from "yjs";
import type { Role } from "../store/types.ts";
import { CLOSE } from "./close-codes.ts";
import { contentError, slotOf } from "./doc-layout.ts";
import type { Change, Inspection } from "./update-inspection.ts";

/**
 * Decides whether a connection may apply an inspected update: its role (viewers write nothing,
 * reviewers only under `comments`), comment authorship, and the document's structure. Pure: the
 * same inspection and writer always get the same verdict.
 */

export type Writer = { role: Role; userId: string };

export type Verdict =
  | { ok: true }
  | { ok: false; code: typeof CLOSE.forbidden | typeof CLOSE.structure; reason: string; detail: string };

const forbidden = (reason: string, detail: string): Verdict => ({
  ok: false,
  code: CLOSE.forbidden,
  reason,
  detail,
});
const broken = (detail: string): Verdict => ({
  ok: false,
  code: CLOSE.structure,
  reason: "Modification refusée : elle casserait la structure du référentiel",
  detail,
});

const OTHERS_MESSAGE = "Seul l'auteur d'un message peut le modifier";
const MODERATORS_ONLY = "Seuls les propriétaires et les éditeurs peuvent supprimer ou déplacer un fil";

export function authorizeUpdate(inspection: Inspection, writer: Writer): Verdict {
  if (inspection.empty) return { ok: true };
  if (writer.role === "viewer") {
    return forbidden("Lecture seule : votre rôle ne permet pas de modifier ce référentiel", "viewer update");
  }
  const children = new ChildrenByContainer(inspection.changes);
  for (const change of inspection.changes) {
    const verdict = checkRole(change, writer, children);
    if (!verdict.ok) return verdict;
    const structure = checkStructure(change);
    if (!structure.ok) return structure;
  }
  return { ok: true };
}

const idKey = (id: Y.ID) => `${id.client}:${id.clock}`;

/** Inserts grouped by the item of their direct container, to read a new message's author: built on first use. */
class ChildrenByContainer {
  #map: Map<string, Change[]> | undefined;

  constructor(private readonly changes: Change[]) {}

  of(id: Y.ID): Change[] {
    if (!this.#map) {
      this.#map = new Map();
      for (const change of this.changes) {
        const parent = change.location.path.at(-1);
        if (change.op !== "insert" || !parent) continue;
        const key = idKey(parent.id);
        const siblings = this.#map.get(key);
        if (siblings) siblings.push(change);
        else this.#map.set(key, [change]);
      }
    }
    return this.#map.get(idKey(id)) ?? [];
  }
}

function checkStructure(change: Change): Verdict {
  const slot = slotOf(change.location);
  if (slot !== "free" && "error" in slot) return broken(slot.error);
  if (slot !== "free" && slot.kind === "value" && slot.serverOnly) {
    return broken(`champ géré par le serveur (${change.location.key})`);
  }
  if (change.op === "delete") return { ok: true };
  const error = contentError(slot, change.content);
  return error ? broken(`${error} (${describe(change)})`) : { ok: true };
}

function describe(change: Change): string {
  const keys = [...change.location.path.map((s) => s.key ?? "[]"), change.location.key ?? "[]"];
  return [change.location.root, ...keys].join("/").slice(0, 80);
}

function checkRole(change: Change, writer: Writer, children: ChildrenByContainer): Verdict {
  const { root } = change.location;
  if (root !== ROOT_COMMENTS) {
    if (writer.role !== "reviewer") return { ok: true };
    return forbidden(
      "Un relecteur ne peut modifier que les commentaires",
      `reviewer wrote ${describe(change)}`,
    );
  }
  return checkComment(change, writer, children);
}

/**
 * comments/<thread>                       thread entry: anyone adds, moderators delete or replace
 * comments/<thread>/<key>                 status: anyone; anchor and messages: only when the thread is new, or moderators
 * comments/<thread>/messages/[i]          a message: its author must be the writer; deleted by its author or moderators
 * comments/<thread>/messages/[i]/<key>    of an existing message: only body and editedAt, only by its author
 */
function checkComment(change: Change, writer: Writer, children: ChildrenByContainer): Verdict {
  const moderator = writer.role === "owner" || writer.role === "editor";
  const { path, key } = change.location;
  switch (path.length) {
    case 0: {
      const removes = change.op === "delete" ? !change.created : change.replaces;
      return !removes || moderator ? { ok: true } : forbidden(MODERATORS_ONLY, "thread deletion");
    }
    case 1: {
      const thread = path[0];
      if (!thread?.existing || key === THREAD_KEYS.status || moderator) return { ok: true };
      return forbidden(MODERATORS_ONLY, `thread ${key} changed`);
    }
    case 2: {
      if (change.op === "insert") return checkNewMessage(change, writer, children);
      if (change.created) return { ok: true };
      const author =
        change.content instanceof Y.ContentType
          ? (change.content.type as Y.Map<unknown>).get(MESSAGE_KEYS.author)
          : null;
      return author === writer.userId || moderator
        ? { ok: true }
        : forbidden(OTHERS_MESSAGE, "message deletion");
    }
    case 3: {
      const message = path[2]?.existing as Y.Map<unknown> | null | undefined;
      if (!message) return { ok: true }; // a message created by this update: checked with its insertion
      if (key !== MESSAGE_KEYS.body && key !== MESSAGE_KEYS.editedAt) {
        return forbidden("Ce champ d'un message ne peut pas être modifié", `message ${key} changed`);
      }
      return message.get(MESSAGE_KEYS.author) === writer.userId
        ? { ok: true }
        : forbidden(OTHERS_MESSAGE, "message edit");
    }
    default:
      return broken(`trop profond sous comments (${describe(change)})`);
  }
}

function checkNewMessage(change: Change, writer: Writer, children: ChildrenByContainer): Verdict {
  const authors = children.of(change.id).filter((c) => c.location.key === MESSAGE_KEYS.author);
  if (authors.length === 0) return forbidden("Un message doit porter son auteur", "message without author");
  for (const author of authors) {
    const content = author.content;
    if (content instanceof Y.ContentDeleted) continue;
    if (!(content instanceof Y.ContentAny) || content.getContent()[0] !== writer.userId) {
      return forbidden("Un message ne peut pas être signé au nom d'un autre membre", "forged author");
    }
  }
  return { ok: true };
}
