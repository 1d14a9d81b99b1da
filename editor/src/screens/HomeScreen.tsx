import { lazy, Suspense, useCallback, useEffect, useRef, useState } from "react";
import { ApiError, api } from "../api/client.ts";
import type { ReferentialSummary } from "../api/types.ts";
import { navigate } from "../app/router.ts";
import { BrandMark } from "../components/BrandMark.tsx";
import { ReferentialList } from "../components/home/ReferentialList.tsx";
import { TitleDialog } from "../components/home/TitleDialog.tsx";
import type { ImportSource } from "../components/import/ImportScreen.tsx";
import { UserMenu } from "../components/UserMenu.tsx";
import { Button } from "../components/ui/Button.tsx";
import { Icon } from "../components/ui/Icon.tsx";
import { useI18n } from "../i18n/i18n.ts";

// The RNCP reader (schema, SAX parser) loads only when someone imports a fiche.
const RncpImportDialog = lazy(() =>
  import("../components/home/RncpImportDialog.tsx").then((module) => ({ default: module.RncpImportDialog })),
);

const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
// The table import (readers, pdf.js) loads only when used: it stays out of the entry chunk.
const ImportScreen = lazy(() =>
  import("../components/import/ImportScreen.tsx").then((m) => ({ default: m.ImportScreen })),
);

/** My référentiels with my role; create a blank one, import a snapshot, or try the demo. */
export function HomeScreen() {
  const { t } = useI18n();
  const [list, setList] = useState<ReferentialSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [creating, setCreating] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const rncpInput = useRef<HTMLInputElement>(null);
  const [rncpFile, setRncpFile] = useState<File | null>(null);
  const tableInput = useRef<HTMLInputElement>(null);
  const [tableImport, setTableImport] = useState<{ source: ImportSource | null } | null>(null);

  const load = useCallback(() => {
    api
      .referentials()
      .then(({ referentials }) => setList(referentials))
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : t("common.unexpected")));
  }, [t]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once on mount
  useEffect(load, []);

  const create = async (input: Parameters<typeof api.createReferential>[0]) => {
    setBusy(true);
    setError(null);
    try {
      const { id } = await api.createReferential(input);
      navigate({ name: "referential", id });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t("common.unexpected"));
      setBusy(false);
    }
  };

  const importFile = async (file: File) => {
    setError(null);
    if (file.size > MAX_IMPORT_BYTES) {
      setError(t("home.importTooLarge"));
      return;
    }
    let snapshot: unknown;
    try {
      snapshot = JSON.parse(await file.text());
    } catch {
      setError(t("home.importNotJson", { name: file.name }));
      return;
    }
    await create({ snapshot });
  };

  useEffect(() => {
    document.title = `${t("home.title")} — Référentiel Studio`;
  }, [t]);

  return (
    <div className="page">
      <header className="topbar">
        <BrandMark compact />
        <UserMenu />
      </header>
      <main className="home">
        <div className="home__head">
          <div>
            <h1 className="home__title">{t("home.title")}</h1>
            <p className="home__lead">{t("home.lead")}</p>
          </div>
          <div className="home__actions">
            <Button variant="primary" icon="plus" onClick={() => setCreating(true)} disabled={busy}>
              {t("home.create")}
            </Button>
            <Button icon="upload" onClick={() => fileInput.current?.click()} disabled={busy}>
              {t("home.import")}
            </Button>
            <Button icon="upload" onClick={() => rncpInput.current?.click()} disabled={busy}>
              {t("home.importRncp")}
            </Button>
            <input
              ref={rncpInput}
              type="file"
              accept=".xml,application/xml,text/xml"
              hidden
              aria-label={t("home.importRncp")}
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = "";
                if (file) setRncpFile(file);
              }}
            />
            <Button icon="upload" onClick={() => setTableImport({ source: null })} disabled={busy}>
              {t("import.open")}
            </Button>
            <Button icon="sparkle" onClick={() => void create({ demo: true })} disabled={busy}>
              {t("home.demo")}
            </Button>
            <input
              ref={fileInput}
              type="file"
              accept="application/json,.json"
              hidden
              aria-label={t("home.import")}
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = "";
                if (file) void importFile(file);
              }}
            />
          </div>
        </div>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {list === null && !error && <p className="muted">{t("common.loading")}</p>}
        {list !== null && list.length === 0 && (
          <div className="empty">
            <Icon name="file" size={28} />
            <p>{t("home.empty")}</p>
          </div>
        )}
        {list !== null && list.length > 0 && <ReferentialList rows={list} reload={load} />}
      </main>
      {tableImport && (
        <Suspense fallback={<p className="muted">{t("common.loading")}</p>}>
          <ImportScreen
            source={tableImport.source}
            onChoose={() => tableInput.current?.click()}
            onClose={() => setTableImport(null)}
          />
        </Suspense>
      )}
      <input
        ref={tableInput}
        type="file"
        accept=".docx,.pdf,.html,.htm,application/pdf,text/html"
        hidden
        aria-label={t("import.choose")}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = "";
          if (file) setTableImport({ source: { file } });
        }}
      />
      {rncpFile && (
        <Suspense fallback={null}>
          <RncpImportDialog
            file={rncpFile}
            onClose={() => setRncpFile(null)}
            onPreview={(preview) => {
              setTableImport({ source: { preview, name: rncpFile.name } });
              setRncpFile(null);
            }}
          />
        </Suspense>
      )}
      <TitleDialog
        open={creating}
        heading={t("home.createTitle")}
        submitLabel={t("home.createSubmit")}
        initial=""
        onClose={() => setCreating(false)}
        onSubmit={async (title) => {
          setCreating(false);
          await create({ title });
        }}
      />
    </div>
  );
}
