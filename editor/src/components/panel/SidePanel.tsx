import { type KeyboardEvent, useRef } from "react";
import { openPanel, type PanelTab, useUi, useWorkspace } from "../../app/workspace.ts";
import { useSuggestions } from "../../hooks/useSuggestions.ts";
import { useThreads } from "../../hooks/useThreads.ts";
import { useValidation } from "../../hooks/useValidation.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { CommentsPanel } from "../comments/CommentsPanel.tsx";
import { SuggestionKeys } from "../comments/SuggestionKeys.tsx";
import { Button } from "../ui/Button.tsx";
import { Icon, type IconName } from "../ui/Icon.tsx";
import { MembersPanel } from "./MembersPanel.tsx";
import { ValidationList } from "./ValidationList.tsx";
import { VersionsPanel } from "./VersionsPanel.tsx";

const TAB_ICONS: Record<PanelTab, IconName> = {
  validation: "shield",
  comments: "comment",
  versions: "history",
  members: "users",
};

/** The right panel: Validation, Comments, Versions and (owners) Members, as tabs. */
export function SidePanel() {
  const { doc, can, ui } = useWorkspace();
  const panel = useUi((state) => state.panel);
  const open = useUi((state) => state.panelOpen);
  const report = useValidation(doc);
  const threads = useThreads(doc);
  const suggestions = useSuggestions(doc);
  const { t } = useI18n();
  const tabs: { id: PanelTab; label: string; count?: number; tone?: string }[] = [
    {
      id: "validation",
      label: t("panel.validation"),
      count: report.errors + report.warnings,
      tone: report.errors > 0 ? "error" : report.warnings > 0 ? "warning" : "ok",
    },
    {
      id: "comments",
      label: t("panel.comments"),
      count:
        threads.filter((th) => th.status === "open").length +
        suggestions.filter((s) => s.status === "open").length,
    },
    { id: "versions", label: t("panel.versions") },
  ];
  if (can.manage) tabs.push({ id: "members", label: t("panel.members") });
  const refs = useRef<Partial<Record<PanelTab, HTMLButtonElement | null>>>({});

  const onKeyDown = (event: KeyboardEvent) => {
    const index = tabs.findIndex((tab) => tab.id === panel);
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = tabs[(index + step + tabs.length) % tabs.length];
    if (!next) return;
    ui.update({ panel: next.id });
    refs.current[next.id]?.focus();
  };

  if (!open) {
    return (
      <aside className="side side--folded" aria-label={t("panel.label")}>
        <SuggestionKeys />
        <Button
          size="sm"
          variant="ghost"
          icon="left"
          aria-label={t("panel.unfold")}
          title={t("panel.unfold")}
          onClick={() => ui.update({ panelOpen: true })}
        />
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            className="side__rail-tab"
            aria-label={tab.count ? `${tab.label} (${tab.count})` : tab.label}
            title={tab.label}
            onClick={() => openPanel(ui, tab.id)}
          >
            <Icon name={TAB_ICONS[tab.id]} />
            {tab.count !== undefined && tab.count > 0 && (
              <span className={`tabs__count tabs__count--${tab.tone ?? "neutral"}`}>{tab.count}</span>
            )}
          </button>
        ))}
      </aside>
    );
  }

  return (
    <aside className="side" aria-label={t("panel.label")}>
      <SuggestionKeys />
      <Button
        size="sm"
        variant="secondary"
        icon="right"
        className="side__fold"
        aria-label={t("panel.fold")}
        title={t("panel.fold")}
        onClick={() => ui.update({ panelOpen: false })}
      />
      <div className="tabs" role="tablist" aria-label={t("panel.label")} onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            ref={(el) => {
              refs.current[tab.id] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${tab.id}`}
            aria-selected={panel === tab.id}
            aria-controls={`tabpanel-${tab.id}`}
            tabIndex={panel === tab.id ? 0 : -1}
            className="tabs__tab"
            onClick={() => ui.update({ panel: tab.id })}
          >
            {tab.label}
            {tab.count !== undefined && tab.count > 0 && (
              <span className={`tabs__count tabs__count--${tab.tone ?? "neutral"}`}>{tab.count}</span>
            )}
          </button>
        ))}
      </div>
      <div className="side__body" role="tabpanel" id={`tabpanel-${panel}`} aria-labelledby={`tab-${panel}`}>
        {panel === "validation" && <ValidationList />}
        {panel === "comments" && <CommentsPanel />}
        {panel === "versions" && <VersionsPanel />}
        {panel === "members" && can.manage && <MembersPanel />}
      </div>
    </aside>
  );
}
