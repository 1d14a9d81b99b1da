import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { ApiError, api } from "../api/client.ts";
import type { ReferentialSummary } from "../api/types.ts";
import type { Place } from "../app/router.ts";
import { useUser } from "../app/session.tsx";
import { closeVersion, comparedPair, useOpenedVersion } from "../app/versionView.ts";
import { createUiState, createWorkspace, type Workspace, WorkspaceProvider } from "../app/workspace.ts";
import type { Collab } from "../collab/collab.ts";
import { colorFor } from "../collab/colors.ts";
import { acquireCollab, releaseCollab } from "../collab/registry.ts";
import { BrandMark } from "../components/BrandMark.tsx";
import { VersionWorkspace } from "../components/history/VersionWorkspace.tsx";
import { PasteIntoEmpty } from "../components/import/PasteIntoEmpty.tsx";
import { WorkspaceLayout } from "../components/workspace/WorkspaceLayout.tsx";
import { useVersionUrl } from "../hooks/usePlaceUrl.ts";
import { useI18n } from "../i18n/i18n.ts";

const summaryKey = (userId: string, id: string) => `refstudio.summary:${userId}:${id}`;

function rememberSummary(userId: string, summary: ReferentialSummary): void {
  try {
    localStorage.setItem(summaryKey(userId, summary.id), JSON.stringify(summary));
  } catch {
    // storage full or disabled: only offline reloads lose their shortcut
  }
}

function rememberedSummary(userId: string, id: string): ReferentialSummary | null {
  try {
    const text = localStorage.getItem(summaryKey(userId, id));
    return text ? (JSON.parse(text) as ReferentialSummary) : null;
  } catch {
    return null;
  }
}

function sameSummary(a: ReferentialSummary, b: ReferentialSummary): boolean {
  return a.role === b.role && a.title === b.title && a.status === b.status && a.archived === b.archived;
}

/** The référentiel page: loads my role, opens the shared document and lays out the workspace. */
export function ReferentialScreen({ id, place }: { id: string; place: Place }) {
  const { t } = useI18n();
  const user = useUser();
  const [summary, setSummary] = useState<ReferentialSummary | null>(null);
  // What the server says after refusing my changes for good (applied when I start again).
  const [current, setCurrent] = useState<ReferentialSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [collab, setCollab] = useState<Collab | null>(null);

  useEffect(() => {
    let live = true;
    api
      .referential(id)
      .then((found) => {
        rememberSummary(user.id, found);
        if (live) setSummary(found);
      })
      .catch((e: unknown) => {
        if (!live) return;
        // Offline, the référentiel still opens from what this device kept.
        const kept = e instanceof ApiError && e.status === 0 ? rememberedSummary(user.id, id) : null;
        if (kept) setSummary(kept);
        else setError(e instanceof ApiError ? e.message : t("common.unexpected"));
      });
    return () => {
      live = false;
    };
  }, [id, t, user.id]);

  const opened = summary !== null;
  useEffect(() => {
    if (!opened) return;
    setCollab(acquireCollab(id, { id: user.id, name: user.name, color: colorFor(user.id) }));
    return () => releaseCollab(id);
  }, [id, opened, user]);

  // My role can change while the page is open (the server applies it to my connection at once):
  // re-read it when I come back to the page and when the server refuses a change. Once refused
  // for good, the page keeps my former permissions until I start again (nothing typed is lost).
  useEffect(() => {
    if (!collab) return;
    const refresh = () => {
      api
        .referential(id)
        .then((found) => {
          rememberSummary(user.id, found);
          if (collab.connection.get().refused) setCurrent(found);
          else setSummary((shown) => (shown && sameSummary(shown, found) ? shown : found));
        })
        .catch(() => undefined);
    };
    let refused = collab.connection.get().refused;
    const unsubscribe = collab.connection.subscribe(() => {
      const next = collab.connection.get().refused;
      if (next && next !== refused) refresh();
      refused = next;
    });
    window.addEventListener("focus", refresh);
    return () => {
      unsubscribe();
      window.removeEventListener("focus", refresh);
    };
  }, [collab, id, user.id]);

  // Opened at the place of the URL; later changes of place go through usePlaceUrl.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the place only seeds the page's state
  const ui = useMemo(() => createUiState(place), []);
  const suggesting = useSyncExternalStore(ui.subscribe, () => ui.get().suggestMode);
  const openedVersion = useOpenedVersion(id);
  useVersionUrl(id);
  // A version opened on this page is closed when the page goes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: closed again when the référentiel changes
  useEffect(
    () => () => {
      closeVersion();
      comparedPair.set(null);
    },
    [id],
  );
  const workspace = useMemo<Workspace | null>(
    () =>
      collab && summary
        ? createWorkspace({ collab, user, summary, current: current ?? summary, ui, suggesting })
        : null,
    [collab, summary, current, user, ui, suggesting],
  );

  if (error) {
    return (
      <main className="splash">
        <BrandMark />
        <p className="form-error" role="alert">
          {error}
        </p>
        <a href="#/">{t("ref.backHome")}</a>
      </main>
    );
  }
  if (!workspace) {
    return (
      <main className="splash" aria-busy="true">
        <p>{t("common.loading")}</p>
      </main>
    );
  }
  return (
    <WorkspaceProvider value={workspace}>
      {openedVersion ? <VersionWorkspace live={workspace} opened={openedVersion} /> : <WorkspaceLayout />}
      {!openedVersion && <PasteIntoEmpty />}
    </WorkspaceProvider>
  );
}
