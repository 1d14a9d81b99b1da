import { Component, type ReactNode } from "react";
import { t } from "../i18n/i18n.ts";

type State = { error: Error | null };

/** Shows a readable message instead of a blank page when a screen fails to render. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error): void {
    console.error("Référentiel Studio: rendering failed", error);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <main className="splash" role="alert">
        <h1>{t("error.title")}</h1>
        <p className="muted">{this.state.error.message}</p>
        <button type="button" className="btn btn--primary btn--md" onClick={() => window.location.reload()}>
          {t("error.reload")}
        </button>
      </main>
    );
  }
}
