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
 * toast offers to undo that change alone (what others wrote since is kept); anyone who may edit
 * can also undo it later from the list of versions.
 */
export async function restoreVersion(referentialId: string, version: VersionSummary): Promise<boolean> {
  try {
    const { restore } = await api.restore(referentialId, version.id);
    versionsRevision.set(versionsRevision.get() + 1);
    closeVersion();
    showToast(
      {
        tone: "success",
        message: t("history.restored", { name: version.name }),
        ...(restore
          ? {
              action: {
                label: t("history.undoRestore"),
                run: () => void undoRestore(referentialId, restore),
              },
            }
          : {}),
      },
      15_000,
    );
    return true;
  } catch (e) {
    showToast({ tone: "error", message: e instanceof ApiError ? e.message : t("common.unexpected") });
    return false;
  }
}

/** Undoes a restore (a version of kind "restore") as one change. */
export async function undoRestore(referentialId: string, restore: VersionSummary): Promise<boolean> {
  try {
    await api.undoRestore(referentialId, restore.id);
    versionsRevision.set(versionsRevision.get() + 1);
    showToast({ tone: "info", message: t("history.restoreUndone") });
    return true;
  } catch (e) {
    showToast({ tone: "error", message: e instanceof ApiError ? e.message : t("common.unexpected") });
    return false;
  }
}
