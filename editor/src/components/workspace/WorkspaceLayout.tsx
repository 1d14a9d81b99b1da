import type { ReactNode } from "react";
import { useUi, useWorkspace } from "../../app/workspace.ts";
import { useConnection } from "../../hooks/useCollabState.ts";
import { useKeepOnDelete } from "../../hooks/useKeepOnDelete.ts";
import { usePlaceUrl } from "../../hooks/usePlaceUrl.ts";
import { useShortcuts } from "../../hooks/useShortcuts.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { OutlinePanel } from "../outline/OutlinePanel.tsx";
import { SidePanel } from "../panel/SidePanel.tsx";
import { PrintView } from "../print/PrintView.tsx";
import { SearchDialog } from "../search/SearchDialog.tsx";
import { ArchivedBanner } from "./ArchivedBanner.tsx";
import { CentreView } from "./CentreView.tsx";
import { DeleteConfirm } from "./DeleteConfirm.tsx";
import { RefusedBanner, UnsentTexts } from "./RefusedBanner.tsx";
import { ShortcutsDialog } from "./ShortcutsDialog.tsx";
import { WorkspaceHeader } from "./WorkspaceHeader.tsx";

/**
 * Header on top; outline | centre view | side panel below. The same screens show a read-only
 * document (a version) when the workspace is `readOnly`: its banner goes under the header, and
 * `banner` lets the caller add its own (e.g. « Comparer avec… »). `live` = the page's URL follows
 * the place shown (off for a version shown inside another page).
 */
export function WorkspaceLayout({ banner, live = true }: { banner?: ReactNode; live?: boolean }) {
  const { collab, readOnly } = useWorkspace();
  const { ready, status } = useConnection(collab);
  const panelOpen = useUi((state) => state.panelOpen);
  const { t } = useI18n();
  usePlaceUrl(ready && live);
  useShortcuts();
  useKeepOnDelete();
  return (
    <div className="workspace">
      <a className="skip-link" href="#centre">
        {t("ref.skipToContent")}
      </a>
      <WorkspaceHeader />
      <RefusedBanner />
      <ArchivedBanner />
      <UnsentTexts />
      {readOnly && (
        <div className="banner banner--info" role="status">
          {readOnly.banner}
        </div>
      )}
      {banner}
      {ready ? (
        <div className={panelOpen ? "workspace__body" : "workspace__body workspace__body--folded"}>
          <OutlinePanel />
          <main id="centre" className="workspace__centre" tabIndex={-1}>
            <CentreView />
          </main>
          <SidePanel />
          <DeleteConfirm />
          <SearchDialog />
          <ShortcutsDialog />
        </div>
      ) : (
        <main className="splash" aria-busy="true">
          <p>{status === "offline" ? t("conn.neverLoaded") : t("conn.loading")}</p>
        </main>
      )}
      {ready && <PrintView />}
    </div>
  );
}
