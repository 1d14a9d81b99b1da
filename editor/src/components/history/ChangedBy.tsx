import { useViewedVersion } from "../../app/versionView.ts";
import { useWorkspace } from "../../app/workspace.ts";
import { timeAgo, useLastChange } from "../../hooks/useHistory.ts";
import { formatDate, useI18n } from "../../i18n/i18n.ts";

/** « Modifié par Eric il y a 5 min » (or « Ajouté par… ») under an item (or "meta" for the fiche); nothing in a version's view. */
export function ChangedBy({ target }: { target: string }) {
  const { summary, doc } = useWorkspace();
  const viewed = useViewedVersion();
  const { t, lang } = useI18n();
  const change = useLastChange(summary.id, doc, target);
  if (viewed || !change) return null;
  // Never changed since it was added (or since the référentiel was created or imported).
  const added = change.fields.node?.at === change.at;
  return (
    <p className="changed-by" title={formatDate(change.at, lang)}>
      {t(added ? "history.addedBy" : "history.changedBy", {
        name: change.by.name,
        when: timeAgo(change.at, lang),
      })}
    </p>
  );
}
