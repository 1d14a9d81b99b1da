import { colorFor } from "@refstudio/schema";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { addMembers, HttpClient, newAccount } from "../helpers/http-client.ts";
import { awarenessUpdate, RawClient } from "../helpers/raw-client.ts";
import { type ServerProcess, startServer } from "../helpers/server.ts";
import { connectClient, type SyncClient } from "../helpers/sync-client.ts";
import { waitFor } from "../helpers/wait.ts";

/**
 * Presence (awareness) is checked like content: each attack a member could make through the
 * presence channel, against the real server with real y-websocket clients watching.
 */

type Member = { http: HttpClient; id: string; name: string };

let server: ServerProcess;
let owner: Member;
let alice: Member;
let mallory: Member;
let referential: string;
const opened: { close(): void }[] = [];

async function member(name: string): Promise<Member> {
  const http = new HttpClient(server.url);
  const user = await http.signUp({ ...newAccount(name.split(" ")[0]), name });
  return { http, id: user.id, name };
}

function provider(who: Member): SyncClient {
  const client = connectClient(server.url, referential, who.http.cookie);
  opened.push({ close: () => client.destroy() });
  return client;
}

async function raw(who: Member): Promise<RawClient> {
  const client = await RawClient.open(server.url, referential, {
    cookie: who.http.cookie,
    origin: server.url,
  });
  opened.push(client);
  await client.synced;
  return client;
}

/** Every presence state a client's awareness took in, as JSON, by client id. */
function recordStates(client: SyncClient): Map<number, string[]> {
  const seen = new Map<number, string[]>();
  client.provider.awareness.on("change", ({ added, updated }: { added: number[]; updated: number[] }) => {
    for (const id of [...added, ...updated]) {
      const list = seen.get(id) ?? [];
      list.push(JSON.stringify(client.provider.awareness.getStates().get(id)));
      seen.set(id, list);
    }
  });
  return seen;
}

/**
 * After the attacker's connection closed, an honest state sent later reaches the watcher: had the
 * server relayed the attack, the watcher would have had it before.
 */
async function afterAttack(watcher: SyncClient, field: string): Promise<void> {
  const honest = provider(owner);
  await honest.synced;
  honest.provider.awareness.setLocalStateField("focus", { nodeId: null, field });
  await waitFor(
    () =>
      (watcher.provider.awareness.getStates().get(honest.doc.clientID) as { focus?: { field: string } })
        ?.focus?.field === field,
    "an honest presence sent after the attack",
  );
}

/**
 * Sends one awareness message from a new viewer connection while Alice watches: the code its
 * connection was closed with, and the client ids Alice ever had a state for.
 */
async function attack(
  entries: { clientId: number; clock: number; state: unknown }[],
  marker: string,
): Promise<{ code: number; seen: Set<number> }> {
  const watcher = provider(alice);
  await watcher.synced;
  const seen = recordStates(watcher);
  const attacker = await raw(mallory);
  attacker.sendAwareness(awarenessUpdate(entries));
  const { code } = await attacker.closed;
  await afterAttack(watcher, marker);
  return { code, seen: new Set(seen.keys()) };
}

beforeAll(async () => {
  server = await startServer({ SIGNUP: "open" });
  owner = await member("Proprietaire");
  alice = await member("Alice Durand");
  mallory = await member("Mallory Observatrice");
  referential = await owner.http.createReferential({ title: "Présence" });
  await addMembers(owner.http, referential, [
    [alice.http, "editor"],
    [mallory.http, "viewer"],
  ]);
}, 60_000);

afterEach(() => {
  for (const client of opened.splice(0)) client.close();
});

afterAll(async () => {
  await server?.dispose();
});

describe("presence", () => {
  it("shows each member under their own account, whatever name and colour the client gives", async () => {
    const watcher = provider(alice);
    const impostor = provider(mallory);
    await Promise.all([watcher.synced, impostor.synced]);
    impostor.provider.awareness.setLocalStateField("user", { name: alice.name, color: colorFor(alice.id) });
    await waitFor(
      () => watcher.provider.awareness.getStates().has(impostor.doc.clientID),
      "the viewer's presence at Alice",
    );
    expect(watcher.provider.awareness.getStates().get(impostor.doc.clientID)?.user).toEqual({
      id: mallory.id,
      name: mallory.name,
      color: colorFor(mallory.id),
    });
  });

  it("closes with 4400 a viewer whose presence name is a number; no editor ever sees it", async () => {
    const state = { user: { id: mallory.id, name: 42, color: "#123456" } };
    const { code, seen } = await attack([{ clientId: 4242, clock: 1, state }], "après le nom numérique");
    expect(code).toBe(4400);
    expect(seen.has(4242)).toBe(false);
  });

  it("closes with 4403 a viewer presenting itself as another member", async () => {
    const state = { user: { id: alice.id, name: alice.name, color: colorFor(alice.id) } };
    const { code, seen } = await attack([{ clientId: 4343, clock: 1, state }], "après l'usurpation");
    expect(code).toBe(4403);
    expect(seen.has(4343)).toBe(false);
  });

  it("closes with 4403 a viewer taking over another member's client id; the victim keeps its own state", async () => {
    const victim = provider(alice);
    const watcher = provider(owner);
    await Promise.all([victim.synced, watcher.synced]);
    victim.provider.awareness.setLocalStateField("focus", { nodeId: null, field: "title" });
    const victimId = victim.doc.clientID;
    await waitFor(
      () =>
        (watcher.provider.awareness.getStates().get(victimId) as { focus?: { field: string } })?.focus
          ?.field === "title",
      "the victim's presence at the owner",
    );
    const clock = victim.provider.awareness.meta.get(victimId)?.clock ?? 0;
    const attacker = await raw(mallory);
    attacker.sendAwareness(
      awarenessUpdate([
        { clientId: victimId, clock: clock + 10, state: { focus: { nodeId: null, field: "forgé" } } },
      ]),
    );
    expect((await attacker.closed).code).toBe(4403);
    await afterAttack(watcher, "après la prise d'identifiant");
    expect(victim.provider.awareness.getLocalState()?.focus).toEqual({ nodeId: null, field: "title" });
    expect(watcher.provider.awareness.getStates().get(victimId)?.focus).toEqual({
      nodeId: null,
      field: "title",
    });
  });

  it("closes with 4413 a 7 MB presence state before any peer receives it", async () => {
    const state = { focus: { nodeId: null, field: "x".repeat(7 * 1024 * 1024) } };
    const { code, seen } = await attack([{ clientId: 4444, clock: 1, state }], "après l'état géant");
    expect(code).toBe(4413);
    expect(seen.has(4444)).toBe(false);
  });

  it("closes with 4429 a viewer announcing 100,000 client ids; none reaches the others", async () => {
    const entries = Array.from({ length: 100_000 }, (_, i) => ({
      clientId: 500_000 + i,
      clock: 1,
      state: {},
    }));
    const { code, seen } = await attack(entries, "après les identifiants en masse");
    expect(code).toBe(4429);
    expect([...seen].some((id) => id >= 500_000 && id < 600_000)).toBe(false);
    const logged = server
      .events()
      .some((event) => event.code === 4429 && event.msg === "message refused: flood");
    expect(logged).toBe(true);
  });
});
