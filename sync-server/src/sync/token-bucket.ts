/**
 * A token bucket: `capacity` tokens, refilled at `perSecond`. One per connection limits message
 * floods while letting a fast typist through (bursts up to the capacity).
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    now = Date.now(),
  ) {
    this.tokens = capacity;
    this.last = now;
  }

  /** Takes `cost` tokens; false (and nothing taken) when there are not enough. */
  take(cost = 1, now = Date.now()): boolean {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }
}

/**
 * Per-connection flood limits: messages (a writer at 200 updates/s also sends awareness for its
 * caret: ~400 messages/s) and bytes.
 */
export const FLOOD_LIMITS = {
  messages: { capacity: 2_000, perSecond: 1_000 },
  /** In multiples of the maximum message size. */
  bytes: { capacity: 4, perSecond: 1 },
} as const;
