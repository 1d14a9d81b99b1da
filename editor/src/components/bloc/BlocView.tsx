import type { BlocOutline, NodeKind, Outline } from "@refstudio/schema";
import { useId } from "react";
import { addItem } from "../../app/nodeActions.ts";
import { openPanel, requestFocus, setBlocMode, useUi, useWorkspace } from "../../app/workspace.ts";
import { useHeldItems } from "../../hooks/useHeldItems.ts";
import { useOpenThreadCount } from "../../hooks/useThreads.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { ChangedBy } from "../history/ChangedBy.tsx";
import { Button } from "../ui/Button.tsx";
import { Menu } from "../ui/Menu.tsx";
import { ItemCard } from "./ItemCard.tsx";
import { TableView } from "./TableView.tsx";
import { TextField } from "./TextField.tsx";

type ColumnKind = Exclude<NodeKind, "bloc">;
const COLUMNS: { kind: ColumnKind; list: "activities" | "competencies" | "modalities" | "criteria" }[] = [
  { kind: "activity", list: "activities" },
  { kind: "competency", list: "competencies" },
  { kind: "modality", list: "modalities" },
  { kind: "criterion", list: "criteria" },
];

/** The selected bloc as the 4-column table: Activités | Compétences | Modalités | Critères. */
export function BlocView({ entry, outline }: { entry: BlocOutline; outline: Outline }) {
  const { collab, doc, can, ui } = useWorkspace();
  const { t } = useI18n();
  const id = entry.bloc.id;
  const code = outline.codes.get(id) ?? "";
  const threads = useOpenThreadCount(doc, id);
  const titleId = useId();
  const mode = useUi((state) => state.blocMode);
  const { lists, held } = useHeldItems(entry, outline);

  const add = (kind: ColumnKind) => {
    const created = addItem(collab, kind, id);
    requestFocus(ui, created, kind === "activity" || kind === "modality" ? "title" : "body");
  };

  return (
    <section className="bloc" aria-labelledby={titleId}>
      <header className="bloc__head">
        <div className="bloc__heading">
          <h2 className="bloc__code mono" id={titleId}>
            <span className="sr-only">{t("kind.bloc")} </span>
            {code}
          </h2>
          <ChangedBy target={id} />
          <div className="bloc__actions">
            <fieldset className="bloc-mode segmented">
              <legend className="sr-only">{t("table.mode")}</legend>
              {(["cards", "table"] as const).map((value) => (
                <Button
                  key={value}
                  size="sm"
                  variant={mode === value ? "primary" : "ghost"}
                  icon={value}
                  aria-pressed={mode === value}
                  onClick={() => setBlocMode(ui, value)}
                >
                  {t(`table.mode.${value}`)}
                </Button>
              ))}
            </fieldset>
            {can.comment && (
              <Button
                size="sm"
                variant="ghost"
                icon="comment"
                onClick={() => openPanel(ui, "comments", { draft: { anchor: { node: id }, quote: "" } })}
              >
                {threads > 0 ? t("comments.countShort", { count: threads }) : t("comments.comment")}
              </Button>
            )}
            {can.edit && (
              <Menu
                label={t("actions.menu", { name: `${t("kind.bloc")} ${code}` })}
                items={[
                  {
                    label: t("actions.delete"),
                    icon: "trash",
                    danger: true,
                    onSelect: () => ui.update({ pendingDelete: id }),
                  },
                ]}
              />
            )}
          </div>
        </div>
        <TextField
          nodeId={id}
          textKey="title"
          kind="bloc"
          label={t("field.bloc.title", { code })}
          placeholder={t("placeholder.bloc.title")}
          multiline
          className="bloc__title"
        />
        <TextField
          nodeId={id}
          textKey="prerequisEntree"
          kind="bloc"
          label={t("field.bloc.prerequisEntree", { code })}
          placeholder={t("placeholder.bloc.prerequisEntree")}
          multiline
          className="bloc__prerequis"
        />
        <TextField
          nodeId={id}
          textKey="prerequis"
          kind="bloc"
          label={t("field.bloc.prerequisValidation", { code })}
          placeholder={t("placeholder.bloc.prerequisValidation")}
          multiline
          className="bloc__prerequis"
        />
      </header>
      {mode === "table" ? (
        <TableView entry={entry} outline={outline} />
      ) : (
        <div className="table4">
          {COLUMNS.map(({ kind, list }) => (
            <section
              key={kind}
              className={`table4__col table4__col--${kind}`}
              aria-label={t(`column.${kind}`)}
            >
              <header className="table4__head">
                <h3>{t(`column.${kind}`)}</h3>
                <span className="table4__count">{entry[list].length}</span>
              </header>
              <div className="table4__items">
                {lists[list].map((nodeId) => (
                  <ItemCard key={nodeId} id={nodeId} outline={outline} movedAway={held.get(nodeId)} />
                ))}
                {lists[list].length === 0 && <p className="table4__empty">{t(`column.${kind}Empty`)}</p>}
              </div>
              {can.edit && (
                <Button
                  size="sm"
                  variant="ghost"
                  icon="plus"
                  className="table4__add"
                  onClick={() => add(kind)}
                >
                  {t(`add.${kind}`)}
                </Button>
              )}
            </section>
          ))}
        </div>
      )}
    </section>
  );
}

/** Modalities shared by several blocs (a thesis, a final case study). */
export function TransversalView({ outline }: { outline: Outline }) {
  const { collab, can, ui } = useWorkspace();
  const { t } = useI18n();
  return (
    <section className="simple-view" aria-labelledby="transversal-title">
      <header className="simple-view__head">
        <h2 id="transversal-title">{t("outline.transversal")}</h2>
        <p className="muted">{t("transversal.lead")}</p>
      </header>
      <div className="simple-view__grid">
        {outline.transversal.map((node) => (
          <ItemCard key={node.id} id={node.id} outline={outline} />
        ))}
        {outline.transversal.length === 0 && <p className="table4__empty">{t("transversal.empty")}</p>}
      </div>
      {can.edit && (
        <Button icon="plus" onClick={() => requestFocus(ui, addItem(collab, "modality", null), "title")}>
          {t("add.modality")}
        </Button>
      )}
    </section>
  );
}

/** Items whose bloc was deleted while someone added them: shown so they can be re-homed, never dropped. */
export function OrphansView({ outline }: { outline: Outline }) {
  const { t } = useI18n();
  return (
    <section className="simple-view" aria-labelledby="orphans-title">
      <header className="simple-view__head">
        <h2 id="orphans-title">{t("outline.orphans")}</h2>
        <p className="muted">{t("orphans.lead")}</p>
      </header>
      <div className="simple-view__grid">
        {outline.orphans.map((node) => (
          <ItemCard key={node.id} id={node.id} outline={outline} />
        ))}
        {outline.orphans.length === 0 && <p className="table4__empty">{t("orphans.empty")}</p>}
      </div>
    </section>
  );
}
