import type { Editor } from "@tiptap/react";
import { useEditorState } from "@tiptap/react";
import { useI18n } from "../../i18n/i18n.ts";
import { Icon, type IconName } from "../ui/Icon.tsx";

const TOOLS: { name: "bold" | "italic" | "bulletList" | "orderedList"; icon: IconName; keys: string }[] = [
  { name: "bold", icon: "bold", keys: "Control+B" },
  { name: "italic", icon: "italic", keys: "Control+I" },
  { name: "bulletList", icon: "bulletList", keys: "Control+Shift+8" },
  { name: "orderedList", icon: "orderedList", keys: "Control+Shift+7" },
];

/** Bold, italic, bullet and numbered lists for the rich-text field that has the focus. */
export function FormatToolbar({ editor }: { editor: Editor }) {
  const { t } = useI18n();
  const active = useEditorState({
    editor,
    selector: ({ editor: e }) => TOOLS.map((tool) => e.isActive(tool.name)),
  });
  const run = (name: (typeof TOOLS)[number]["name"]) => {
    const chain = editor.chain().focus();
    if (name === "bold") chain.toggleBold().run();
    else if (name === "italic") chain.toggleItalic().run();
    else if (name === "bulletList") chain.toggleBulletList().run();
    else chain.toggleOrderedList().run();
  };
  return (
    <div className="format-bar" role="toolbar" aria-label={t("format.toolbar")}>
      {TOOLS.map((tool, i) => (
        <button
          key={tool.name}
          type="button"
          className="format-bar__button"
          aria-pressed={active[i] ?? false}
          aria-label={t(`format.${tool.name}`)}
          aria-keyshortcuts={tool.keys}
          title={t(`format.${tool.name}`)}
          tabIndex={-1}
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => run(tool.name)}
        >
          <Icon name={tool.icon} size={14} />
        </button>
      ))}
    </div>
  );
}
