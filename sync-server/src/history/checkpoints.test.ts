import { describe, expect, it } from "vitest";
import type { VersionSummary } from "../store/types.ts";
import { checkpointsToDrop } from "./checkpoints.ts";

const HOUR = 3600_000;
const NOW = Date.UTC(2025, 5, 30, 12, 0, 0);

function version(id: string, hoursAgo: number, kind: VersionSummary["kind"] = "checkpoint"): VersionSummary {
  return {
    id,
    kind,
    baseId: null,
    referentialId: "r",
    name: id,
    authorId: "u",
    authorName: "U",
    createdAt: new Date(NOW - hoursAgo * HOUR).toISOString(),
    sha256: id,
    errors: 0,
    warnings: 0,
    validated: true,
  };
}

describe("checkpointsToDrop", () => {
  it("keeps the last day whole, then the newest of each day for 30 days, then of each week", () => {
    const versions = [
      version("now", 0.5),
      version("this-morning", 20),
      version("yesterday-late", 26),
      version("yesterday-early", 30),
      version("named-yesterday", 29, "named"),
      version("ten-days-late", 24 * 10 + 1),
      version("ten-days-early", 24 * 10 + 5),
      version("old-week-a", 24 * 60),
      version("old-week-b", 24 * 60 + 2),
      version("old-snapshot", 24 * 61, "snapshot"),
    ];
    expect(checkpointsToDrop(versions, NOW).sort()).toEqual([
      "old-week-b",
      "ten-days-early",
      "yesterday-early",
    ]);
  });

  it("bounds the checkpoints of a year of daily work", () => {
    // Two checkpoints an hour, 8 hours a day, every day for a year.
    const versions: VersionSummary[] = [];
    for (let day = 0; day < 365; day++) {
      for (let slot = 0; slot < 16; slot++) versions.push(version(`${day}-${slot}`, day * 24 + slot / 2));
    }
    const kept = versions.length - checkpointsToDrop(versions, NOW).length;
    // The last 24 hours (≤ 17), one a day up to 30 days, then one a week: about 17 + 29 + 48.
    expect(kept).toBeLessThanOrEqual(100);
    expect(kept).toBeGreaterThan(60);
  });
});
