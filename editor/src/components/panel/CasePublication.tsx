import { useCallback, useEffect, useState } from "react";
import { ApiError, api } from "../../api/client.ts";
import type { CasePublication as Publication, VersionSummary } from "../../api/types.ts";
import { useWorkspace } from "../../app/workspace.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { Button } from "../ui/Button.tsx";

/**
 * Which version the CASE 1.1 provider serves: its address, and (owners) publish a version or
 * withdraw it. Shown under each version, so the choice is made where the versions are.
 */
export function useCasePublication() {
  const { summary } = useWorkspace();
  const { t } = useI18n();
  const [publication, setPublication] = useState<Publication | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api
      .casePublication(summary.id)
      .then((answer) => live && setPublication(answer.publication))
      .catch(() => live && setPublication(null));
    return () => {
      live = false;
    };
  }, [summary.id]);
  const publish = useCallback(
    async (versionId: string | null) => {
      setError(null);
      try {
        setPublication((await api.setCasePublication(summary.id, versionId)).publication);
      } catch (e) {
        setError(t("case.failed", { message: e instanceof ApiError ? e.message : t("common.unexpected") }));
      }
    },
    [summary.id, t],
  );
  return { publication, publish, error };
}

export function CasePublicationControl({
  version,
  state,
}: {
  version: VersionSummary;
  state: ReturnType<typeof useCasePublication>;
}) {
  const { can } = useWorkspace();
  const { t } = useI18n();
  const published = state.publication?.versionId === version.id;
  if (!published && !can.manage) return null;
  return (
    <div className="case-publication">
      {published && (
        <p className="case-publication__line">
          <span className="badge badge--ok">{t("case.published")}</span>{" "}
          <a href={state.publication?.url} target="_blank" rel="noreferrer" aria-label={t("case.url")}>
            <code>{state.publication?.url}</code>
          </a>
        </p>
      )}
      {can.manage && (
        <Button
          size="sm"
          variant="ghost"
          icon={published ? "x" : "cloud"}
          onClick={() => void state.publish(published ? null : version.id)}
        >
          {published ? t("case.unpublish") : t("case.publish")}
        </Button>
      )}
    </div>
  );
}
