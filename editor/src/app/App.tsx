import { lazy, Suspense, useEffect } from "react";
import { ErrorBoundary } from "../components/ErrorBoundary.tsx";
import { Toasts } from "../components/ui/Toasts.tsx";
import { useI18n } from "../i18n/i18n.ts";
import { AuthScreen } from "../screens/AuthScreen.tsx";
import { HomeScreen } from "../screens/HomeScreen.tsx";
import { invitationToken, META_PLACE, useRoute } from "./router.ts";
import { SessionProvider, useSession } from "./session.tsx";

// The editor (Tiptap, dnd-kit, validation) loads only when a référentiel is opened.
const ReferentialScreen = lazy(() =>
  import("../screens/ReferentialScreen.tsx").then((module) => ({ default: module.ReferentialScreen })),
);

export function App() {
  return (
    <ErrorBoundary>
      <SessionProvider>
        <Screens />
        <Toasts />
      </SessionProvider>
    </ErrorBoundary>
  );
}

function Screens() {
  const { state } = useSession();
  const route = useRoute();
  const { t, lang } = useI18n();

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  useEffect(() => {
    if (route.name !== "referential") document.title = "Référentiel Studio";
  }, [route.name]);

  if (state.status === "loading") {
    return (
      <main className="splash" aria-busy="true">
        <p>{t("common.loading")}</p>
      </main>
    );
  }
  if (state.status === "signedOut") {
    const signUp = route.name === "signUp" || (route.name !== "signIn" && invitationToken() !== null);
    return <AuthScreen key={signUp ? "up" : "in"} mode={signUp ? "signUp" : "signIn"} />;
  }
  if (route.name === "referential") {
    return (
      <Suspense
        fallback={
          <main className="splash" aria-busy="true">
            <p>{t("common.loading")}</p>
          </main>
        }
      >
        <ReferentialScreen key={route.id} id={route.id} place={route.place ?? META_PLACE} />
      </Suspense>
    );
  }
  return <HomeScreen />;
}
