import type { ComponentType } from "react";
import { UserMenu } from "../UserMenu.tsx";
import { ConnectionBadge } from "./ConnectionBadge.tsx";
import { ExportMenu } from "./ExportMenu.tsx";
import { PresenceAvatars } from "./PresenceAvatars.tsx";
import { SearchButton } from "./SearchButton.tsx";
import { ShortcutsButton } from "./ShortcutsButton.tsx";
import { SuggestModeSwitch } from "./SuggestModeSwitch.tsx";
import { UndoRedo } from "./UndoRedo.tsx";

/**
 * The tools at the right of the référentiel page's header, in order. A feature adds its own
 * (a notifications bell, a « Comparer » button) with one entry here.
 */
export const HEADER_ACTIONS: { id: string; Component: ComponentType }[] = [
  { id: "suggest", Component: SuggestModeSwitch },
  { id: "presence", Component: PresenceAvatars },
  { id: "connection", Component: ConnectionBadge },
  { id: "search", Component: SearchButton },
  { id: "undo", Component: UndoRedo },
  { id: "export", Component: ExportMenu },
  { id: "shortcuts", Component: ShortcutsButton },
  { id: "user", Component: UserMenu },
];
