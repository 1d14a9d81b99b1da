import { type FormEvent, useId, useState } from "react";
import { ApiError } from "../../api/client.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { Button } from "../ui/Button.tsx";
import { Dialog } from "../ui/Dialog.tsx";

/**
 * Asks for a référentiel's title, to create one or to rename it: starts from `initial` each time
 * it opens; a refused `onSubmit` shows its message and keeps the dialog open.
 */
export function TitleDialog({
  open,
  heading,
  submitLabel,
  initial,
  onSubmit,
  onClose,
}: {
  open: boolean;
  heading: string;
  submitLabel: string;
  initial: string;
  onSubmit: (title: string) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const formId = useId();
  const [title, setTitle] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [openedWith, setOpenedWith] = useState<string | null>(null);
  const shown = open ? initial : null;
  if (shown !== openedWith) {
    setOpenedWith(shown);
    setTitle(initial);
    setError(null);
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return;
    onSubmit(title.trim()).catch((e: unknown) =>
      setError(e instanceof ApiError ? e.message : t("common.unexpected")),
    );
  };
  return (
    <Dialog
      open={open}
      title={heading}
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button variant="primary" type="submit" form={formId} disabled={!title.trim()}>
            {submitLabel}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="form">
        <label className="field">
          <span className="field__label">{t("meta.title")}</span>
          <input
            className="input"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            maxLength={800}
            required
            autoFocus
          />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}
