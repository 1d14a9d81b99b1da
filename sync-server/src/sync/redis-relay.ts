import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import type { Logger } from "../logger.ts";
import type { ControlMessage, Relay, RemoteHandlers } from "./relay.ts";

/**
 * The Relay over Redis pub/sub: one channel per document. A message is
 * [8-byte id of the sending process][1-byte kind: 0 update, 1 awareness][payload]; a process
 * ignores its own messages.
 */

const KIND_UPDATE = 0;
const KIND_AWARENESS = 1;
const SENDER_BYTES = 8;

const channelOf = (docId: string) => `refstudio:doc:${docId}`;
/** Role changes and sign-outs, for every process. */
const CONTROL_CHANNEL = "refstudio:control";
const KIND_CONTROL = 2;

export class RedisRelay implements Relay {
  private readonly sender = randomBytes(SENDER_BYTES);
  private readonly handlers = new Map<string, RemoteHandlers>();
  private controlHandler: ((message: ControlMessage) => void) | null = null;

  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly log: Logger,
  ) {
    subscriber.on("messageBuffer", (channel: Buffer, message: Buffer) => this.onMessage(channel, message));
    for (const redis of [publisher, subscriber]) {
      redis.on("error", (error: Error) => log.warn({ err: error }, "redis error"));
    }
  }

  /** Connects (publisher and subscriber); rejects when Redis does not answer. */
  static async connect(url: string, log: Logger): Promise<RedisRelay> {
    const options = { lazyConnect: true, maxRetriesPerRequest: 3 };
    const publisher = new Redis(url, options);
    const subscriber = new Redis(url, options);
    await Promise.all([publisher.connect(), subscriber.connect()]);
    await subscriber.subscribe(CONTROL_CHANNEL);
    return new RedisRelay(publisher, subscriber, log);
  }

  publishUpdate(docId: string, update: Uint8Array): void {
    this.publish(docId, KIND_UPDATE, update);
  }

  publishAwareness(docId: string, update: Uint8Array): void {
    this.publish(docId, KIND_AWARENESS, update);
  }

  async subscribe(docId: string, handlers: RemoteHandlers): Promise<void> {
    this.handlers.set(docId, handlers);
    await this.subscriber.subscribe(channelOf(docId));
  }

  async unsubscribe(docId: string): Promise<void> {
    this.handlers.delete(docId);
    await this.subscriber.unsubscribe(channelOf(docId));
  }

  publishControl(message: ControlMessage): void {
    this.send(CONTROL_CHANNEL, KIND_CONTROL, Buffer.from(JSON.stringify(message)));
  }

  onControl(handler: (message: ControlMessage) => void): void {
    this.controlHandler = handler;
  }

  async close(): Promise<void> {
    this.handlers.clear();
    await Promise.allSettled([this.publisher.quit(), this.subscriber.quit()]);
  }

  private publish(docId: string, kind: number, payload: Uint8Array): void {
    this.send(channelOf(docId), kind, payload);
  }

  private send(channel: string, kind: number, payload: Uint8Array): void {
    const message = Buffer.concat([this.sender, Buffer.from([kind]), payload]);
    this.publisher.publish(channel, message).catch((error: unknown) => {
      this.log.error({ err: error, channel }, "redis publish failed");
    });
  }

  private onMessage(channel: Buffer, message: Buffer): void {
    if (message.length <= SENDER_BYTES || message.subarray(0, SENDER_BYTES).equals(this.sender)) return;
    if (message[SENDER_BYTES] === KIND_CONTROL) {
      try {
        this.controlHandler?.(JSON.parse(message.subarray(SENDER_BYTES + 1).toString()) as ControlMessage);
      } catch (error) {
        this.log.error({ err: error }, "bad control message");
      }
      return;
    }
    const handlers = this.handlers.get(channel.toString().slice(channelOf("").length));
    if (!handlers) return;
    const payload = new Uint8Array(message.subarray(SENDER_BYTES + 1));
    if (message[SENDER_BYTES] === KIND_UPDATE) handlers.update(payload);
    else if (message[SENDER_BYTES] === KIND_AWARENESS) handlers.awareness(payload);
  }
}
