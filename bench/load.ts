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
import { type BenchServer, startHocuspocus, startOurs, startReference } from "./servers.ts";
import { median, type Summary, summarize } from "./stats.ts";

/**
 * The shared shape of the fan-out and capacity measures: documents each with one writer and some
 * readers, writers typing small inserts at a steady total rate (round robin, one shared timer),
 * readers timing every insert they receive.
 *
 * The three servers run at once, each with its own connected clients, and the load goes to one
 * at a time in measured windows. A round orders them reference, Hocuspocus, ours, ours,
 * Hocuspocus, reference, so that a change in the machine's other load (other people's work)
 * weighs on all alike; there are several rounds, and each figure is the median over rounds.
 */

export type LoadPlan = {
  documents: number;
  readersPerDocument: number;
  /** Updates per second, all writers together. */
  rate: number;
  warmupMs: number;
  /** Measured time per server in one round, in two windows. */
  measureMs: number;
  rounds: number;
};

/** The figures of one server in one round. */
export type RoundFigures = {
  p50: number;
  p99: number;
  /** Server CPU seconds per delivered update (one update read by 50 readers is 50 deliveries). */
  cpuPerDelivery: number;
  /** Server CPU seconds per wall second. */
  serverCpu: number;
};

export type LoadResult = RoundFigures & {
  /** Median over rounds of each figure; `rounds` holds each round's. */
  rounds: RoundFigures[];
  latency: Summary;
  /** Deliveries measured / expected (measured sends x readers): below 1 means updates were lost. */
  delivered: number;
  clientCpu: number;
  /** Busy cores of the whole machine: beyond server + client, other people's work (noise). */
  machineCpu: number;
  /** Connections the server closed during the run (code and reason). */
  closed: string[];
};

export const SIDES = ["reference", "hocuspocus", "ours"] as const;
export type Side = (typeof SIDES)[number];
export type LoadComparison = Record<Side, Outcome<LoadResult>>;

const STARTERS: Record<Side, () => Promise<BenchServer>> = {
  reference: startReference,
  hocuspocus: startHocuspocus,
  ours: () => startOurs(),
};

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
  /** This round so far: server CPU and wall time of its windows, and where its samples start. */
  private round = { server: 0, wall: 0, firstSample: 0, firstSend: 0 };
  private readonly rounds: RoundFigures[] = [];

  private constructor(
    private readonly server: BenchServer,
    private readonly plan: LoadPlan,
    private readonly probe: LatencyProbe,
    private readonly clients: ProtocolClient[],
    /** Per document, the texts its writer types into. */
    private readonly texts: Y.XmlText[][],
  ) {}

  static async open(server: BenchServer, plan: LoadPlan): Promise<LoadSession> {
    const documents = await server.createDocuments(plan.documents, plan.readersPerDocument);
    const probe = new LatencyProbe(
      Math.ceil((plan.rate * (plan.warmupMs + plan.rounds * plan.measureMs + 2_000)) / 1000),
    );
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
              connect(d.readers[r]!, { name: `lecteur ${r + 1}`, onUpdate: (u) => probe.received(u) }),
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
    const serverUsed = this.server.cpuSeconds() - server;
    const wall = (performance.now() - started) / 1000;
    this.cpu.server += serverUsed;
    this.cpu.client += (used.user + used.system) / 1e6;
    this.cpu.machine += machineCpuSeconds() - machine;
    this.cpu.wall += wall;
    this.round.server += serverUsed;
    this.round.wall += wall;
    await sleep(1_500);
  }

  /** Closes the round: its figures from its own samples (missing deliveries count as infinitely late). */
  endRound(): void {
    const samples = this.probe.samples.slice(this.round.firstSample);
    const expected = (this.probe.measuredSends - this.round.firstSend) * this.plan.readersPerDocument;
    const latency = summarize(withMissing(samples, expected));
    this.rounds.push({
      p50: latency.p50,
      p99: latency.p99,
      cpuPerDelivery: this.round.server / Math.max(1, samples.length),
      serverCpu: this.round.server / this.round.wall,
    });
    this.round = {
      server: 0,
      wall: 0,
      firstSample: this.probe.samples.length,
      firstSend: this.probe.measuredSends,
    };
  }

  result(): LoadResult {
    const expected = this.probe.measuredSends * this.plan.readersPerDocument;
    const { samples } = this.probe;
    const over = (pick: (round: RoundFigures) => number) => median(this.rounds.map(pick));
    return {
      rounds: this.rounds,
      p50: over((r) => r.p50),
      p99: over((r) => r.p99),
      cpuPerDelivery: over((r) => r.cpuPerDelivery),
      serverCpu: over((r) => r.serverCpu),
      latency: summarize(withMissing(samples, expected)),
      delivered: samples.length / expected,
      clientCpu: this.cpu.client / this.cpu.wall,
      machineCpu: this.cpu.machine / this.cpu.wall,
      closed: this.clients.flatMap((c) => (c.closedBy ? [c.closedBy] : [])),
    };
  }

  close(): void {
    for (const client of this.clients) client.close();
  }
}

/** Samples plus one infinitely late delivery per missing one. */
function withMissing(samples: number[], expected: number): number[] {
  return [
    ...samples,
    ...new Array<number>(Math.max(0, expected - samples.length)).fill(Number.POSITIVE_INFINITY),
  ];
}

/** A round's window order: each server twice, mirrored. */
const ROUND: readonly Side[] = [...SIDES, ...[...SIDES].reverse()];

/** Measures every server under the same plan; a server that fails is n/a, the others are still measured. */
export async function compareLoads(plan: LoadPlan): Promise<LoadComparison> {
  const servers = {} as Record<Side, Outcome<BenchServer>>;
  for (const side of SIDES) servers[side] = await attempt(STARTERS[side]);
  const sessions: Partial<Record<Side, LoadSession>> = {};
  try {
    const opened = {} as Record<Side, Outcome<LoadSession>>;
    for (const side of SIDES) {
      const server = servers[side];
      opened[side] = server.ok ? await attempt(() => LoadSession.open(server.value, plan)) : server;
      if (opened[side].ok) sessions[side] = opened[side].value;
    }
    const running = SIDES.filter((side) => sessions[side]);
    for (const side of running) await sessions[side]!.warmUp();
    for (let round = 0; round < plan.rounds; round++) {
      for (const side of ROUND) await sessions[side]?.measure(plan.measureMs / 2);
      for (const side of running) sessions[side]!.endRound();
    }
    const outcome = (side: Side): Outcome<LoadResult> => {
      const session = opened[side];
      return session.ok ? { ok: true, value: session.value.result() } : session;
    };
    return { reference: outcome("reference"), hocuspocus: outcome("hocuspocus"), ours: outcome("ours") };
  } finally {
    for (const side of SIDES) sessions[side]?.close();
    for (const side of SIDES) {
      const server = servers[side];
      if (server.ok) await server.value.stop();
    }
  }
}
