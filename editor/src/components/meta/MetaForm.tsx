import {
  type Certifier,
  LEVELS,
  META_RICH_FIELDS,
  type MetaPatch,
  metaFragment,
  metaMap,
  STATUSES,
  setMeta,
} from "@refstudio/schema";
import { useId, useRef } from "react";
import { useWorkspace } from "../../app/workspace.ts";
import { useFocusRequest } from "../../hooks/useFocusRequest.ts";
import { useMeta } from "../../hooks/useMeta.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { RichField } from "../bloc/RichField.tsx";
import { Button } from "../ui/Button.tsx";
import { showToast } from "../ui/Toasts.tsx";

/** The référentiel's fiche: identification, classification, certifiers and the fiche's texts. */
export function MetaForm() {
  const { doc, can } = useWorkspace();
  const meta = useMeta(doc);
  const { t } = useI18n();
  const save = (patch: MetaPatch) => {
    try {
      setMeta(doc, patch);
    } catch (error) {
      showToast({ tone: "error", message: error instanceof Error ? error.message : String(error) });
    }
  };
  const list = (text: string) =>
    text
      .split(/[,;\n]/)
      .map((part) => part.trim())
      .filter(Boolean);

  return (
    <section className="meta" aria-labelledby="meta-title">
      <header className="simple-view__head">
        <h2 id="meta-title">{t("meta.heading")}</h2>
        <p className="muted">{t("meta.lead")}</p>
      </header>
      <div className="meta__section">
        <h3>{t("meta.identification")}</h3>
        <div className="meta__grid">
          <MetaInput
            field="title"
            label={t("meta.title")}
            value={meta.title}
            multiline
            wide
            onCommit={(title) => save({ title })}
          />
          <MetaInput
            field="rncpCode"
            label={t("meta.rncpCode")}
            hint={t("meta.rncpHint")}
            value={meta.rncpCode}
            mono
            onCommit={(rncpCode) => save({ rncpCode: rncpCode.toUpperCase() as MetaPatch["rncpCode"] })}
          />
          <MetaSelect
            field="level"
            label={t("meta.level")}
            value={meta.level}
            options={[
              { value: "", label: "—" },
              ...LEVELS.map((l) => ({
                value: l,
                label: t("meta.levelLong", { level: l.replace("NIV", "") }),
              })),
            ]}
            onCommit={(level) => save({ level: level as MetaPatch["level"] })}
          />
          <MetaSelect
            field="status"
            label={t("meta.status")}
            value={meta.status}
            options={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
            onCommit={(status) => save({ status: status as MetaPatch["status"] })}
          />
        </div>
      </div>
      <div className="meta__section">
        <h3>{t("meta.classification")}</h3>
        <div className="meta__grid">
          <MetaInput
            field="nsf"
            label={t("meta.nsf")}
            hint={t("meta.listHint", { max: 3 })}
            value={meta.nsf.join(", ")}
            mono
            onCommit={(v) => save({ nsf: list(v) })}
          />
          <MetaInput
            field="rome"
            label={t("meta.rome")}
            hint={t("meta.listHint", { max: 5 })}
            value={meta.rome.join(", ")}
            mono
            onCommit={(v) => save({ rome: list(v) })}
          />
          <MetaInput
            field="formacodes"
            label={t("meta.formacodes")}
            hint={t("meta.listHint", { max: 5 })}
            value={meta.formacodes.join(", ")}
            mono
            onCommit={(v) => save({ formacodes: list(v) })}
          />
        </div>
      </div>
      <Certifiers
        certifiers={meta.certifiers}
        editable={can.edit}
        onChange={(certifiers) => save({ certifiers })}
      />
      <div className="meta__section">
        <h3>{t("meta.texts")}</h3>
        <div className="meta__texts">
          {META_RICH_FIELDS.filter((field) => metaMap(doc).has(field)).map((field) => (
            <div key={field} className="meta__text">
              <span className="field__label" aria-hidden="true">
                {t(`metaText.${field}`)}
              </span>
              <RichField
                fragment={metaFragment(doc, field)}
                label={t(`metaText.${field}`)}
                placeholder={t("meta.textPlaceholder")}
                nodeId={null}
                field={`meta.${field}`}
                kind={null}
              />
            </div>
          ))}
        </div>
      </div>
    </section>
  );
}

/** Focus requests for a meta field ("meta.level", or "level"). */
function useMetaFocus(field: string, element: () => HTMLElement | null) {
  useFocusRequest(
    (target) => target.nodeId === null && (target.field === `meta.${field}` || target.field === field),
    () => {
      const el = element();
      if (!el) return false;
      el.scrollIntoView({ block: "center", behavior: "smooth" });
      el.focus();
      return true;
    },
  );
}

type InputProps = {
  field: string;
  label: string;
  value: string;
  hint?: string;
  multiline?: boolean;
  wide?: boolean;
  mono?: boolean;
  onCommit: (value: string) => void;
};

/** A scalar field, saved when it loses focus (or on Enter): one change per edit, not per keystroke. */
function MetaInput({ field, label, value, hint, multiline, wide, mono, onCommit }: InputProps) {
  const { can } = useWorkspace();
  const ref = useRef<HTMLInputElement | HTMLTextAreaElement | null>(null);
  const hintId = useId();
  const id = useId();
  useMetaFocus(field, () => ref.current);
  const commit = (next: string) => {
    if (next.trim() !== value) onCommit(next.trim());
  };
  const common = {
    id,
    defaultValue: value,
    readOnly: !can.edit,
    "aria-describedby": hint ? hintId : undefined,
    className: `input${mono ? " mono" : ""}`,
    onBlur: (e: { target: { value: string } }) => commit(e.target.value),
  };
  return (
    <div className={`field${wide ? " field--wide" : ""}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {multiline ? (
        <textarea
          key={value}
          {...common}
          ref={(el) => {
            ref.current = el;
          }}
          rows={2}
          maxLength={800}
        />
      ) : (
        <input
          key={value}
          {...common}
          ref={(el) => {
            ref.current = el;
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter") e.currentTarget.blur();
          }}
        />
      )}
      {hint && (
        <span className="field__hint" id={hintId}>
          {hint}
        </span>
      )}
    </div>
  );
}

function MetaSelect({
  field,
  label,
  value,
  options,
  onCommit,
}: {
  field: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onCommit: (value: string) => void;
}) {
  const { can } = useWorkspace();
  const ref = useRef<HTMLSelectElement>(null);
  useMetaFocus(field, () => ref.current);
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <select
        ref={ref}
        className="select"
        aria-label={label}
        value={value}
        disabled={!can.edit}
        onChange={(e) => onCommit(e.target.value)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

function Certifiers({
  certifiers,
  editable,
  onChange,
}: {
  certifiers: Certifier[];
  editable: boolean;
  onChange: (certifiers: Certifier[]) => void;
}) {
  const { t } = useI18n();
  const first = useRef<HTMLInputElement>(null);
  const add = useRef<HTMLButtonElement>(null);
  useMetaFocus("certifiers", () => first.current ?? add.current);
  const update = (index: number, patch: Partial<Certifier>) => {
    const next = certifiers.map((c, i) => (i === index ? { ...c, ...patch } : c));
    onChange(next.map((c) => (c.siret ? c : { name: c.name })));
  };
  return (
    <div className="meta__section">
      <h3>{t("meta.certifiers")}</h3>
      {certifiers.length === 0 && <p className="muted">{t("meta.noCertifier")}</p>}
      <ul className="certifiers">
        {certifiers.map((certifier, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: certifiers have no id; the row is its position
          <li key={index} className="certifiers__row">
            <input
              ref={index === 0 ? first : undefined}
              key={`n${certifier.name}`}
              className="input"
              aria-label={t("meta.certifierName", { n: index + 1 })}
              placeholder={t("meta.certifierNamePlaceholder")}
              defaultValue={certifier.name}
              readOnly={!editable}
              maxLength={500}
              onBlur={(e) => {
                const name = e.target.value.trim();
                if (name && name !== certifier.name) update(index, { name });
              }}
            />
            <input
              key={`s${certifier.siret ?? ""}`}
              className="input mono certifiers__siret"
              aria-label={t("meta.certifierSiret", { n: index + 1 })}
              placeholder="SIRET"
              inputMode="numeric"
              defaultValue={certifier.siret ?? ""}
              readOnly={!editable}
              maxLength={14}
              onBlur={(e) => {
                const siret = e.target.value.replace(/\s/g, "");
                if (siret !== (certifier.siret ?? "")) update(index, { siret: siret || undefined });
              }}
            />
            {editable && (
              <Button
                size="sm"
                variant="ghost"
                icon="trash"
                aria-label={t("meta.certifierRemove", { n: index + 1 })}
                onClick={() => onChange(certifiers.filter((_, i) => i !== index))}
              />
            )}
          </li>
        ))}
      </ul>
      {editable && (
        <Button
          ref={add}
          size="sm"
          icon="plus"
          onClick={() => onChange([...certifiers, { name: t("meta.certifierNew") }])}
        >
          {t("meta.certifierAdd")}
        </Button>
      )}
    </div>
  );
}
