import { lazy, Suspense, useEffect } from "react";
import { ErrorBoundary } from "../components/ErrorBoundary.tsx";
import { Toasts } from "../components/ui/Toasts.tsx";
import { useI18n } from "../i18n/i18n.ts";
import { AccountScreen } from "../screens/AccountScreen.tsx";
import { AdminScreen } from "../screens/AdminScreen.tsx";
import { AuthScreen } from "../screens/AuthScreen.tsx";
import { HomeScreen } from "../screens/HomeScreen.tsx";
import { ForgotPasswordScreen, ResetPasswordScreen } from "../screens/PasswordScreens.tsx";
import { invitationToken, META_PLACE, passwordResetToken, useRoute } from "./router.ts";
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
  const resetToken = passwordResetToken();
  if (resetToken) return <ResetPasswordScreen token={resetToken} />;
  if (state.status === "signedOut") {
    if (route.name === "forgotPassword") return <ForgotPasswordScreen />;
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
  if (route.name === "account") return <AccountScreen />;
  if (route.name === "admin") return <AdminScreen />;
  return <HomeScreen />;
}
