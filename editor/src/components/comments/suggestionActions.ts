import { acceptSuggestion, rejectSuggestion } from "@refstudio/schema";
import type * as Y from "yjs";
import type { Translate } from "../../i18n/i18n.ts";
import { showToast } from "../ui/Toasts.tsx";

/** Accepting and rejecting, as the buttons and the keyboard shortcuts do it (with a toast). */

function decide(action: () => void, success: string): boolean {
  try {
    action();
    showToast({ tone: "success", message: success });
    return true;
  } catch (error) {
    showToast({ tone: "error", message: error instanceof Error ? error.message : String(error) });
    return false;
  }
}

export const acceptOne = (doc: Y.Doc, id: string, userId: string, t: Translate): boolean =>
  decide(() => acceptSuggestion(doc, id, userId), t("suggest.acceptedToast"));

export const rejectOne = (doc: Y.Doc, id: string, userId: string, t: Translate): boolean =>
  decide(() => rejectSuggestion(doc, id, userId), t("suggest.rejectedToast"));
