import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App.tsx";
import "./styles/app.css";

const root = document.getElementById("root");
if (!root) throw new Error("#root is missing from index.html");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// The app shell offline (public/sw.js), in the built app only. Registered once the page is idle:
// its precaching must not compete with opening the first référentiel.
if (import.meta.env.PROD && "serviceWorker" in navigator) {
  const register = () =>
    navigator.serviceWorker.register("/sw.js").catch((error: unknown) => {
      console.warn("Référentiel Studio: service worker not registered", error);
    });
  window.addEventListener("load", () => {
    if ("requestIdleCallback" in window) window.requestIdleCallback(register, { timeout: 10_000 });
    else setTimeout(register, 3000);
  });
}
