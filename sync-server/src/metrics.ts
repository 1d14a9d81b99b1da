import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { REFUSAL_NAMES } from "./sync/close-codes.ts";

/** Why the server closes a sync connection that broke no rule (the labels of `connectionsDropped`). */
export const DROP_REASONS = { slow: "slow", silent: "silent", sessionEnded: "session_ended" } as const;
/** Why a loaded document was brought up to date from the store (see catch-up.ts). */
export const CATCH_UP_REASONS = ["gap", "relay_restored", "missing_history", "reconcile", "version"] as const;
export type CatchUpReason = (typeof CATCH_UP_REASONS)[number];

/** The Prometheus metrics of one server (its own registry, so several servers can live in one test process). */
export class Metrics {
  readonly registry = new Registry();

  readonly connections = new Gauge({
    name: "refstudio_connections",
    help: "Open sync connections",
    registers: [this.registry],
  });
  readonly loadedDocuments = new Gauge({
    name: "refstudio_loaded_documents",
    help: "Référentiel documents loaded in memory",
    registers: [this.registry],
  });
  readonly updatesAccepted = new Counter({
    name: "refstudio_updates_accepted_total",
    help: "Document updates accepted, stored and broadcast",
    registers: [this.registry],
  });
  readonly updatesRefused = new Counter({
    name: "refstudio_updates_refused_total",
    help: "Messages refused (the connection was closed), by reason",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });
  readonly storeAppendSeconds = new Histogram({
    name: "refstudio_store_append_seconds",
    help: "Time to durably append one update to the store",
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly documentLoadSeconds = new Histogram({
    name: "refstudio_document_load_seconds",
    help: "Time to load a document from the store (snapshot + updates, migration, validator)",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [this.registry],
  });
  readonly connectionsDropped = new Counter({
    name: "refstudio_connections_dropped_total",
    help: "Sync connections closed by the server: too slow a reader, no answer to pings, session ended",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });
  readonly upgradesRefused = new Counter({
    name: "refstudio_upgrades_refused_total",
    help: "Sync connections refused at the upgrade, by reason",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });
  readonly compactions = new Counter({
    name: "refstudio_compactions_total",
    help: "Update logs compacted into a snapshot",
    registers: [this.registry],
  });

  /** Relay health (scale-out over Redis): shown only by a server with a relay (`showRelayMetrics`). */
  readonly relayConnected = new Gauge({
    name: "refstudio_relay_connected",
    help: "1 while the Redis relay is connected, 0 during an outage",
    registers: [],
  });
  readonly relayOutages = new Counter({
    name: "refstudio_relay_outages_total",
    help: "Times the Redis relay was lost",
    registers: [],
  });
  readonly relayPublishFailures = new Counter({
    name: "refstudio_relay_publish_failures_total",
    help: "Messages the relay could not publish (other processes read the updates from the store)",
    registers: [],
  });
  readonly relayCatchUps = new Counter({
    name: "refstudio_relay_catchups_total",
    help: "Loaded documents brought up to date from the store, by cause",
    labelNames: ["reason"] as const,
    registers: [],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "refstudio_" });
    // Every refusal reason shows (at 0) before it first happens.
    for (const reason of Object.values(REFUSAL_NAMES)) this.updatesRefused.inc({ reason }, 0);
    for (const reason of Object.values(DROP_REASONS)) this.connectionsDropped.inc({ reason }, 0);
  }

  showRelayMetrics(): void {
    for (const metric of [
      this.relayConnected,
      this.relayOutages,
      this.relayPublishFailures,
      this.relayCatchUps,
    ])
      this.registry.registerMetric(metric);
    for (const reason of CATCH_UP_REASONS) this.relayCatchUps.inc({ reason }, 0);
  }
}
