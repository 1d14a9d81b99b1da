import { useMemo } from "react";
import { closeVersion, type OpenedVersion, VersionContext } from "../../app/versionView.ts";
import { createUiState, NO_PERMISSIONS, type Workspace, WorkspaceProvider } from "../../app/workspace.ts";
import { localCollab } from "../../collab/collab.ts";
import { colorFor } from "../../collab/colors.ts";
import { formatDate, useI18n } from "../../i18n/i18n.ts";
import { Button } from "../ui/Button.tsx";
import { Icon } from "../ui/Icon.tsx";
import { WorkspaceLayout } from "../workspace/WorkspaceLayout.tsx";
import { RestoreButton } from "./RestoreButton.tsx";
import "../../styles/history.css";

/**
 * A version shown read-only in the same screens as the live document: the workspace is the live
 * one with the version's document, no permission to write, and its own UI state (starting on the
 * same view), under a banner that says which version it is.
 */
export function VersionWorkspace({ live, opened }: { live: Workspace; opened: OpenedVersion }) {
  const { user } = live;
  const collab = useMemo(
    () =>
      localCollab(`${live.summary.id}@${opened.version.id}`, opened.doc, {
        id: user.id,
        name: user.name,
        color: colorFor(user.id),
      }),
    [live.summary.id, opened, user],
  );
  const ui = useMemo(() => {
    const state = createUiState();
    state.update({ view: live.ui.get().view, panel: "versions", panelOpen: true });
    return state;
  }, [live.ui]);
  const workspace = useMemo<Workspace>(
    () => ({ ...live, collab, doc: opened.doc, can: NO_PERMISSIONS, ui }),
    [live, collab, opened.doc, ui],
  );
  return (
    <VersionContext.Provider value={opened}>
      <WorkspaceProvider value={workspace}>
        <div className="version-view">
          <VersionBanner opened={opened} />
          <WorkspaceLayout live={false} />
        </div>
      </WorkspaceProvider>
    </VersionContext.Provider>
  );
}

function VersionBanner({ opened }: { opened: OpenedVersion }) {
  const { t, lang } = useI18n();
  const { version } = opened;
  return (
    <section className="version-banner" aria-label={t("history.bannerLabel")}>
      <Icon name="history" />
      <p className="version-banner__text">
        {t("history.viewing", { name: version.name, date: formatDate(version.createdAt, lang) })}{" "}
        <span className="version-banner__hint">{t("history.readOnly")}</span>
      </p>
      <RestoreButton version={version} />
      <Button variant="primary" size="sm" icon="left" onClick={closeVersion} autoFocus>
        {t("history.backToCurrent")}
      </Button>
    </section>
  );
}
