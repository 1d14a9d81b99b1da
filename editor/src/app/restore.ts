import { ApiError, api } from "../api/client.ts";
import type { VersionSummary } from "../api/types.ts";
import { Store } from "../collab/store.ts";
import { showToast } from "../components/ui/Toasts.tsx";
import { t } from "../i18n/i18n.ts";
import { closeVersion } from "./versionView.ts";

/** Bumped after a restore (and its undo), so version lists load again. */
export const versionsRevision = new Store(0);

/**
 * Restores a version: the server makes it the live content as one change everyone receives. The
 * toast offers to undo it (restoring what was saved just before), for anyone who may edit.
 */
export async function restoreVersion(referentialId: string, version: VersionSummary): Promise<boolean> {
  try {
    const { before } = await api.restore(referentialId, version.id);
    versionsRevision.set(versionsRevision.get() + 1);
    closeVersion();
    showToast(
      {
        tone: "success",
        message: t("history.restored", { name: version.name }),
        action: {
          label: t("history.undoRestore"),
          run: () => {
            void api
              .restore(referentialId, before.id)
              .then(() => {
                versionsRevision.set(versionsRevision.get() + 1);
                showToast({ tone: "info", message: t("history.restoreUndone") });
              })
              .catch((e: unknown) =>
                showToast({
                  tone: "error",
                  message: e instanceof ApiError ? e.message : t("common.unexpected"),
                }),
              );
          },
        },
      },
      15_000,
    );
    return true;
  } catch (e) {
    showToast({ tone: "error", message: e instanceof ApiError ? e.message : t("common.unexpected") });
    return false;
  }
}
