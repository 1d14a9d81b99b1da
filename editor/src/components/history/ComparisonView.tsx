import type { FieldChange, LinkName, NodeRef, WordPart } from "@refstudio/schema";
import type { Compared } from "../../api/types.ts";
import { formatDate, type MessageKey, useI18n } from "../../i18n/i18n.ts";

/**
 * What changed between two versions (or a version and now), structure first — items added,
 * removed, moved between blocs, renumbered, links changed — then every changed text word by word.
 * Used in the side panel and in the printable report.
 */
export function ComparisonView({ compared }: { compared: Compared }) {
  const { t, lang } = useI18n();
  const { comparison, from, to } = compared;
  const side = (s: Compared["from"]) =>
    s.current
      ? t("history.current")
      : `« ${s.name} »${s.createdAt ? ` (${formatDate(s.createdAt, lang)})` : ""}`;
  const moved = comparison.changed.filter((change) => change.moved);
  const renumbered = comparison.changed.filter((change) => change.renumbered && !change.moved);
  const links = comparison.changed.filter((change) => change.links.length > 0);
  const texts = [
    ...comparison.meta.map((field) => ({ where: t("history.fiche"), field })),
    ...comparison.changed.flatMap((change) =>
      change.fields.map((field) => ({ where: refText(change.ref), field })),
    ),
  ];
  const { counts } = comparison;
  return (
    <div className="comparison">
      <p className="comparison__sides">{t("history.comparing", { from: side(from), to: side(to) })}</p>
      {compared.sameContent || comparison.identical ? (
        <p className="comparison__same" role="status">
          {t("history.sameContent")}
        </p>
      ) : (
        <>
          <p className="comparison__counts" role="status">
            {t("history.counts", {
              added: counts.added,
              removed: counts.removed,
              moved: counts.moved,
              renumbered: counts.renumbered,
              links: counts.links,
              texts: counts.texts,
            })}
          </p>
          <h4 className="comparison__heading">{t("history.structure")}</h4>
          {counts.added + counts.removed + moved.length + renumbered.length + links.length === 0 && (
            <p className="muted">{t("history.noStructureChange")}</p>
          )}
          <ul className="comparison__list">
            {comparison.added.map(({ ref, bloc }) => (
              <li key={`a-${ref.id}`} className="change change--added">
                <span className="change__tag">{t("history.added")}</span> {refText(ref)}
                {bloc && bloc.id !== ref.id && <span className="muted"> — {bloc.code}</span>}
              </li>
            ))}
            {comparison.removed.map(({ ref, bloc }) => (
              <li key={`r-${ref.id}`} className="change change--removed">
                <span className="change__tag">{t("history.removed")}</span> {refText(ref)}
                {bloc && bloc.id !== ref.id && <span className="muted"> — {bloc.code}</span>}
              </li>
            ))}
            {moved.map((change) => (
              <li key={`m-${change.ref.id}`} className="change change--moved">
                <span className="change__tag">{t("history.moved")}</span> {refText(change.before)} →{" "}
                {t("history.movedTo", {
                  from: change.moved?.from?.code ?? t("history.root"),
                  to: change.moved?.to?.code ?? t("history.root"),
                })}
                {change.renumbered && ` (${change.renumbered.to})`}
              </li>
            ))}
            {renumbered.map((change) => (
              <li key={`n-${change.ref.id}`} className="change change--renumbered">
                <span className="change__tag">{t("history.renumbered")}</span>{" "}
                <span className="mono">
                  {change.renumbered?.from} → {change.renumbered?.to}
                </span>{" "}
                {change.ref.label}
              </li>
            ))}
            {links.flatMap((change) =>
              change.links.map((link) => (
                <li key={`l-${change.ref.id}-${link.name}`} className="change change--links">
                  <span className="change__tag">{t("history.links")}</span> {refText(change.ref)} (
                  {t(LINK_LABELS[link.name])}){" "}
                  {link.added.map((target) => (
                    <ins key={`+${target.id}`} className="mono">
                      +{target.code || target.id}{" "}
                    </ins>
                  ))}
                  {link.removed.map((target) => (
                    <del key={`-${target.id}`} className="mono">
                      −{target.code || target.id}{" "}
                    </del>
                  ))}
                </li>
              )),
            )}
          </ul>
          <h4 className="comparison__heading">{t("history.texts")}</h4>
          {texts.length === 0 && <p className="muted">{t("history.noTextChange")}</p>}
          {texts.map(({ where, field }) => (
            <section key={`${where}-${field.field}`} className="text-change">
              <h5 className="text-change__where">
                {where} · {fieldLabel(t, field.field)}
              </h5>
              <FieldDiff field={field} />
            </section>
          ))}
        </>
      )}
    </div>
  );
}

const LINK_LABELS: Record<LinkName, MessageKey> = {
  activities: "history.link.activities",
  covers: "history.link.covers",
  evaluates: "history.link.evaluates",
};

function refText(ref: NodeRef): string {
  const label = ref.label.length > 90 ? `${ref.label.slice(0, 89)}…` : ref.label;
  return [ref.code, label && `« ${label} »`].filter(Boolean).join(" ");
}

const FIELD_LABELS: Record<string, MessageKey> = {
  title: "history.field.title",
  body: "history.field.body",
  prerequis: "history.field.prerequis",
  modalityType: "history.field.modalityType",
  grouping: "history.field.grouping",
  duration: "history.field.duration",
  rncpCode: "meta.rncpCode",
  level: "meta.level",
  status: "history.field.status",
  nsf: "history.field.nsf",
  rome: "history.field.rome",
  formacodes: "history.field.formacodes",
  certifiers: "history.field.certifiers",
  activitesVisees: "history.field.activitesVisees",
  capacitesAttestees: "history.field.capacitesAttestees",
  secteursActivite: "history.field.secteursActivite",
  typesEmplois: "history.field.typesEmplois",
  objectifsContexte: "history.field.objectifsContexte",
  modalitesGenerales: "history.field.modalitesGenerales",
  correspondences: "history.field.correspondences",
};

function fieldLabel(t: ReturnType<typeof useI18n>["t"], field: string): string {
  const key = FIELD_LABELS[field];
  return key ? t(key) : field;
}

/** A text's word-by-word difference, or a value's before → after. */
function FieldDiff({ field }: { field: FieldChange }) {
  const { t } = useI18n();
  if (field.parts) return <WordDiff parts={field.parts} />;
  const show = (value: unknown) =>
    value === null || value === undefined || value === ""
      ? t("history.empty")
      : typeof value === "string"
        ? value
        : JSON.stringify(value);
  return (
    <p className="word-diff">
      <del>{show(field.before)}</del> → <ins>{show(field.after)}</ins>
    </p>
  );
}

export function WordDiff({ parts }: { parts: WordPart[] }) {
  return (
    <p className="word-diff">
      {parts.map((part, i) =>
        part.op === "insert" ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts never reorder
          <ins key={i}>{part.text}</ins>
        ) : part.op === "delete" ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts never reorder
          <del key={i}>{part.text}</del>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts never reorder
          <span key={i}>{part.text}</span>
        ),
      )}
    </p>
  );
}
