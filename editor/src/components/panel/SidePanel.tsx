import { type KeyboardEvent, useEffect, useRef } from "react";
import { openPanel, useUi, useWorkspace } from "../../app/workspace.ts";
import { useNarrowScreen } from "../../hooks/useNarrowScreen.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { SuggestionKeys } from "../comments/SuggestionKeys.tsx";
import { Button } from "../ui/Button.tsx";
import { Icon } from "../ui/Icon.tsx";
import { PANEL_TABS, type PanelTabSpec } from "./tabs.tsx";
import "./side-panel.css";

/**
 * The right panel: the tabs of PANEL_TABS (Validation, Comments, Versions, Members…). On a wide
 * screen it sits beside the bloc; below ~1280 px it is a drawer over the page, folded by default,
 * so the bloc keeps its width.
 */
export function SidePanel() {
  const workspace = useWorkspace();
  const { ui } = workspace;
  const panel = useUi((state) => state.panel);
  const open = useUi((state) => state.panelOpen);
  const narrow = useNarrowScreen();
  const { t } = useI18n();
  const tabs = PANEL_TABS.filter((tab) => tab.visible(workspace));
  const current = tabs.find((tab) => tab.id === panel) ?? tabs[0];
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const drawer = useRef<HTMLElement>(null);

  // A drawer opened from the keyboard takes the focus; Escape gives it back to the page.
  useEffect(() => {
    if (!narrow || !open) return;
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key === "Escape" && drawer.current?.contains(document.activeElement)) {
        ui.update({ panelOpen: false });
        document.getElementById("centre")?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [narrow, open, ui]);

  const onKeyDown = (event: KeyboardEvent) => {
    const index = tabs.findIndex((tab) => tab.id === current?.id);
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = tabs[(index + step + tabs.length) % tabs.length];
    if (!next) return;
    ui.update({ panel: next.id });
    refs.current[next.id]?.focus();
  };

  if (!open || !current) {
    return (
      <aside className="side side--folded" aria-label={t("panel.label")}>
        <SuggestionKeys />
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
          <RailTab key={tab.id} tab={tab} onOpen={() => openPanel(ui, tab.id)} />
        ))}
      </aside>
    );
  }

  const { Body } = current;
  return (
    <aside
      ref={drawer}
      className={narrow ? "side side--drawer" : "side"}
      aria-label={t("panel.label")}
      data-panel={current.id}
    >
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
          <TabButton
            key={tab.id}
            tab={tab}
            selected={tab.id === current.id}
            refCallback={(el) => {
              refs.current[tab.id] = el;
            }}
            onSelect={() => ui.update({ panel: tab.id })}
          />
        ))}
      </div>
      <div
        className="side__body"
        role="tabpanel"
        id={`tabpanel-${current.id}`}
        aria-labelledby={`tab-${current.id}`}
        tabIndex={-1}
      >
        <Body />
      </div>
    </aside>
  );
}

/** The badge of a tab: its own component, so each tab's hook runs in the same place every render. */
const noBadge = () => null;

function useTabBadge(tab: PanelTabSpec) {
  const workspace = useWorkspace();
  return (tab.useBadge ?? noBadge)(workspace);
}

function TabButton({
  tab,
  selected,
  refCallback,
  onSelect,
}: {
  tab: PanelTabSpec;
  selected: boolean;
  refCallback: (el: HTMLButtonElement | null) => void;
  onSelect: () => void;
}) {
  const { t } = useI18n();
  const badge = useTabBadge(tab);
  return (
    <button
      ref={refCallback}
      type="button"
      role="tab"
      id={`tab-${tab.id}`}
      aria-selected={selected}
      aria-controls={`tabpanel-${tab.id}`}
      tabIndex={selected ? 0 : -1}
      className="tabs__tab"
      title={t(tab.label)}
      onClick={onSelect}
    >
      <span className="tabs__label">{t(tab.label)}</span>
      {badge && badge.count > 0 && (
        <span className={`tabs__count tabs__count--${badge.tone}`}>{badge.count}</span>
      )}
    </button>
  );
}

function RailTab({ tab, onOpen }: { tab: PanelTabSpec; onOpen: () => void }) {
  const { t } = useI18n();
  const badge = useTabBadge(tab);
  const label = t(tab.label);
  return (
    <button
      type="button"
      className="side__rail-tab"
      aria-label={badge?.count ? `${label} (${badge.count})` : label}
      title={label}
      onClick={onOpen}
    >
      <Icon name={tab.icon} />
      {badge && badge.count > 0 && (
        <span className={`tabs__count tabs__count--${badge.tone}`}>{badge.count}</span>
      )}
    </button>
  );
}
