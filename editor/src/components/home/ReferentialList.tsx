import { useMemo, useState } from "react";
import { ApiError, api } from "../../api/client.ts";
import type { ReferentialSummary } from "../../api/types.ts";
import { navigate } from "../../app/router.ts";
import { formatDate, hasMessage, useI18n } from "../../i18n/i18n.ts";
import { ConfirmDialog } from "../ui/ConfirmDialog.tsx";
import { Menu, type MenuItem } from "../ui/Menu.tsx";
import { showToast } from "../ui/Toasts.tsx";
import { TitleDialog } from "./TitleDialog.tsx";
import "./referential-list.css";

type Sort = "updated" | "title" | "rncp";

const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();

/** RNCP codes carried by more than one of my référentiels, with their titles. */
export function sharedRncpCodes(rows: ReferentialSummary[]): [string, string[]][] {
  const byCode = new Map<string, string[]>();
  for (const row of rows) {
    if (!row.rncpCode || row.archived) continue;
    byCode.set(row.rncpCode, [...(byCode.get(row.rncpCode) ?? []), row.title]);
  }
  return [...byCode].filter(([, titles]) => titles.length > 1);
}

/**
 * My référentiels: search, sort, and per référentiel open, rename, archive, duplicate, delete
 * (owners rename, archive and delete, after a confirmation naming it); a warning when two of them carry the same RNCP code.
 */
export function ReferentialList({ rows, reload }: { rows: ReferentialSummary[]; reload: () => void }) {
  const { t, lang } = useI18n();
  const [query, setQuery] = useState("");
  const [sort, setSort] = useState<Sort>("updated");
  const [renaming, setRenaming] = useState<ReferentialSummary | null>(null);
  const [archiving, setArchiving] = useState<ReferentialSummary | null>(null);
  const [deleting, setDeleting] = useState<ReferentialSummary | null>(null);

  const shown = useMemo(() => {
    const needle = fold(query.trim());
    const list = rows.filter((r) => !needle || fold(`${r.title} ${r.rncpCode}`).includes(needle));
    const compare: Record<Sort, (a: ReferentialSummary, b: ReferentialSummary) => number> = {
      updated: (a, b) => b.updatedAt.localeCompare(a.updatedAt),
      title: (a, b) => a.title.localeCompare(b.title, lang),
      rncp: (a, b) => (a.rncpCode || "~").localeCompare(b.rncpCode || "~"),
    };
    return list.sort(compare[sort]);
  }, [rows, query, sort, lang]);
  const active = shown.filter((r) => !r.archived);
  const archived = shown.filter((r) => r.archived);
  const shared = sharedRncpCodes(rows);

  const fail = (error: unknown) =>
    showToast({ tone: "error", message: error instanceof ApiError ? error.message : t("common.unexpected") });
  const duplicate = (row: ReferentialSummary) =>
    api
      .duplicateReferential(row.id)
      .then((copy) => {
        showToast({ tone: "success", message: t("home.duplicated", { title: copy.title }) });
        reload();
      })
      .catch(fail);
  const setArchived = (row: ReferentialSummary, value: boolean) =>
    api
      .updateReferential(row.id, { archived: value })
      .then(reload)
      .catch(fail)
      .finally(() => setArchiving(null));

  const remove = (row: ReferentialSummary) =>
    api
      .deleteReferential(row.id)
      .then(() => {
        showToast({ tone: "success", message: t("home.deleted", { title: row.title }) });
        reload();
      })
      .catch(fail)
      .finally(() => setDeleting(null));

  const actions = (row: ReferentialSummary): MenuItem[] => {
    const owner = row.role === "owner";
    return [
      { label: t("home.open"), icon: "file", onSelect: () => navigate({ name: "referential", id: row.id }) },
      { label: t("home.rename"), icon: "file", disabled: !owner, onSelect: () => setRenaming(row) },
      { label: t("home.duplicate"), icon: "copy", onSelect: () => void duplicate(row) },
      row.archived
        ? {
            label: t("home.unarchive"),
            icon: "upload",
            disabled: !owner,
            onSelect: () => void setArchived(row, false),
          }
        : { label: t("home.archive"), icon: "download", disabled: !owner, onSelect: () => setArchiving(row) },
      {
        label: t("home.delete"),
        icon: "trash",
        danger: true,
        disabled: !owner,
        onSelect: () => setDeleting(row),
      },
    ];
  };

  return (
    <div className="ref-list">
      {shared.map(([code, titles]) => (
        <p key={code} className="banner banner--warning" role="status">
          {t("home.sharedRncp", {
            code,
            count: titles.length,
            titles: titles.map((x) => `« ${x} »`).join(", "),
          })}
        </p>
      ))}
      <div className="ref-list__tools">
        <input
          className="input ref-list__search"
          type="search"
          aria-label={t("home.search")}
          placeholder={t("home.search")}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <label className="ref-list__sort">
          <span>{t("home.sort")}</span>
          <select className="select" value={sort} onChange={(e) => setSort(e.target.value as Sort)}>
            <option value="updated">{t("home.sort.updated")}</option>
            <option value="title">{t("home.sort.title")}</option>
            <option value="rncp">{t("home.sort.rncp")}</option>
          </select>
        </label>
      </div>
      {shown.length === 0 && <p className="muted">{t("home.noMatch")}</p>}
      {active.length > 0 && <Table rows={active} actions={actions} lang={lang} />}
      {archived.length > 0 && (
        <details className="home__archived" open={query.trim() !== ""}>
          <summary>{t("home.archived", { count: archived.length })}</summary>
          <Table rows={archived} actions={actions} lang={lang} />
        </details>
      )}
      <TitleDialog
        open={renaming !== null}
        heading={t("home.renameTitle")}
        submitLabel={t("home.rename")}
        initial={renaming?.title ?? ""}
        onClose={() => setRenaming(null)}
        onSubmit={async (title) => {
          if (!renaming) return;
          await api.updateReferential(renaming.id, { title });
          setRenaming(null);
          reload();
        }}
      />
      <ConfirmDialog
        open={archiving !== null}
        title={t("home.archiveTitle")}
        message={t("home.archiveMessage", { title: archiving?.title ?? "" })}
        confirmLabel={t("home.archive")}
        onCancel={() => setArchiving(null)}
        onConfirm={() => archiving && void setArchived(archiving, true)}
      />
      <ConfirmDialog
        open={deleting !== null}
        title={t("home.deleteTitle")}
        message={t("home.deleteMessage", { title: deleting?.title || t("meta.untitled") })}
        confirmLabel={t("home.delete")}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && void remove(deleting)}
      />
    </div>
  );
}

function Table({
  rows,
  actions,
  lang,
}: {
  rows: ReferentialSummary[];
  actions: (row: ReferentialSummary) => MenuItem[];
  lang: "fr" | "en";
}) {
  const { t } = useI18n();
  return (
    <table className="ref-table">
      <caption className="sr-only">{t("home.title")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("meta.title")}</th>
          <th scope="col">{t("meta.rncpCode")}</th>
          <th scope="col">{t("home.role")}</th>
          <th scope="col">{t("meta.status")}</th>
          <th scope="col">{t("home.updated")}</th>
          <th scope="col">
            <span className="sr-only">{t("home.actions")}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const status = `status.${row.status}`;
          return (
            <tr key={row.id}>
              <th scope="row">
                <a className="ref-table__link" href={`#/r/${row.id}`} title={row.title}>
                  {row.title || t("meta.untitled")}
                </a>
              </th>
              <td className="mono">{row.rncpCode || "—"}</td>
              <td>
                <span className={`badge badge--role-${row.role}`}>{t(`role.${row.role}`)}</span>
              </td>
              <td>{hasMessage(status) ? t(status) : row.status}</td>
              <td className="muted">{formatDate(row.updatedAt, lang)}</td>
              <td className="ref-table__actions">
                <Menu label={t("home.actionsOf", { title: row.title })} items={actions(row)} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
