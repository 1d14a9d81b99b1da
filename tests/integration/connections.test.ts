import { readFileSync } from "node:fs";
import {
  addNode,
  canonicalSnapshot,
  createReferential,
  nodesMap,
  nodeTitle,
  requireNodeMap,
  updateNode,
} from "@refstudio/schema";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import * as Y from "yjs";
import { addMembers, HttpClient, newAccount } from "../helpers/http-client.ts";
import { metric } from "../helpers/metrics.ts";
import { RawClient, UpgradeRefused } from "../helpers/raw-client.ts";
import { type ServerProcess, startServer } from "../helpers/server.ts";
import { collabUrl, connectClient, type SyncClient } from "../helpers/sync-client.ts";
import { sleep, waitFor } from "../helpers/wait.ts";

/**
 * Connections that never read, never answer or multiply, against the real server: memory and
 * latency under the non-reading-viewer attack (measured from outside the server process), the
 * cap on sockets per account, repeated sync requests, keepalive, and sessions that end.
 */

type Member = { http: HttpClient; id: string };

const opened: { close(): void }[] = [];

async function member(server: ServerProcess, name: string): Promise<Member> {
  const http = new HttpClient(server.url);
  const user = await http.signUp(newAccount(name));
  return { http, id: user.id };
}

function provider(server: ServerProcess, who: Member, id: string): SyncClient {
  const client = connectClient(server.url, id, who.http.cookie);
  opened.push({ close: () => client.destroy() });
  return client;
}

/** The resident memory of a process, in bytes, read from /proc (outside the process). */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return Number(kb) * 1024;
}

/** A sync step 1 with an empty state vector: "send me the whole document". */
const WHOLE_DOCUMENT_PLEASE = new Uint8Array([0, 0, 1, 0]);

/** A WebSocket to the sync endpoint that never reads what the server sends. */
function nonReadingSocket(server: ServerProcess, id: string, cookie: string | undefined): Promise<WebSocket> {
  const ws = new WebSocket(`${collabUrl(server.url)}/${id}`, {
    headers: { Cookie: cookie ?? "", Origin: server.url },
  });
  return new Promise((resolve, reject) => {
    ws.once("open", () => {
      (ws as unknown as { _socket: { pause(): void } })._socket.pause();
      resolve(ws);
    });
    ws.once("unexpected-response", (_request, response) =>
      reject(new UpgradeRefused(response.statusCode ?? 0, "")),
    );
    ws.once("error", reject);
  });
}

/** A référentiel of about a megabyte: each answer to "the whole document" costs that much. */
function largeSnapshot(): string {
  const doc = new Y.Doc();
  createReferential(doc, { title: "Grand référentiel" });
  const paragraph = "Analyser les besoins du client afin de proposer une solution adaptée. ".repeat(20);
  for (let b = 0; b < 12; b++) {
    const bloc = addNode(doc, { kind: "bloc", title: `Bloc ${b + 1}` }, { parent: null });
    for (let i = 0; i < 40; i++) {
      addNode(doc, { kind: "competency", title: `C${b}.${i}`, body: paragraph }, { parent: bloc });
    }
  }
  return canonicalSnapshot(doc).json;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

afterEach(() => {
  for (const client of opened.splice(0)) client.close();
});

describe("a viewer whose sockets never read", () => {
  let server: ServerProcess;
  let owner: Member;
  let editor: Member;
  let viewer: Member;
  let id: string;

  beforeAll(async () => {
    server = await startServer({ SIGNUP: "open" });
    owner = await member(server, "Proprietaire");
    editor = await member(server, "Editrice");
    viewer = await member(server, "Observateur");
    id = await owner.http.createReferential({ snapshot: largeSnapshot() });
    await addMembers(owner.http, id, [
      [editor.http, "editor"],
      [viewer.http, "viewer"],
    ]);
  }, 120_000);

  afterAll(async () => {
    await server?.dispose();
  });

  /** The time an edit of the writer takes to reach the reader, in ms. */
  async function editLatency(
    writer: SyncClient,
    reader: SyncClient,
    node: string,
    text: string,
  ): Promise<number> {
    const reached = new Promise<number>((resolve) => {
      const watch = () => {
        if (nodeTitle(requireNodeMap(reader.doc, node)).toString() !== text) return;
        reader.doc.off("update", watch);
        resolve(performance.now());
      };
      reader.doc.on("update", watch);
    });
    const started = performance.now();
    updateNode(writer.doc, node, { title: text });
    return (await Promise.race([reached, sleep(20_000).then(() => Number.POSITIVE_INFINITY)])) - started;
  }

  it("keeps the server under +200 MB and honest edits fast while 30 sockets ask for the document and never read", async () => {
    const writer = provider(server, editor, id);
    const reader = provider(server, owner, id);
    await Promise.all([writer.synced, reader.synced]);
    const node = [...nodesMap(writer.doc).keys()][0] as string;
    const before: number[] = [];
    for (let i = 0; i < 10; i++) before.push(await editLatency(writer, reader, node, `avant ${i}`));
    const baseline = rssOf(server.pid);

    const sockets = await Promise.allSettled(
      Array.from({ length: 30 }, () => nonReadingSocket(server, id, viewer.http.cookie)),
    );
    const open = sockets.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
    opened.push(...open.map((ws) => ({ close: () => ws.terminate() })));
    const refused = sockets.filter(
      (result) => result.status === "rejected" && (result.reason as UpgradeRefused).status === 429,
    );

    let peak = baseline;
    const during: number[] = [];
    const attackEnds = Date.now() + 8_000;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssOf(server.pid));
    }, 50);
    // Each socket asks for the whole document 200 times a second (under the flood limit).
    const flood = setInterval(() => {
      for (const ws of open) if (ws.readyState === WebSocket.OPEN) ws.send(WHOLE_DOCUMENT_PLEASE);
    }, 5);
    try {
      while (Date.now() < attackEnds) {
        during.push(await editLatency(writer, reader, node, `pendant ${during.length}`));
        await sleep(100);
      }
      // The kernel's socket buffers absorb several megabytes per socket before the server's own
      // backlog grows: the attack goes on until the server gives up on the sockets.
      await waitFor(
        async () => (await metric(server.url, 'refstudio_connections_dropped_total{reason="slow"}')) > 0,
        "the slow sockets to be dropped and counted",
        30_000,
      );
    } finally {
      clearInterval(flood);
      clearInterval(sampler);
    }
    const grew = peak - baseline;
    console.log(
      `non-reading attack: ${open.length} sockets accepted, ${refused.length} refused (429); RSS baseline ${(baseline / 2 ** 20).toFixed(0)} MB, peak +${(grew / 2 ** 20).toFixed(0)} MB; honest edit median ${median(before).toFixed(1)} ms before, ${median(during).toFixed(1)} ms during (max ${Math.max(...during).toFixed(0)} ms, ${during.length} edits)`,
    );
    expect(grew).toBeLessThan(200 * 2 ** 20);
    // The target is 100 ms; a loaded machine may add to both figures, so the bound allows for it.
    expect(median(during)).toBeLessThan(Math.max(100, 3 * median(before)));
    expect(Math.max(...during)).toBeLessThan(2_000);
    expect(open.length).toBeLessThanOrEqual(8);
    expect(refused.length).toBe(30 - open.length);
  });

  it("answers a burst of sync requests from one connection once per interval", async () => {
    const client = await RawClient.open(server.url, id, { cookie: viewer.http.cookie, origin: server.url });
    opened.push(client);
    await client.synced;
    const before = client.syncAnswers;
    const started = Date.now();
    for (let i = 0; i < 50; i++) client.send(WHOLE_DOCUMENT_PLEASE);
    await waitFor(() => client.syncAnswers > before, "an answer");
    await sleep(1_500);
    const answers = client.syncAnswers - before;
    const seconds = (Date.now() - started) / 1000;
    // Answered at most once per second (the last request coalesced), never once per request.
    expect(answers).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
    expect(client.isOpen).toBe(true);
  });
});

describe("keepalive", () => {
  let server: ServerProcess;
  let owner: Member;
  let id: string;

  beforeAll(async () => {
    server = await startServer({ SIGNUP: "open", KEEPALIVE_MS: "300", IDLE_UNLOAD_MS: "200" });
    owner = await member(server, "Proprietaire");
    id = await owner.http.createReferential({ title: "Vivant" });
  }, 60_000);

  afterAll(async () => {
    await server?.dispose();
  });

  it("closes a socket that stops answering pings, and its document unloads", async () => {
    const silent = new WebSocket(`${collabUrl(server.url)}/${id}`, {
      headers: { Cookie: owner.http.cookie ?? "", Origin: server.url },
      autoPong: false,
    });
    opened.push({ close: () => silent.terminate() });
    await new Promise((resolve, reject) => {
      silent.once("open", resolve);
      silent.once("error", reject);
    });
    const closed = new Promise<void>((resolve) => silent.once("close", () => resolve()));
    await waitFor(
      async () => (await metric(server.url, "refstudio_loaded_documents")) === 1,
      "the document to load",
    );
    await Promise.race([
      closed,
      sleep(10_000).then(() => Promise.reject(new Error("the silent socket stayed open"))),
    ]);
    expect(await metric(server.url, 'refstudio_connections_dropped_total{reason="silent"}')).toBeGreaterThan(
      0,
    );
    await waitFor(
      async () => (await metric(server.url, "refstudio_loaded_documents")) === 0,
      "the document of the dead socket to unload",
    );
  });

  it("keeps an editor alone on a document connected past its provider's 30 s silence timeout", async () => {
    const alone = connectClient(server.url, id, owner.http.cookie);
    opened.push({ close: () => alone.destroy() });
    let disconnects = 0;
    alone.provider.on("status", (event: { status: string }) => {
      if (event.status === "disconnected") disconnects++;
    });
    await alone.synced;
    // y-websocket closes a connection that heard nothing for 30 s; its presence renewal (15 s) is
    // echoed to it, as the reference server does, so it never goes silent.
    await sleep(36_000);
    expect(disconnects).toBe(0);
  }, 60_000);

  it("keeps a socket that answers pings open", async () => {
    const client = await RawClient.open(server.url, id, { cookie: owner.http.cookie, origin: server.url });
    opened.push(client);
    await client.synced;
    await sleep(1_500);
    expect(client.isOpen).toBe(true);
  });
});

describe("sessions that end", () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServer({ SIGNUP: "open", KEEPALIVE_MS: "300", SESSION_MAX_AGE_SECONDS: "6" });
  }, 60_000);

  afterAll(async () => {
    await server?.dispose();
  });

  it("closes the sockets of a session when it expires (4401); its cookie no longer connects", async () => {
    const account = newAccount("Tardive");
    const http = new HttpClient(server.url);
    await http.signUp(account);
    const id = await http.createReferential({ title: "Session courte" });
    // A fresh session: six seconds from now.
    expect((await http.signIn(account.email, account.password)).status).toBe(200);
    const client = await RawClient.open(server.url, id, { cookie: http.cookie, origin: server.url });
    opened.push(client);
    await client.synced;
    const closed = await Promise.race([client.closed, sleep(20_000).then(() => null)]);
    expect(closed?.code).toBe(4401);
    expect(closed?.reason).toMatch(/Session expirée/);
    await expect(
      RawClient.open(server.url, id, { cookie: http.cookie, origin: server.url }),
    ).rejects.toMatchObject({
      status: 401,
    });
  });
});
