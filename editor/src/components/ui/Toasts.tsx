import { useSyncExternalStore } from "react";
import { Store } from "../../collab/store.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { Button } from "./Button.tsx";

/** Short notices at the bottom of the screen (announced to screen readers), with an optional action. */
export type Toast = {
  id: number;
  message: string;
  tone: "info" | "error" | "success";
  action?: { label: string; run: () => void };
};

const toasts = new Store<Toast[]>([]);
let nextId = 1;

export function showToast(toast: Omit<Toast, "id">, durationMs = 6000): void {
  const id = nextId++;
  toasts.set([...toasts.get(), { ...toast, id }].slice(-4));
  setTimeout(() => dismissToast(id), durationMs);
}

export function dismissToast(id: number): void {
  toasts.set(toasts.get().filter((t) => t.id !== id));
}

export function Toasts() {
  const list = useSyncExternalStore(toasts.subscribe, toasts.get);
  const { t } = useI18n();
  return (
    <section className="toasts" aria-live="polite" aria-label={t("toasts.label")}>
      {list.map((toast) => (
        <div
          key={toast.id}
          className={`toast toast--${toast.tone}`}
          role={toast.tone === "error" ? "alert" : "status"}
        >
          <span>{toast.message}</span>
          {toast.action && (
            <Button
              size="sm"
              variant="ghost"
              onClick={() => {
                toast.action?.run();
                dismissToast(toast.id);
              }}
            >
              {toast.action.label}
            </Button>
          )}
          <Button
            size="sm"
            variant="ghost"
            icon="x"
            aria-label={t("common.close")}
            onClick={() => dismissToast(toast.id)}
          />
        </div>
      ))}
    </section>
  );
}
