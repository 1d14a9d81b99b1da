import { useUi, useWorkspace } from "../../app/workspace.ts";
import { useConnection } from "../../hooks/useCollabState.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { OutlinePanel } from "../outline/OutlinePanel.tsx";
import { SidePanel } from "../panel/SidePanel.tsx";
import { ArchivedBanner } from "./ArchivedBanner.tsx";
import { CentreView } from "./CentreView.tsx";
import { DeleteConfirm } from "./DeleteConfirm.tsx";
import { RefusedBanner } from "./RefusedBanner.tsx";
import { WorkspaceHeader } from "./WorkspaceHeader.tsx";

/** Header on top; outline | centre view | side panel below. */
export function WorkspaceLayout() {
  const { collab } = useWorkspace();
  const { ready, status } = useConnection(collab);
  const panelOpen = useUi((state) => state.panelOpen);
  const { t } = useI18n();
  return (
    <div className="workspace">
      <a className="skip-link" href="#centre">
        {t("ref.skipToContent")}
      </a>
      <WorkspaceHeader />
      <RefusedBanner />
      <ArchivedBanner />
      {ready ? (
        <div className={panelOpen ? "workspace__body" : "workspace__body workspace__body--folded"}>
          <OutlinePanel />
          <main id="centre" className="workspace__centre" tabIndex={-1}>
            <CentreView />
          </main>
          <SidePanel />
          <DeleteConfirm />
        </div>
      ) : (
        <main className="splash" aria-busy="true">
          <p>{status === "offline" ? t("conn.neverLoaded") : t("conn.loading")}</p>
        </main>
      )}
    </div>
  );
}
