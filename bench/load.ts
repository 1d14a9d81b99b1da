import {
  addNode,
  createReferential,
  LOCAL_ORIGIN,
  metaMap,
  nodeBody,
  nodesMap,
  textLeaves,
} from "@refstudio/schema";
import * as Y from "yjs";
import { connectAll, ProtocolClient } from "./clients.ts";
import { machineCpuSeconds } from "./cpu.ts";
import { LatencyProbe, pace, sleep } from "./latency.ts";
import { attempt, type Outcome } from "./report.ts";
import { type BenchServer, startOurs, startReference } from "./servers.ts";
import { type Summary, summarize } from "./stats.ts";

/**
 * The shared shape of the fan-out and capacity measures: documents each with one writer and some
 * readers, writers typing small inserts at a steady total rate (round robin, one shared timer),
 * readers timing every insert they receive.
 *
 * Both servers run at once, each with its own connected clients, and the load goes to one at a
 * time in measured windows ordered reference, ours, ours, reference: a change in the machine's
 * other load during the run (other people's tests) then weighs on both alike.
 */

export type LoadPlan = {
  documents: number;
  readersPerDocument: number;
  /** Updates per second, all writers together. */
  rate: number;
  warmupMs: number;
  /** Measured time per server, in two windows. */
  measureMs: number;
};

export type LoadResult = {
  latency: Summary;
  /** Deliveries measured / expected (measured sends x readers): below 1 means updates were lost. */
  delivered: number;
  /** CPU seconds per wall second during the measured windows. */
  serverCpu: number;
  clientCpu: number;
  /** Busy cores of the whole machine: beyond server + client, other people's work (noise). */
  machineCpu: number;
  /** Connections the server closed during the run (code and reason). */
  closed: string[];
};

export type LoadComparison = { ours: Outcome<LoadResult>; reference: Outcome<LoadResult> };

/** Competencies each writer types into in turn, so that no text grows beyond a real statement's length. */
const TEXTS_PER_DOCUMENT = 20;

/** Competency texts in the writer's replica, where it types (a référentiel is created when the document is blank). */
function competencyTexts(doc: Y.Doc): Y.XmlText[] {
  if (!metaMap(doc).has("schemaVersion")) createReferential(doc, { title: "Banc d'essai", level: "NIV6" });
  const bloc = addNode(doc, { kind: "bloc", title: "Bloc du banc d'essai" }, { parent: null });
  return Array.from({ length: TEXTS_PER_DOCUMENT }, (_, i) => {
    const id = addNode(doc, { kind: "competency", body: `Analyser le besoin ${i + 1} ` }, { parent: bloc });
    return textLeaves(nodeBody(nodesMap(doc).get(id)!))[0]!.text;
  });
}

/** The clients of one server, connected and ready to type. */
class LoadSession {
  private cpu = { server: 0, client: 0, machine: 0, wall: 0 };

  private constructor(
    private readonly server: BenchServer,
    private readonly plan: LoadPlan,
    private readonly probe: LatencyProbe,
    private readonly clients: ProtocolClient[],
    /** Per document, the texts its writer types into. */
    private readonly texts: Y.XmlText[][],
  ) {}

  static async open(server: BenchServer, plan: LoadPlan): Promise<LoadSession> {
    const documents = await server.createDocuments(plan.documents);
    const probe = new LatencyProbe(Math.ceil((plan.rate * (plan.warmupMs + plan.measureMs + 2_000)) / 1000));
    const clients: ProtocolClient[] = [];
    const connect = async (...args: Parameters<typeof ProtocolClient.connect>) => {
      const client = await ProtocolClient.connect(...args);
      clients.push(client);
      return client;
    };
    try {
      const writers = await connectAll(
        documents.map((d, i) => () => connect(d.writer, { name: `rédactrice ${i + 1}`, doc: new Y.Doc() })),
      );
      const texts = writers.map((writer) => competencyTexts(writer.doc!));
      await connectAll(
        documents.flatMap((d) =>
          Array.from(
            { length: plan.readersPerDocument },
            (_, r) => () =>
              connect(d.reader, { name: `lecteur ${r + 1}`, onUpdate: (u) => probe.received(u) }),
          ),
        ),
      );
      return new LoadSession(server, plan, probe, clients, texts);
    } catch (error) {
      for (const client of clients) client.close();
      throw error;
    }
  }

  /** Update i goes to document i mod n (round robin), into its texts in turn. */
  private type = (i: number) => {
    const texts = this.texts[i % this.texts.length]!;
    const text = texts[Math.floor(i / this.texts.length) % texts.length]!;
    const stamp = this.probe.stamp();
    text.doc!.transact(() => text.insert(text.length, stamp), LOCAL_ORIGIN);
  };

  warmUp(): Promise<void> {
    return pace(this.plan.rate, this.plan.warmupMs, this.type);
  }

  /** One measured window, then a pause for its last deliveries (late ones still count: they are the tail). */
  async measure(durationMs: number): Promise<void> {
    const server = this.server.cpuSeconds();
    const client = process.cpuUsage();
    const machine = machineCpuSeconds();
    const started = performance.now();
    this.probe.start();
    await pace(this.plan.rate, durationMs, this.type);
    this.probe.stop();
    const used = process.cpuUsage(client);
    this.cpu.server += this.server.cpuSeconds() - server;
    this.cpu.client += (used.user + used.system) / 1e6;
    this.cpu.machine += machineCpuSeconds() - machine;
    this.cpu.wall += (performance.now() - started) / 1000;
    await sleep(1_500);
  }

  /** Missing deliveries count as infinitely late. */
  result(): LoadResult {
    const expected = this.probe.measuredSends * this.plan.readersPerDocument;
    const { samples } = this.probe;
    const missing = new Array<number>(Math.max(0, expected - samples.length)).fill(Number.POSITIVE_INFINITY);
    return {
      latency: summarize([...samples, ...missing]),
      delivered: samples.length / expected,
      serverCpu: this.cpu.server / this.cpu.wall,
      clientCpu: this.cpu.client / this.cpu.wall,
      machineCpu: this.cpu.machine / this.cpu.wall,
      closed: this.clients.flatMap((c) => (c.closedBy ? [c.closedBy] : [])),
    };
  }

  close(): void {
    for (const client of this.clients) client.close();
  }
}

/** Measures both servers under the same plan; a server that fails is n/a, the other is still measured. */
export async function compareLoads(plan: LoadPlan): Promise<LoadComparison> {
  const servers = { reference: await attempt(startReference), ours: await attempt(() => startOurs()) };
  const sessions: { reference?: LoadSession; ours?: LoadSession } = {};
  try {
    const open = async (side: "reference" | "ours"): Promise<Outcome<LoadSession>> => {
      const server = servers[side];
      if (!server.ok) return server;
      const session = await attempt(() => LoadSession.open(server.value, plan));
      if (session.ok) sessions[side] = session.value;
      return session;
    };
    const opened = { reference: await open("reference"), ours: await open("ours") };
    const order = (["reference", "ours", "ours", "reference"] as const).filter((side) => sessions[side]);
    for (const side of new Set(order)) await sessions[side]!.warmUp();
    for (const side of order) await sessions[side]!.measure(plan.measureMs / 2);
    const outcome = (side: "reference" | "ours"): Outcome<LoadResult> => {
      const session = opened[side];
      return session.ok ? { ok: true, value: session.value.result() } : session;
    };
    return { reference: outcome("reference"), ours: outcome("ours") };
  } finally {
    sessions.reference?.close();
    sessions.ours?.close();
    for (const server of [servers.reference, servers.ours]) if (server.ok) await server.value.stop();
  }
}
