import { useUi, useWorkspace } from "../../app/workspace.ts";
import { useOutline } from "../../hooks/useOutline.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { BlocView, OrphansView, TransversalView } from "../bloc/BlocView.tsx";
import { KeptDrafts } from "../bloc/KeptDrafts.tsx";
import { CoverageMatrix } from "../matrix/CoverageMatrix.tsx";
import { MetaForm } from "../meta/MetaForm.tsx";

/** What the centre shows: the fiche, a bloc's table, the transversal modalities, orphans or the matrix. */
export function CentreView() {
  return (
    <>
      <KeptDrafts />
      <CurrentView />
    </>
  );
}

function CurrentView() {
  const { doc } = useWorkspace();
  const view = useUi((state) => state.view);
  const outline = useOutline(doc);
  const { t } = useI18n();
  switch (view.name) {
    case "bloc": {
      const entry = outline.blocs.find((b) => b.bloc.id === view.id);
      return entry ? (
        <BlocView key={entry.bloc.id} entry={entry} outline={outline} />
      ) : (
        <p className="muted">{t("bloc.gone")}</p>
      );
    }
    case "transversal":
      return <TransversalView outline={outline} />;
    case "orphans":
      return <OrphansView outline={outline} />;
    case "matrix":
      return <CoverageMatrix outline={outline} />;
    default:
      return <MetaForm />;
  }
}
