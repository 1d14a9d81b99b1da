import { SHORTCUT_GROUPS } from "../../app/shortcuts.ts";
import { useUi, useWorkspace } from "../../app/workspace.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { Button } from "../ui/Button.tsx";
import { Dialog } from "../ui/Dialog.tsx";
import "./shortcuts.css";

/** « Raccourcis » (?): every shortcut of the page, grouped. */
export function ShortcutsDialog() {
  const open = useUi((state) => state.shortcutsOpen);
  const { ui } = useWorkspace();
  const { t } = useI18n();
  const close = () => ui.update({ shortcutsOpen: false });
  return (
    <Dialog
      open={open}
      title={t("keys.title")}
      onClose={close}
      actions={
        <Button variant="primary" onClick={close} autoFocus>
          {t("common.close")}
        </Button>
      }
    >
      <div className="shortcuts">
        {SHORTCUT_GROUPS.map((group) => (
          <section key={group.title} className="shortcuts__group">
            <h3>{t(group.title)}</h3>
            <dl>
              {group.shortcuts.map((shortcut) => (
                <div key={shortcut.label} className="shortcuts__row">
                  <dt>
                    {shortcut.keys.map((key, i) => (
                      <span key={key}>
                        {i > 0 && " + "}
                        <kbd>{key}</kbd>
                      </span>
                    ))}
                  </dt>
                  <dd>{t(shortcut.label)}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Dialog>
  );
}
