import { ROOT_COMMENTS, ROOT_SUGGESTIONS, THREAD_KEYS } from "@refstudio/schema";
import { contentError, slotOf } from "./doc-layout.ts";
import { checkMessage } from "./message-rules.ts";
import { checkSuggestion } from "./suggestion-rules.ts";
import type { Change, Inspection } from "./update-inspection.ts";
import {
  broken,
  ChildrenByContainer,
  describe,
  forbidden,
  isModerator,
  OK,
  type Verdict,
  type Writer,
} from "./verdict.ts";

/**
 * Decides whether a connection may apply an inspected update: its role (viewers write nothing,
 * reviewers only under `comments` and `suggestions`), the authorship of comments and suggestions,
 * and the document's structure. Pure: the same inspection and writer always get the same verdict.
 */

export type { Verdict, Writer };

const MODERATORS_ONLY = "Seuls les propriétaires et les éditeurs peuvent supprimer ou déplacer un fil";

export function authorizeUpdate(inspection: Inspection, writer: Writer): Verdict {
  if (inspection.empty) return OK;
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
  return OK;
}

function checkStructure(change: Change): Verdict {
  const slot = slotOf(change.location);
  if (slot !== "free" && "error" in slot) return broken(slot.error);
  if (slot !== "free" && slot.kind === "value" && slot.serverOnly) {
    return broken(`champ géré par le serveur (${change.location.key})`);
  }
  if (change.op === "delete") return OK;
  const error = contentError(slot, change.content);
  return error ? broken(`${error} (${describe(change)})`) : OK;
}

function checkRole(change: Change, writer: Writer, children: ChildrenByContainer): Verdict {
  const { root } = change.location;
  if (root === ROOT_COMMENTS) return checkComment(change, writer, children);
  if (root === ROOT_SUGGESTIONS) return checkSuggestion(change, writer, children);
  if (writer.role !== "reviewer") return OK;
  return forbidden(
    "Un relecteur ne peut modifier que les commentaires et les suggestions",
    `reviewer wrote ${describe(change)}`,
  );
}

/**
 * comments/<thread>                       thread entry: anyone adds, moderators delete or replace
 * comments/<thread>/<key>                 status: anyone; anchor and messages: only when the thread is new, or moderators
 * comments/<thread>/messages/...          messages (message-rules.ts)
 */
function checkComment(change: Change, writer: Writer, children: ChildrenByContainer): Verdict {
  const moderator = isModerator(writer);
  const { path, key } = change.location;
  switch (path.length) {
    case 0: {
      const removes = change.op === "delete" ? !change.created : change.replaces;
      return !removes || moderator ? OK : forbidden(MODERATORS_ONLY, "thread deletion");
    }
    case 1: {
      const thread = path[0];
      if (!thread?.existing || key === THREAD_KEYS.status || moderator) return OK;
      return forbidden(MODERATORS_ONLY, `thread ${key} changed`);
    }
    case 2:
    case 3:
      return checkMessage(change, writer, children, 2);
    default:
      return broken(`trop profond sous comments (${describe(change)})`);
  }
}
