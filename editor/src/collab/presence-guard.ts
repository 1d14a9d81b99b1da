import { sanitizePresence } from "@refstudio/schema";
import type { Awareness } from "y-protocols/awareness";

/**
 * Keeps only the well-formed fields of every presence state received from the others (a bad
 * caret becomes no caret, a bad user no user), so that whatever a peer publishes never crashes
 * a screen. Registered right after the awareness is created, it runs before the text editors'
 * caret plugins and the avatars read the states.
 */
export function guardPresence(awareness: Awareness): void {
  awareness.on("change", ({ added, updated }: { added: number[]; updated: number[] }) => {
    for (const clientId of [...added, ...updated]) {
      if (clientId === awareness.clientID || !awareness.states.has(clientId)) continue;
      awareness.states.set(clientId, sanitizePresence(awareness.states.get(clientId)));
    }
  });
}
