import { describe, expect, it } from "vitest";
import { FLOOD_LIMITS, TokenBucket } from "./token-bucket.ts";

describe("TokenBucket", () => {
  it("allows a burst up to its capacity, then refuses", () => {
    const bucket = new TokenBucket(3, 1, 0);
    expect([bucket.take(1, 0), bucket.take(1, 0), bucket.take(1, 0), bucket.take(1, 0)]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it("refills with time, never above capacity", () => {
    const bucket = new TokenBucket(2, 10, 0);
    bucket.take(2, 0);
    expect(bucket.take(1, 50)).toBe(false);
    expect(bucket.take(1, 100)).toBe(true);
    expect(bucket.take(3, 10_000)).toBe(false);
    expect(bucket.take(2, 10_000)).toBe(true);
  });

  it("lets a writer at 200 updates/s with awareness through for a minute, and stops a flood", () => {
    const { capacity, perSecond } = FLOOD_LIMITS.messages;
    const writer = new TokenBucket(capacity, perSecond, 0);
    let refused = 0;
    for (let ms = 0; ms < 60_000; ms += 5) {
      if (!writer.take(1, ms)) refused++;
      if (!writer.take(1, ms)) refused++;
    }
    expect(refused).toBe(0);
    const flood = new TokenBucket(capacity, perSecond, 0);
    let accepted = 0;
    for (let i = 0; i < 10_000; i++) if (flood.take(1, i / 10)) accepted++;
    expect(accepted).toBeLessThan(10_000);
  });
});
