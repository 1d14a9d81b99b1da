import { addComment } from "@refstudio/schema";
import { useEffect, useState } from "react";
import type * as Y from "yjs";
import { permissionsOf, useWorkspace } from "../../app/workspace.ts";
import { keepUnsent, keptUnsent, serverCopy, type UnsentText, unsentTexts } from "../../collab/unsentText.ts";
import { useConnection } from "../../hooks/useCollabState.ts";
import { outlineSource } from "../../hooks/useOutline.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { liveEditor } from "../../richtext/liveEditors.ts";
import { copyLink } from "../bloc/ItemCard.tsx";
import { Button } from "../ui/Button.tsx";
import { showToast } from "../ui/Toasts.tsx";
import "./refused.css";

/** Why the server closed the connection for good, in the words the badge and this banner share. */
export type RefusalKind = "removed" | "deleted" | "role" | "refused";

export function refusalKind(code: number | undefined, canEdit: boolean): RefusalKind {
  if (code === 4401) return "removed";
  if (code === 4410) return "deleted";
  if (code === 4403 && !canEdit) return "role";
  return "refused";
}

/** The refusal of my connection, if any, and its kind judged on what the server now says of my role. */
export function useRefusal(): { refused: { code: number; reason: string } | null; kind: RefusalKind } {
  const { collab, current } = useWorkspace();
  const { refused } = useConnection(collab);
  const canEditNow = permissionsOf(current.role, false, current.archived).edit;
  return { refused, kind: refusalKind(refused?.code, canEditNow) };
}

/** How long typing settles before the kept texts are read again. */
const KEEP_SETTLE_MS = 150;

/**
 * The server closed the connection for good. Removed from the référentiel, the référentiel
 * deleted, or my role changed: one French message, and what I typed since (refused by the
 * server), key after key until I start again, is kept on this device to copy or send as a
 * comment. Another refusal: what was refused, and a fresh start from the server's copy. After
 * that fresh start, the kept texts are offered again (UnsentTexts).
 */
export function RefusedBanner() {
  const { collab, summary, current, user, doc } = useWorkspace();
  const { refused, kind } = useRefusal();
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [kept, setKept] = useState<UnsentText[] | null>(null);

  // Read once at the refusal, then again whenever my copy changes: every key typed afterwards
  // (my former permissions stay until I start again) joins what is kept.
  useEffect(() => {
    if (!refused || kind === "refused") return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const codes = outlineSource(doc).get().codes;
    const keep = (list: UnsentText[]) => {
      keepUnsent(user.id, summary.id, list);
      if (live) setKept(list);
    };
    let server: Y.Doc | null = null;
    let read: () => void;
    if (kind === "removed" || kind === "deleted") {
      // No server copy to compare with: keep each field I typed in, whole.
      const fields = new Map<string, UnsentText>();
      read = () => {
        const id = document.activeElement?.closest<HTMLElement>("[data-node]")?.dataset.node;
        const text = id ? liveEditor(id, "body")?.getText({ blockSeparator: "\n" }) : undefined;
        if (id && text) fields.set(id, { nodeId: id, code: codes.get(id) ?? "", text });
        keep([...fields.values()]);
      };
    } else {
      read = () => {
        if (server) keep(unsentTexts(doc, server, codes));
      };
      void serverCopy(summary.id).then((copy) => {
        if (!live) return copy?.destroy();
        server = copy;
        if (server) read();
        else keep([]);
      });
    }
    read();
    const onUpdate = () => {
      clearTimeout(timer);
      timer = setTimeout(read, KEEP_SETTLE_MS);
    };
    doc.on("update", onUpdate);
    return () => {
      live = false;
      clearTimeout(timer);
      doc.off("update", onUpdate);
      server?.destroy();
    };
  }, [refused, kind, doc, summary.id, user.id]);

  if (!refused) return null;
  const restart = async () => {
    setBusy(true);
    await collab.reset();
    window.location.reload();
  };
  const role = t(`role.${current.role}`);
  return (
    <div
      className={`banner ${kind === "refused" ? "banner--error" : "banner--warning"} refused`}
      role="alert"
    >
      <div>
        <strong>
          {kind === "removed"
            ? t("refused.removedTitle")
            : kind === "deleted"
              ? t("refused.deletedTitle")
              : kind === "role"
                ? t("refused.roleTitle", { role })
                : t("conn.refusedTitle")}
        </strong>{" "}
        {kind === "refused" && refused.reason}
        <p className="banner__detail">
          {kind === "removed"
            ? t("refused.removedDetail")
            : kind === "deleted"
              ? t("refused.deletedDetail")
              : kind === "role"
                ? t("refused.roleDetail", { role })
                : t("conn.refusedDetail")}
        </p>
        {kept && kept.length > 0 && <UnsentList list={kept} canSend={false} />}
      </div>
      {kind === "removed" || kind === "deleted" ? (
        <a className="btn btn--primary btn--md" href="#/">
          {t("ref.backHome")}
        </a>
      ) : (
        <Button variant="primary" disabled={busy} onClick={restart}>
          {kind === "role" ? t("refused.continueAs", { role }) : t("conn.reload")}
        </Button>
      )}
    </div>
  );
}

/** Texts kept from a refusal, after the fresh start: copy each, or send it as a comment on its item. */
export function UnsentTexts() {
  const { summary, user, collab } = useWorkspace();
  const { refused } = useConnection(collab);
  const [list, setList] = useState(() => keptUnsent(user.id, summary.id));
  if (refused || list.length === 0) return null;
  const update = (next: UnsentText[]) => {
    keepUnsent(user.id, summary.id, next);
    setList(next);
  };
  return (
    <div className="banner banner--warning refused" role="status">
      <UnsentList list={list} canSend onDone={(item) => update(list.filter((x) => x !== item))} />
    </div>
  );
}

function UnsentList({
  list,
  canSend,
  onDone,
}: {
  list: UnsentText[];
  canSend: boolean;
  onDone?: (item: UnsentText) => void;
}) {
  const { doc, user, can } = useWorkspace();
  const { t } = useI18n();
  const send = (item: UnsentText) => {
    try {
      addComment(
        doc,
        { node: item.nodeId },
        { author: user.id, body: t("refused.commentBody", { text: item.text }) },
      );
      showToast({ tone: "success", message: t("refused.sent", { code: item.code }) });
      onDone?.(item);
    } catch (error) {
      showToast({ tone: "error", message: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <div className="unsent">
      <p className="unsent__lead">{t("refused.keptLead")}</p>
      <ul>
        {list.map((item) => (
          <li key={item.nodeId} className="unsent__item">
            <span className="mono">{item.code}</span>
            <blockquote className="quote">{item.text.slice(-400)}</blockquote>
            <span className="unsent__actions">
              <Button size="sm" icon="copy" onClick={() => void copyLink(item.text, t("kept.copied"))}>
                {t("kept.copy")}
              </Button>
              {canSend && can.comment && (
                <Button size="sm" icon="comment" onClick={() => send(item)}>
                  {t("refused.sendAsComment")}
                </Button>
              )}
              {onDone && (
                <Button size="sm" variant="ghost" icon="x" onClick={() => onDone(item)}>
                  {t("kept.discard")}
                </Button>
              )}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
