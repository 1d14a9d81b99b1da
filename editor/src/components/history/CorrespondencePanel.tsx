import {
  addCorrespondenceRow,
  type CorrespondenceRow,
  importRncpFiche,
  newId,
  type PreviousCertification,
  parseSnapshot,
  previousCertificationOf,
  proposeCorrespondences,
  type Referential,
  type Renewal,
  type RncpFicheSummary,
  removeCorrespondenceRow,
  setRenewal,
  setRenewalPrevious,
  toReferential,
  updateCorrespondenceRow,
} from "@refstudio/schema";
import { useRef, useState } from "react";
import { ApiError, api } from "../../api/client.ts";
import { fileChunks, listFiches } from "../../app/rncpImport.ts";
import { useWorkspace } from "../../app/workspace.ts";
import { useOutline } from "../../hooks/useOutline.ts";
import { useRenewal } from "../../hooks/useRenewal.ts";
import { useVersions } from "../../hooks/useVersions.ts";
import { formatDate, useI18n } from "../../i18n/i18n.ts";
import { Button } from "../ui/Button.tsx";
import { ConfirmDialog } from "../ui/ConfirmDialog.tsx";

/**
 * The correspondence table of a renewal: proposed by comparing with the earlier certification (a
 * version, or its fiche from the RNCP flux), then confirmed or edited line by line by the team.
 * It is part of the document (exported in the Word table and the XML's CORRESPONDANCES).
 */
export function CorrespondencePanel() {
  const { doc, can } = useWorkspace();
  const { t } = useI18n();
  const renewal = useRenewal(doc);
  const [error, setError] = useState<string | null>(null);

  const start = (previous: PreviousCertification) => {
    const rows = proposeCorrespondences(previous, toReferential(doc));
    setRenewal(doc, { previous: { rncpCode: previous.rncpCode, title: previous.title.slice(0, 800) }, rows });
  };

  return (
    <section className="renewal" aria-labelledby="renewal-title">
      <h3 id="renewal-title" className="side__heading">
        {t("renewal.title")}
      </h3>
      <p className="muted renewal__lead">{t("renewal.lead")}</p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {can.edit && <PreviousPicker onPicked={start} onError={setError} hasTable={renewal !== undefined} />}
      {renewal ? <Table renewal={renewal} /> : <p className="muted side__empty">{t("renewal.none")}</p>}
    </section>
  );
}

/** Where the earlier certification comes from: a version of this référentiel, or an RNCP XML file. */
function PreviousPicker({
  onPicked,
  onError,
  hasTable,
}: {
  onPicked: (previous: PreviousCertification) => void;
  onError: (message: string | null) => void;
  hasTable: boolean;
}) {
  const { summary } = useWorkspace();
  const { t, lang } = useI18n();
  const { versions } = useVersions(summary.id);
  const [versionId, setVersionId] = useState("");
  const [fiches, setFiches] = useState<{ file: File; list: RncpFicheSummary[] } | null>(null);
  const [busy, setBusy] = useState(false);
  /** A proposal waiting for the user to accept replacing the present table. */
  const [replacing, setReplacing] = useState<PreviousCertification | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const run = async (load: () => Promise<Pick<Referential, "meta" | "nodes">>) => {
    setBusy(true);
    onError(null);
    try {
      const previous = previousCertificationOf(await load());
      if (hasTable) setReplacing(previous);
      else onPicked(previous);
      setFiches(null);
    } catch (e) {
      onError(e instanceof ApiError || e instanceof Error ? e.message : t("common.unexpected"));
    } finally {
      setBusy(false);
    }
  };
  const fromVersion = () =>
    run(async () => parseSnapshot((await api.version(summary.id, versionId)).snapshot).referential);
  /** A Word, PDF or HTML référentiel table, read by the import's lazily loaded code. */
  const fromTable = (file: File | undefined) =>
    file &&
    run(async () => {
      const [{ previewFile }, { previewToReferential }] = await Promise.all([
        import("../../app/tableImport.ts"),
        import("@refstudio/schema/import"),
      ]);
      return previewToReferential(await previewFile(file, () => undefined));
    });
  const fromFiche = (file: File, number: string) =>
    run(
      async () => (await importRncpFiche(fileChunks(file, new AbortController().signal), number)).referential,
    );
  const pickFile = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    onError(null);
    try {
      const list = await listFiches(file, new AbortController().signal, () => undefined);
      if (list.length === 0) throw new Error(t("renewal.noFiche"));
      if (list.length === 1) await fromFiche(file, list[0]!.number);
      else setFiches({ file, list });
    } catch (e) {
      onError(e instanceof Error ? e.message : t("common.unexpected"));
    } finally {
      setBusy(false);
      if (fileInput.current) fileInput.current.value = "";
    }
  };

  return (
    <div className="renewal__sources">
      <label className="field">
        <span className="field__label">{t("renewal.fromVersion")}</span>
        <select className="select" value={versionId} onChange={(e) => setVersionId(e.target.value)}>
          <option value="">{t("renewal.pickVersion")}</option>
          {versions?.map((version) => (
            <option key={version.id} value={version.id}>
              {version.name} — {formatDate(version.createdAt, lang)}
            </option>
          ))}
        </select>
      </label>
      <Button size="sm" disabled={!versionId || busy} onClick={() => void fromVersion()}>
        {t("renewal.propose")}
      </Button>
      <label className="field">
        <span className="field__label">{t("renewal.fromFiche")}</span>
        <input
          ref={fileInput}
          className="input"
          type="file"
          accept=".xml,application/xml,text/xml"
          disabled={busy}
          onChange={(e) => void pickFile(e.target.files?.[0])}
        />
      </label>
      <label className="field">
        <span className="field__label">{t("renewal.fromTable")}</span>
        <input
          className="input"
          type="file"
          accept=".docx,.pdf,.html,.htm"
          disabled={busy}
          onChange={(e) => {
            void fromTable(e.target.files?.[0]);
            e.target.value = "";
          }}
        />
      </label>
      {fiches && (
        <label className="field">
          <span className="field__label">{t("renewal.pickFiche")}</span>
          <select
            className="select"
            defaultValue=""
            onChange={(e) => e.target.value && void fromFiche(fiches.file, e.target.value)}
          >
            <option value="">—</option>
            {fiches.list.map((fiche) => (
              <option key={fiche.number} value={fiche.number}>
                {fiche.number} — {fiche.title}
              </option>
            ))}
          </select>
        </label>
      )}
      {busy && <p className="muted">{t("common.wait")}</p>}
      <ConfirmDialog
        open={replacing !== null}
        title={t("renewal.replaceTitle")}
        message={t("renewal.replaceConfirm")}
        confirmLabel={t("renewal.replace")}
        onCancel={() => setReplacing(null)}
        onConfirm={() => {
          if (replacing) onPicked(replacing);
          setReplacing(null);
        }}
      />
    </div>
  );
}

/** The table, one card per line; editable by owners and editors (each change is one document change). */
function Table({ renewal }: { renewal: Renewal }) {
  const { doc, can } = useWorkspace();
  const { t } = useI18n();
  const outline = useOutline(doc);
  const [clearing, setClearing] = useState(false);
  // Each change writes only the field it changes, so others editing other rows keep their edits.
  const update = (id: string, patch: Partial<Omit<CorrespondenceRow, "id">>) =>
    updateCorrespondenceRow(doc, id, patch);
  const toConfirm = renewal.rows.filter((row) => !row.confirmed).length;
  return (
    <>
      <fieldset className="renewal__previous" disabled={!can.edit}>
        <legend className="field__label">{t("renewal.previous")}</legend>
        <input
          className="input mono"
          aria-label={t("renewal.previousCode")}
          value={renewal.previous.rncpCode}
          placeholder="RNCP12345"
          onChange={(e) => {
            const rncpCode = e.target.value.trim().toUpperCase();
            if (rncpCode === "" || /^RNCP\d{4,5}$/.test(rncpCode))
              setRenewalPrevious(doc, { ...renewal.previous, rncpCode });
          }}
        />
        <input
          className="input"
          aria-label={t("renewal.previousTitle")}
          value={renewal.previous.title}
          onChange={(e) =>
            setRenewalPrevious(doc, { ...renewal.previous, title: e.target.value.slice(0, 800) })
          }
        />
      </fieldset>
      {toConfirm > 0 && <p className="renewal__pending">{t("renewal.toConfirm", { count: toConfirm })}</p>}
      <ol className="renewal__rows">
        {renewal.rows.map((row) => (
          <li key={row.id} className={`renewal__row${row.confirmed ? "" : " renewal__row--proposed"}`}>
            <p className="renewal__old">
              {row.old.map((bloc) => (
                <span key={bloc.code}>
                  <strong className="mono">{bloc.code}</strong> {bloc.title}
                </span>
              ))}
            </p>
            <fieldset className="renewal__new" disabled={!can.edit}>
              <legend className="field__label">{t("renewal.newBlocs")}</legend>
              {outline.blocs.map(({ bloc }) => (
                <label key={bloc.id} className="check">
                  <input
                    type="checkbox"
                    checked={row.new.includes(bloc.id)}
                    onChange={(e) =>
                      update(row.id, {
                        new: e.target.checked
                          ? [...row.new, bloc.id]
                          : row.new.filter((id) => id !== bloc.id),
                      })
                    }
                  />
                  <span className="mono">{outline.codes.get(bloc.id)}</span> {bloc.title}
                </label>
              ))}
            </fieldset>
            <div className="renewal__line">
              <select
                className="select select--sm"
                aria-label={t("renewal.coverage")}
                value={row.coverage}
                disabled={!can.edit}
                onChange={(e) =>
                  update(row.id, { coverage: e.target.value as CorrespondenceRow["coverage"] })
                }
              >
                <option value="total">{t("renewal.total")}</option>
                <option value="partial">{t("renewal.partial")}</option>
              </select>
              <label className="check">
                <input
                  type="checkbox"
                  checked={row.confirmed}
                  disabled={!can.edit}
                  onChange={(e) => update(row.id, { confirmed: e.target.checked })}
                />
                {t("renewal.confirmed")}
              </label>
            </div>
            <input
              className="input"
              aria-label={t("renewal.comment")}
              placeholder={t("renewal.comment")}
              value={row.comment}
              maxLength={2000}
              disabled={!can.edit}
              onChange={(e) => update(row.id, { comment: e.target.value })}
            />
            {can.edit && (
              <Button
                size="sm"
                variant="ghost"
                icon="trash"
                onClick={() => removeCorrespondenceRow(doc, row.id)}
              >
                {t("renewal.removeRow")}
              </Button>
            )}
          </li>
        ))}
      </ol>
      {can.edit && (
        <div className="renewal__actions">
          <AddRow
            onAdd={(code, title) =>
              addCorrespondenceRow(doc, {
                id: newId(),
                old: [{ code, title }],
                new: [],
                coverage: "partial",
                comment: "",
                confirmed: true,
              })
            }
          />
          <Button size="sm" variant="ghost" onClick={() => setClearing(true)}>
            {t("renewal.clear")}
          </Button>
          <ConfirmDialog
            open={clearing}
            title={t("renewal.clear")}
            message={t("renewal.clearConfirm")}
            confirmLabel={t("renewal.clear")}
            onCancel={() => setClearing(false)}
            onConfirm={() => {
              setClearing(false);
              setRenewal(doc, null);
            }}
          />
        </div>
      )}
    </>
  );
}

function AddRow({ onAdd }: { onAdd: (code: string, title: string) => void }) {
  const { t } = useI18n();
  const [code, setCode] = useState("");
  const [title, setTitle] = useState("");
  return (
    <form
      className="renewal__add"
      onSubmit={(e) => {
        e.preventDefault();
        if (!code.trim()) return;
        onAdd(code.trim().slice(0, 40), title.trim());
        setCode("");
        setTitle("");
      }}
    >
      <input
        className="input mono"
        aria-label={t("renewal.oldCode")}
        placeholder={t("renewal.oldCode")}
        value={code}
        onChange={(e) => setCode(e.target.value)}
      />
      <input
        className="input"
        aria-label={t("renewal.oldTitle")}
        placeholder={t("renewal.oldTitle")}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
      />
      <Button size="sm" type="submit" icon="plus" disabled={!code.trim()}>
        {t("renewal.addRow")}
      </Button>
    </form>
  );
}
