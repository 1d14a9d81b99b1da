import { randomBytes } from "node:crypto";
import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "../logger.ts";
import type { Metrics } from "../metrics.ts";
import type { ControlMessage, Relay, RemoteHandlers } from "./relay.ts";

/**
 * The Relay over Redis pub/sub: one channel per document. A message is
 * [8-byte id of the sending process][1-byte kind][payload]; an update's payload starts with its
 * 6-byte sequence number in the store's log. A process ignores its own messages.
 *
 * Redis is only a shortcut: nothing is queued while it is unreachable (a publish then fails at
 * once and is counted), and when it is back the subscriptions are made again before the rooms
 * are told to catch up from the store. An outage is logged twice (lost, restored), not once per
 * update.
 */

const KIND_UPDATE = 0;
const KIND_AWARENESS = 1;
const KIND_CONTROL = 2;
const SENDER_BYTES = 8;
const SEQ_BYTES = 6;
const HEADER_BYTES = SENDER_BYTES + 1;

const DOC_CHANNEL_PREFIX = "refstudio:doc:";
const channelOf = (docId: string) => `${DOC_CHANNEL_PREFIX}${docId}`;
/** Role changes and sign-outs, for every process. */
const CONTROL_CHANNEL = "refstudio:control";

/** Reconnection every 100 ms at first, then every 2 s at most, for as long as it takes. */
const OPTIONS: RedisOptions = {
  lazyConnect: true,
  enableOfflineQueue: false,
  autoResubscribe: false,
  maxRetriesPerRequest: 1,
  retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
};

export class RedisRelay implements Relay {
  private readonly sender = randomBytes(SENDER_BYTES);
  private readonly handlers = new Map<string, RemoteHandlers>();
  /** Document channels Redis knows we listen to (cleared when the connection drops). */
  private readonly subscribed = new Set<string>();
  private controlHandler: ((message: ControlMessage) => void) | null = null;
  private readonly restoredHandlers: (() => void)[] = [];
  private lostAt: number | null = null;
  private restoring = false;
  private closing = false;

  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly log: Logger,
    private readonly metrics: Metrics,
  ) {
    subscriber.on("messageBuffer", (channel: Buffer, message: Buffer) => this.onMessage(channel, message));
    for (const redis of [publisher, subscriber]) {
      // Each failed reconnection emits an error: the outage is logged once, in `lost`.
      redis.on("error", (error: Error) => log.debug({ err: error }, "redis error"));
      redis.on("close", () => this.lost());
      redis.on("ready", () => void this.restore());
    }
    metrics.showRelayMetrics();
    metrics.relayConnected.set(1);
  }

  /** Connects (publisher and subscriber); rejects when Redis does not answer. */
  static async connect(url: string, log: Logger, metrics: Metrics): Promise<RedisRelay> {
    const publisher = new Redis(url, OPTIONS);
    const subscriber = new Redis(url, OPTIONS);
    await Promise.all([publisher.connect(), subscriber.connect()]);
    await subscriber.subscribe(CONTROL_CHANNEL);
    return new RedisRelay(publisher, subscriber, log, metrics);
  }

  get connected(): boolean {
    return this.lostAt === null;
  }

  publishUpdate(docId: string, seq: number, update: Uint8Array): void {
    const payload = Buffer.allocUnsafe(SEQ_BYTES + update.byteLength);
    payload.writeUIntBE(seq, 0, SEQ_BYTES);
    payload.set(update, SEQ_BYTES);
    this.send(channelOf(docId), KIND_UPDATE, payload);
  }

  publishAwareness(docId: string, update: Uint8Array): void {
    this.send(channelOf(docId), KIND_AWARENESS, update);
  }

  async subscribe(docId: string, handlers: RemoteHandlers): Promise<void> {
    this.handlers.set(docId, handlers);
    if (this.connected) await this.listen([channelOf(docId)]);
  }

  async unsubscribe(docId: string): Promise<void> {
    this.handlers.delete(docId);
    const channel = channelOf(docId);
    if (!this.subscribed.delete(channel) || !this.connected) return;
    await this.subscriber.unsubscribe(channel).catch(() => {});
  }

  publishControl(message: ControlMessage): void {
    this.send(CONTROL_CHANNEL, KIND_CONTROL, Buffer.from(JSON.stringify(message)));
  }

  onControl(handler: (message: ControlMessage) => void): void {
    this.controlHandler = handler;
  }

  onRestored(handler: () => void): void {
    this.restoredHandlers.push(handler);
  }

  async close(): Promise<void> {
    this.closing = true;
    this.handlers.clear();
    await Promise.allSettled([this.publisher.quit(), this.subscriber.quit()]);
  }

  private async listen(channels: string[]): Promise<void> {
    if (channels.length === 0) return;
    await this.subscriber.subscribe(...channels);
    for (const channel of channels) this.subscribed.add(channel);
  }

  /** A connection dropped: the relay is down until both are ready again and subscribed. */
  private lost(): void {
    this.subscribed.clear();
    if (this.closing || this.lostAt !== null) return;
    this.lostAt = Date.now();
    this.metrics.relayConnected.set(0);
    this.metrics.relayOutages.inc();
    this.log.warn(
      { event: "relay-lost" },
      "Redis relay lost: updates from other processes are read from the store until it is back",
    );
  }

  /** Both connections ready after an outage: subscribe again, then let the rooms catch up. */
  private async restore(): Promise<void> {
    if (this.lostAt === null || this.restoring || this.closing) return;
    if (this.publisher.status !== "ready" || this.subscriber.status !== "ready") return;
    this.restoring = true;
    try {
      await this.subscriber.subscribe(CONTROL_CHANNEL);
      // A document loaded meanwhile adds its channel: loop until none is missing.
      for (;;) {
        const missing = [...this.handlers.keys()].map(channelOf).filter((c) => !this.subscribed.has(c));
        if (missing.length === 0) break;
        await this.listen(missing);
      }
    } catch (error) {
      // Dropped again while subscribing: the next "ready" tries again.
      this.log.debug({ err: error }, "redis resubscription failed");
      return;
    } finally {
      this.restoring = false;
    }
    const outageSeconds = (Date.now() - this.lostAt) / 1000;
    this.lostAt = null;
    this.metrics.relayConnected.set(1);
    this.log.info({ event: "relay-restored", outageSeconds }, "Redis relay restored");
    for (const handler of this.restoredHandlers) handler();
  }

  private send(channel: string, kind: number, payload: Uint8Array): void {
    if (!this.connected) {
      this.metrics.relayPublishFailures.inc();
      return;
    }
    const message = Buffer.allocUnsafe(HEADER_BYTES + payload.byteLength);
    this.sender.copy(message, 0);
    message[SENDER_BYTES] = kind;
    message.set(payload, HEADER_BYTES);
    this.publisher.publish(channel, message).catch((error: unknown) => {
      // The other processes will find the update in the store (gap, reconciliation).
      this.metrics.relayPublishFailures.inc();
      this.log.debug({ err: error, channel }, "redis publish failed");
    });
  }

  private onMessage(channel: Buffer, message: Buffer): void {
    if (message.length <= HEADER_BYTES || message.subarray(0, SENDER_BYTES).equals(this.sender)) return;
    const kind = message[SENDER_BYTES];
    if (kind === KIND_CONTROL) {
      try {
        this.controlHandler?.(JSON.parse(message.subarray(HEADER_BYTES).toString()) as ControlMessage);
      } catch (error) {
        this.log.error({ err: error }, "bad control message");
      }
      return;
    }
    const handlers = this.handlers.get(channel.toString().slice(DOC_CHANNEL_PREFIX.length));
    if (!handlers) return;
    if (kind === KIND_UPDATE && message.length > HEADER_BYTES + SEQ_BYTES) {
      const seq = message.readUIntBE(HEADER_BYTES, SEQ_BYTES);
      handlers.update(seq, new Uint8Array(message.subarray(HEADER_BYTES + SEQ_BYTES)));
    } else if (kind === KIND_AWARENESS) {
      handlers.awareness(new Uint8Array(message.subarray(HEADER_BYTES)));
    }
  }
}
