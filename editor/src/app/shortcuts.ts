import type { MessageKey } from "../i18n/i18n.ts";

/**
 * The keyboard shortcuts of the référentiel page: what the « Raccourcis » dialog (?) lists and
 * useShortcuts handles. Keys avoid the browser's own (Alt+digit switches tabs on Linux, Alt+Shift+T
 * and Alt+Shift+B focus Chrome's toolbars) and work on AZERTY keyboards (digits by key position).
 */
export type Shortcut = { keys: string[]; label: MessageKey };

export const SHORTCUT_GROUPS: { title: MessageKey; shortcuts: Shortcut[] }[] = [
  {
    title: "keys.group.move",
    shortcuts: [
      { keys: ["Ctrl", "F"], label: "keys.search" },
      { keys: ["F8"], label: "keys.nextIssue" },
      { keys: ["Maj", "F8"], label: "keys.previousIssue" },
      { keys: ["Alt", "Maj", "1…9"], label: "keys.goToBloc" },
      { keys: ["F6"], label: "keys.nextRegion" },
      { keys: ["Alt", "Maj", "O"], label: "keys.focusOutline" },
      { keys: ["Alt", "Maj", "C"], label: "keys.focusCentre" },
      { keys: ["Alt", "Maj", "L"], label: "keys.focusPanel" },
      { keys: ["?"], label: "keys.help" },
    ],
  },
  {
    title: "keys.group.edit",
    shortcuts: [
      { keys: ["Alt", "Entrée"], label: "keys.addItem" },
      { keys: ["Ctrl", "Z"], label: "keys.undo" },
      { keys: ["Ctrl", "Maj", "Z"], label: "keys.redo" },
      { keys: ["Ctrl", "B"], label: "keys.bold" },
      { keys: ["Ctrl", "I"], label: "keys.italic" },
    ],
  },
  {
    title: "keys.group.outline",
    shortcuts: [
      { keys: ["↑", "↓"], label: "keys.outlineMove" },
      { keys: ["→", "←"], label: "keys.outlineExpand" },
      { keys: ["Entrée"], label: "keys.outlineOpen" },
      { keys: ["Alt", "↑", "↓"], label: "keys.reorder" },
      { keys: ["Alt", "Maj", "↑", "↓"], label: "keys.changeBloc" },
      { keys: ["Suppr"], label: "keys.delete" },
    ],
  },
  {
    // Handled by SuggestionKeys (keys read by position: any layout).
    title: "keys.group.review",
    shortcuts: [
      { keys: ["Alt", "Maj", "N"], label: "keys.nextSuggestion" },
      { keys: ["Alt", "Maj", "P"], label: "keys.previousSuggestion" },
      { keys: ["Alt", "Maj", "A"], label: "keys.acceptSuggestion" },
      { keys: ["Alt", "Maj", "R"], label: "keys.rejectSuggestion" },
    ],
  },
];
