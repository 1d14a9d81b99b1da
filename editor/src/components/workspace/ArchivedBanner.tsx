import { useWorkspace } from "../../app/workspace.ts";
import { useI18n } from "../../i18n/i18n.ts";
import "./archived-banner.css";

/** Says why everything is read-only when the référentiel is archived. */
export function ArchivedBanner() {
  const { summary } = useWorkspace();
  const { t } = useI18n();
  if (!summary.archived) return null;
  return (
    <div className="banner banner--archived" role="status">
      <div>
        <strong>{t("archive.banner")}</strong>
        <p className="banner__detail">{t("archive.bannerDetail")}</p>
      </div>
    </div>
  );
}
