import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import { ApiError, api } from "../api/client.ts";
import type { VersionSummary } from "../api/types.ts";
import { versionsRevision } from "../app/restore.ts";
import { useUi } from "../app/workspace.ts";
import { useI18n } from "../i18n/i18n.ts";

/** The versions of a référentiel, newest first; loaded again after each validated-export attempt and restore. */
export function useVersions(referentialId: string) {
  const { t } = useI18n();
  const exportResult = useUi((state) => state.exportResult);
  const revision = useSyncExternalStore(versionsRevision.subscribe, versionsRevision.get);
  const [versions, setVersions] = useState<VersionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    api
      .versions(referentialId)
      .then((answer) => setVersions(answer.versions))
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : t("common.unexpected")));
  }, [referentialId, t]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload after each export attempt and restore
  useEffect(reload, [reload, exportResult, revision]);
  return { versions, error, reload };
}
