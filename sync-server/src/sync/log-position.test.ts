import { describe, expect, it } from "vitest";
import { LogPosition } from "./log-position.ts";

describe("LogPosition", () => {
  it("advances through consecutive seqs and skips duplicates", () => {
    const position = new LogPosition(3);
    expect(position.applied(4)).toBe(true);
    expect(position.applied(5)).toBe(true);
    expect(position.applied(5)).toBe(false);
    expect(position.applied(2)).toBe(false);
    expect(position.upTo).toBe(5);
    expect(position.hasHole).toBe(false);
  });

  it("holds a hole open until the missing seq arrives, in any order", () => {
    const position = new LogPosition(0);
    position.applied(1);
    position.applied(3);
    position.applied(4);
    expect(position.upTo).toBe(1);
    expect(position.hasHole).toBe(true);
    expect(position.applied(4)).toBe(false);
    position.applied(2);
    expect(position.upTo).toBe(4);
    expect(position.hasHole).toBe(false);
  });

  it("closes holes with what was read from the store", () => {
    const position = new LogPosition(10);
    position.applied(12);
    position.applied(15);
    position.caughtUpTo(13);
    expect(position.upTo).toBe(13);
    expect(position.hasHole).toBe(true);
    position.caughtUpTo(16);
    expect(position.upTo).toBe(16);
    expect(position.hasHole).toBe(false);
    position.caughtUpTo(5);
    expect(position.upTo).toBe(16);
  });
});
