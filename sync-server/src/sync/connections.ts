import type { Logger } from "../logger.ts";
import type { Metrics } from "../metrics.ts";
import type { Connection } from "./connection.ts";

/**
 * Bounds on what open sync connections may cost. Bytes waiting to be written to sockets are
 * bounded per connection, per user and per process: a reader that falls behind is dropped
 * (1013: it reconnects and resyncs) instead of making the server hold its backlog.
 */
export const CONNECTION_LIMITS = {
  /** Sockets one account may have open on one référentiel (tabs, devices). */
  perUserPerDocument: 8,
  /** Bytes queued for one socket before it is dropped (one frame always goes, whatever its size). */
  queuedPerConnection: 8 * 1024 * 1024,
  /** Bytes queued for all the sockets of one account. */
  queuedPerUser: 24 * 1024 * 1024,
  /** Bytes queued for all the sockets of this process. */
  queuedPerProcess: 256 * 1024 * 1024,
  /** Below this backlog a socket is keeping up: the user's and process's totals are not looked at. */
  smallBacklog: 256 * 1024,
  /** A sync step 1 is answered at most once per interval and connection (later ones are coalesced). */
  syncAnswerIntervalMs: 1_000,
} as const;

/**
 * Every sync connection of this process, for what needs all of them: the per-account limits,
 * and the liveness loop (y-websocket's server does the same): each interval, a connection that
 * did not answer the previous ping — or whose session expired — is closed, the others pinged.
 */
export class Connections {
  private readonly all = new Set<Connection>();
  private readonly byUser = new Map<string, Set<Connection>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: { log: Logger; metrics: Metrics; keepaliveMs: number }) {}

  /** How many sockets an account has open on a document. */
  countOf(userId: string, docId: string): number {
    let count = 0;
    for (const connection of this.byUser.get(userId) ?? []) if (connection.docId === docId) count++;
    return count;
  }

  add(connection: Connection): void {
    this.all.add(connection);
    let own = this.byUser.get(connection.userId);
    if (!own) {
      own = new Set();
      this.byUser.set(connection.userId, own);
    }
    own.add(connection);
    this.deps.metrics.connections.set(this.all.size);
  }

  delete(connection: Connection): void {
    this.all.delete(connection);
    const own = this.byUser.get(connection.userId);
    own?.delete(connection);
    if (own?.size === 0) this.byUser.delete(connection.userId);
    this.deps.metrics.connections.set(this.all.size);
  }

  /** Whether a connection with `backlog` bytes queued may queue more: its own bound, then its account's. */
  mayQueue(connection: Connection, backlog: number): boolean {
    if (backlog > CONNECTION_LIMITS.queuedPerConnection) return false;
    if (backlog < CONNECTION_LIMITS.smallBacklog) return true;
    let total = 0;
    for (const other of this.byUser.get(connection.userId) ?? []) total += other.backlog;
    return total <= CONNECTION_LIMITS.queuedPerUser;
  }

  /** Starts the liveness loop (and the process-wide backlog bound, checked as often). */
  start(): void {
    this.timer = setInterval(() => this.sweep(), this.deps.keepaliveMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private sweep(): void {
    const now = Date.now();
    let queued = 0;
    for (const connection of this.all) {
      connection.keepAlive(now);
      queued += connection.backlog;
    }
    if (queued <= CONNECTION_LIMITS.queuedPerProcess) return;
    // The process holds too much for its sockets: drop the furthest behind until under the bound.
    const behind = [...this.all].sort((a, b) => b.backlog - a.backlog);
    for (const connection of behind) {
      if (queued <= CONNECTION_LIMITS.queuedPerProcess) break;
      queued -= connection.backlog;
      connection.dropSlow();
    }
  }
}
