import type { ComponentType } from "react";
import type { Workspace } from "../../app/workspace.ts";
import { useSuggestions } from "../../hooks/useSuggestions.ts";
import { useThreads } from "../../hooks/useThreads.ts";
import { useValidation } from "../../hooks/useValidation.ts";
import type { MessageKey } from "../../i18n/i18n.ts";
import { CommentsPanel } from "../comments/CommentsPanel.tsx";
import type { IconName } from "../ui/Icon.tsx";
import { MembersPanel } from "./MembersPanel.tsx";
import { ValidationList } from "./ValidationList.tsx";
import { VersionsPanel } from "./VersionsPanel.tsx";

/** A count beside a tab's name, coloured by what it counts. */
export type TabBadge = { count: number; tone: "error" | "warning" | "ok" | "neutral" };

/**
 * One tab of the side panel. To add a tab (a feature's panel), add an entry here: the panel,
 * its rail and its keyboard navigation follow.
 */
export type PanelTabSpec = {
  id: string;
  label: MessageKey;
  icon: IconName;
  /** Whether this person sees the tab (e.g. members: owners only). */
  visible: (workspace: Workspace) => boolean;
  Body: ComponentType;
  /** Reads the badge (a hook, called by the tab's own button component). */
  useBadge?: (workspace: Workspace) => TabBadge | null;
};

export const PANEL_TABS: PanelTabSpec[] = [
  {
    id: "validation",
    label: "panel.validation",
    icon: "shield",
    visible: () => true,
    Body: ValidationList,
    useBadge: ({ doc }) => {
      const report = useValidation(doc);
      return {
        count: report.errors + report.warnings,
        tone: report.errors > 0 ? "error" : report.warnings > 0 ? "warning" : "ok",
      };
    },
  },
  {
    id: "comments",
    label: "panel.comments",
    icon: "comment",
    visible: () => true,
    Body: CommentsPanel,
    useBadge: ({ doc }) => ({
      count:
        useThreads(doc).filter((thread) => thread.status === "open").length +
        useSuggestions(doc).filter((suggestion) => suggestion.status === "open").length,
      tone: "neutral",
    }),
  },
  { id: "versions", label: "panel.versions", icon: "history", visible: () => true, Body: VersionsPanel },
  {
    id: "members",
    label: "panel.members",
    icon: "users",
    visible: ({ can }) => can.manage,
    Body: MembersPanel,
  },
];
