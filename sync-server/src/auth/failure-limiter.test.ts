import { describe, expect, it } from "vitest";
import { FailureLimiter } from "./failure-limiter.ts";

describe("FailureLimiter", () => {
  it("blocks a key after 5 failures in 15 minutes, until the oldest leaves the window", () => {
    const limiter = new FailureLimiter(5, 15 * 60_000);
    for (let i = 0; i < 4; i++) limiter.recordFailure("email:a", i * 1000);
    expect(limiter.retryAfterMs("email:a", 5000)).toBe(0);
    limiter.recordFailure("email:a", 4000);
    expect(limiter.retryAfterMs("email:a", 5000)).toBe(15 * 60_000 - 5000);
    expect(limiter.retryAfterMs("email:b", 5000)).toBe(0);
    expect(limiter.retryAfterMs("email:a", 15 * 60_000 + 1)).toBe(0);
  });

  it("forgets failures older than the window", () => {
    const limiter = new FailureLimiter(2, 1000);
    limiter.recordFailure("k", 0);
    limiter.recordFailure("k", 2000);
    expect(limiter.retryAfterMs("k", 2000)).toBe(0);
  });

  it("resets a key", () => {
    const limiter = new FailureLimiter(1, 1000);
    limiter.recordFailure("k", 0);
    expect(limiter.retryAfterMs("k", 1)).toBeGreaterThan(0);
    limiter.reset("k");
    expect(limiter.retryAfterMs("k", 1)).toBe(0);
  });
});
