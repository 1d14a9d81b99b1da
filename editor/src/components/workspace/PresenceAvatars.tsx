import { useWorkspace } from "../../app/workspace.ts";
import { initials } from "../../collab/colors.ts";
import { usePeers } from "../../hooks/useCollabState.ts";
import { useOutline } from "../../hooks/useOutline.ts";
import { useI18n } from "../../i18n/i18n.ts";

/** Who else is here, in their colour, and which item each one is editing. */
export function PresenceAvatars() {
  const { collab, doc } = useWorkspace();
  const peers = usePeers(collab);
  const outline = useOutline(doc);
  const { t } = useI18n();
  if (peers.length === 0) return null;
  return (
    <ul className="presence" aria-label={t("presence.label", { count: peers.length })}>
      {peers.map(({ clientId, user, focus }) => {
        const where = focus
          ? focus.nodeId
            ? t("presence.editing", { code: outline.codes.get(focus.nodeId) ?? "…" })
            : t("presence.editingMeta")
          : t("presence.viewing");
        const description = `${user.name} — ${where}`;
        return (
          <li key={clientId} className="presence__item" title={description}>
            <span className="presence__avatar" style={{ backgroundColor: user.color }} aria-hidden="true">
              {initials(user.name)}
            </span>
            <span className="sr-only">{description}</span>
          </li>
        );
      })}
    </ul>
  );
}
