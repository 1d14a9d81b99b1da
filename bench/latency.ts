/**
 * Fan-out latency, measured inside one process: a writer stamps each insert with a sequence
 * number written into the text itself (`§<seq>.`) and records when it sent it; a reader finds the
 * stamps in the update bytes it receives (Yjs stores inserted text as UTF-8) and looks the send
 * time up. Same clock on both sides, no decoding of the update.
 */

const MARK = [0xc2, 0xa7] as const; // "§" in UTF-8
const DOT = 0x2e;

export class LatencyProbe {
  private readonly sentAt: Float64Array;
  /** 1 for the stamps sent while measuring (the others are warm-up or between windows). */
  private readonly measured: Uint8Array;
  private next = 0;
  private measuring = false;
  readonly samples: number[] = [];
  measuredSends = 0;

  constructor(capacity: number) {
    this.sentAt = new Float64Array(capacity);
    this.measured = new Uint8Array(capacity);
  }

  /** The text to insert for the next update; its send time is now. */
  stamp(): string {
    const seq = this.next++;
    if (seq >= this.sentAt.length) throw new Error("LatencyProbe : capacité dépassée");
    this.sentAt[seq] = performance.now();
    if (this.measuring) {
      this.measured[seq] = 1;
      this.measuredSends++;
    }
    return `§${seq}.`;
  }

  /** Stamps made from now until `stop` are measured; there may be several such windows. */
  start(): void {
    this.measuring = true;
  }

  stop(): void {
    this.measuring = false;
  }

  /** Records the latency of every measured stamp found in a received update. */
  received(update: Uint8Array): void {
    const now = performance.now();
    for (let i = 0; i < update.length - 2; i++) {
      if (update[i] !== MARK[0] || update[i + 1] !== MARK[1]) continue;
      let seq = 0;
      let j = i + 2;
      for (; j < update.length && update[j]! >= 0x30 && update[j]! <= 0x39; j++)
        seq = seq * 10 + update[j]! - 0x30;
      if (update[j] !== DOT || j === i + 2) continue;
      if (this.measured[seq] === 1) this.samples.push(now - this.sentAt[seq]!);
      i = j;
    }
  }
}

/**
 * Calls `send(i)` `rate` times a second for `durationMs`, from one timer: late ticks catch up at
 * once (as a steady source would), so the rate holds on a busy event loop.
 */
export function pace(rate: number, durationMs: number, send: (i: number) => void): Promise<void> {
  const total = Math.round((rate * durationMs) / 1000);
  const start = performance.now();
  let sent = 0;
  return new Promise((resolve, reject) => {
    const tick = () => {
      try {
        const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
        while (sent < due) send(sent++);
      } catch (error) {
        reject(error);
        return;
      }
      if (sent >= total) resolve();
      else setTimeout(tick, Math.max(0, start + (sent * 1000) / rate - performance.now()));
    };
    tick();
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
