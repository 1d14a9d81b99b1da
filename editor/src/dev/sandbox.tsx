import { docFromSnapshot, parseSnapshot } from "@refstudio/schema";
import { StrictMode, useMemo } from "react";
import { createRoot } from "react-dom/client";
import fixture from "../../../schema/fixtures/chef-de-projet-marketing.snapshot.json";
import type { ReferentialSummary, Role, User } from "../api/types.ts";
import { SessionProvider } from "../app/session.tsx";
import { createUiState, createWorkspace, WorkspaceProvider } from "../app/workspace.ts";
import { localCollab } from "../collab/collab.ts";
import { colorFor } from "../collab/colors.ts";
import { Toasts } from "../components/ui/Toasts.tsx";
import { WorkspaceLayout } from "../components/workspace/WorkspaceLayout.tsx";
import "../styles/app.css";

/**
 * Development only (served by `vite`, not built): the référentiel page on an in-memory copy of
 * the demo fixture, without a server. `?role=reviewer` shows it as a reviewer.
 */
const user: User = { id: "sandbox-user", email: "demo@example.org", name: "Camille Martin", admin: false };
const role = (new URLSearchParams(window.location.search).get("role") ?? "owner") as Role;
const summary: ReferentialSummary = {
  id: "sandbox",
  title: "Bac à sable",
  rncpCode: "",
  role,
  status: "draft",
  archived: false,
  updatedAt: new Date().toISOString(),
};

function Sandbox() {
  const workspace = useMemo(() => {
    const collab = localCollab("sandbox", docFromSnapshot(parseSnapshot(fixture)), {
      id: user.id,
      name: user.name,
      color: colorFor(user.id),
    });
    return createWorkspace({ collab, user, summary, ui: createUiState() });
  }, []);
  return (
    <SessionProvider user={user}>
      <WorkspaceProvider value={workspace}>
        <WorkspaceLayout />
      </WorkspaceProvider>
      <Toasts />
    </SessionProvider>
  );
}

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Sandbox />
    </StrictMode>,
  );
}
