import { createReferential } from "@refstudio/schema";
import { act } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { usePeers } from "../hooks/useCollabState.ts";
import { type Collab, localCollab } from "./collab.ts";
import { initials } from "./colors.ts";

/** Whatever presence a peer publishes, reading it never throws and a screen keeps rendering. */

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let collab: Collab;
let root: Root;
let container: HTMLElement;

/** Renders the others as the presence avatars do (initials of each name). */
function Avatars() {
  const peers = usePeers(collab);
  return (
    <p data-probe="peers">
      {peers.map((peer) => `${initials(peer.user.name)}:${peer.focus?.field ?? "-"}`).join(",")}
    </p>
  );
}

/** Another client's presence arriving from the server. */
function receive(clientId: number, clock: number, state: unknown) {
  const encoder = new TextEncoder().encode(JSON.stringify(state));
  const update = new Uint8Array([1, clientId, clock, encoder.length, ...encoder]);
  awarenessProtocol.applyAwarenessUpdate(collab.awareness, update, "server");
}

beforeEach(async () => {
  const doc = new Y.Doc();
  createReferential(doc, { title: "T" });
  collab = localCollab("r", doc, { id: "me", name: "Moi", color: "#1f6f8b" });
  container = document.createElement("div");
  document.body.append(container);
  root = createRoot(container);
  await act(async () => root.render(<Avatars />));
});

afterEach(async () => {
  await act(async () => root.unmount());
  container.remove();
  collab.destroy();
});

describe("presence received from others", () => {
  it("keeps only well-formed fields of hostile states, and the screen keeps rendering", async () => {
    const hostile = [
      { user: { id: "m", name: 42, color: "#123456" } },
      { user: "Mallory" },
      { user: { id: "x", name: "Xavier Martin", color: "red" }, focus: { nodeId: 3 } },
      { cursor: 5, focus: "titre" },
      { cursor: { anchor: { type: "x" }, head: null } },
      "pas un objet",
      [1, 2, 3],
    ];
    await act(async () => {
      for (const [i, state] of hostile.entries()) receive(10 + i, 1, state);
    });
    for (const [clientId, state] of collab.awareness.getStates()) {
      if (clientId === collab.awareness.clientID) continue;
      expect(
        Object.keys(state).every((key) => ["user", "focus", "cursor"].includes(key)),
        String(clientId),
      ).toBe(true);
      if (state.user) expect(typeof state.user.name).toBe("string");
      expect(state.cursor ?? null).toBeNull();
    }
    expect(container.textContent).toBe("");
  });

  it("shows a well-formed peer next to hostile ones", async () => {
    await act(async () => {
      receive(20, 1, { user: { id: "m", name: 42, color: "#123456" } });
      receive(21, 1, {
        user: { id: "a", name: "Alice Durand", color: "#a23b72" },
        focus: { nodeId: null, field: "title" },
      });
    });
    expect(container.textContent).toBe("AD:title");
  });
});
