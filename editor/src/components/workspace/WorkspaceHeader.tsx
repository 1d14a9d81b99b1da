import { LEVELS } from "@refstudio/schema";
import { useEffect } from "react";
import { useWorkspace } from "../../app/workspace.ts";
import { useMeta } from "../../hooks/useMeta.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { BrandMark } from "../BrandMark.tsx";
import { HEADER_ACTIONS } from "./headerActions.tsx";

/** Title and level (also the browser tab's title), then the tools of HEADER_ACTIONS. */
export function WorkspaceHeader() {
  const { doc, summary } = useWorkspace();
  const meta = useMeta(doc);
  const { t } = useI18n();
  const title = meta.title || summary.title || t("meta.untitled");
  const level = (LEVELS as readonly string[]).includes(meta.level) ? meta.level : null;
  useEffect(() => {
    document.title = `${title} — Référentiel Studio`;
  }, [title]);
  return (
    <header className="ws-header">
      <a href="#/" className="ws-header__home" aria-label={t("ref.backHome")}>
        <BrandMark compact />
      </a>
      <div className="ws-header__title">
        <h1 title={title}>{title}</h1>
        <div className="ws-header__tags">
          {meta.rncpCode && <span className="tag mono">{meta.rncpCode}</span>}
          {level && <span className="tag">{t("meta.levelShort", { level: level.replace("NIV", "") })}</span>}
          <span className={`badge badge--role-${summary.role}`}>{t(`role.${summary.role}`)}</span>
        </div>
      </div>
      <div className="ws-header__tools">
        {HEADER_ACTIONS.map(({ id, Component }) => (
          <Component key={id} />
        ))}
      </div>
    </header>
  );
}
