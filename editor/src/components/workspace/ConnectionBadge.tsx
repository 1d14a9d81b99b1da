import { useWorkspace } from "../../app/workspace.ts";
import { useConnection } from "../../hooks/useCollabState.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { Icon } from "../ui/Icon.tsx";
import { useRefusal } from "./RefusedBanner.tsx";

/** Connected / reconnecting / offline, and whether my edits are only on this device for now. */
export function ConnectionBadge() {
  const { collab } = useWorkspace();
  const { status, unsynced } = useConnection(collab);
  const { refused, kind } = useRefusal();
  const { t } = useI18n();
  const label = refused
    ? kind === "removed"
      ? t("conn.removed")
      : kind === "deleted"
        ? t("conn.deleted")
        : kind === "role"
          ? t("conn.readOnly")
          : t("conn.refused")
    : status === "connected"
      ? t("conn.connected")
      : status === "offline"
        ? t("conn.offline")
        : status === "reconnecting"
          ? t("conn.reconnecting")
          : t("conn.connecting");
  const detail = unsynced
    ? t("conn.unsynced")
    : status === "connected"
      ? t("conn.saved")
      : t("conn.keptLocally");
  const tone = refused ? "error" : status === "connected" ? "ok" : status === "offline" ? "offline" : "wait";
  return (
    <div
      className={`conn conn--${tone}`}
      role="status"
      aria-live="polite"
      data-status={status}
      title={refused ? undefined : detail}
    >
      <Icon name={status === "connected" ? "cloud" : "cloudOff"} />
      <span className="conn__label">{label}</span>
      {/* Refused for good: the banner says what became of my edits. */}
      {!refused && (unsynced || status !== "connected") && <span className="conn__detail">{detail}</span>}
    </div>
  );
}
