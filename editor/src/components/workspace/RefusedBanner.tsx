import { useState } from "react";
import { useWorkspace } from "../../app/workspace.ts";
import { useConnection } from "../../hooks/useCollabState.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { Button } from "../ui/Button.tsx";

/**
 * The server closed the connection for good (44xx): say why, and offer to start again from the
 * server's copy (what this device kept contains the refused change, so it is dropped).
 */
export function RefusedBanner() {
  const { collab } = useWorkspace();
  const { refused } = useConnection(collab);
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  if (!refused) return null;
  return (
    <div className="banner banner--error" role="alert">
      <div>
        <strong>{t("conn.refusedTitle")}</strong> {refused.reason}{" "}
        <span className="muted">({refused.code})</span>
        <p className="banner__detail">{t("conn.refusedDetail")}</p>
      </div>
      <Button
        variant="primary"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          await collab.reset();
          window.location.reload();
        }}
      >
        {t("conn.reload")}
      </Button>
    </div>
  );
}
