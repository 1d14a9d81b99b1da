import { showToast } from "../components/ui/Toasts.tsx";
import { t } from "../i18n/i18n.ts";

let lastHint = 0;

/**
 * Says that the text cannot be changed here, and what can be done (« Mode relecture : vous pouvez
 * commenter »), at most every few seconds however many keys are pressed.
 */
export function readOnlyHint(canComment: boolean): void {
  if (Date.now() - lastHint < 4000) return;
  lastHint = Date.now();
  showToast({ tone: "info", message: canComment ? t("review.hint") : t("review.viewerHint") });
}
