import { createReferential } from "@refstudio/schema";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createLogger } from "../logger.ts";
import type { AppStore } from "../store/types.ts";
import { RecordSync } from "./record-sync.ts";

/** An AppStore whose record writes stay under way until the test lets them finish. */
function slowStore() {
  const writes: { id: string; title: string | undefined; finish: () => void }[] = [];
  const app = {
    updateReferential: (id: string, patch: { title?: string }) =>
      new Promise((resolve) => writes.push({ id, title: patch.title, finish: () => resolve(null) })),
  } as unknown as AppStore;
  return { app, writes };
}

const docTitled = (title: string) => {
  const doc = new Y.Doc();
  createReferential(doc, { title, level: "NIV6" });
  return doc;
};

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe("RecordSync", () => {
  it("writes the latest fields once per delay", async () => {
    const { app, writes } = slowStore();
    const sync = new RecordSync(app, createLogger("silent"), 10);
    sync.touch("r1", docTitled("Premier"));
    sync.touch("r1", docTitled("Second"));
    await until(() => writes.length > 0);
    expect(writes.map((w) => [w.id, w.title])).toEqual([["r1", "Second"]]);
    writes[0]!.finish();
    await sync.flush();
  });

  it("typing that changes no listed field moves updatedAt at most once per bump interval", async () => {
    const { app, writes } = slowStore();
    const sync = new RecordSync(app, createLogger("silent"), 1, 60_000);
    const doc = docTitled("Stable");
    sync.touch("r1", doc);
    await until(() => writes.length === 1);
    writes[0]!.finish();
    sync.touch("r1", doc);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(writes).toHaveLength(1);
    // A listed field that changes is written within the short delay all the same.
    sync.touch("r1", docTitled("Renommé"));
    await until(() => writes.length === 2);
    expect(writes[1]!.title).toBe("Renommé");
    writes[1]!.finish();
    await sync.flush();
  });

  it("flush waits for a write a timer already started (the store closes right after)", async () => {
    const { app, writes } = slowStore();
    const sync = new RecordSync(app, createLogger("silent"), 1);
    sync.touch("r1", docTitled("Sous le minuteur"));
    await until(() => writes.length === 1);
    let flushed = false;
    const flush = sync.flush().then(() => {
      flushed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(flushed).toBe(false);
    writes[0]!.finish();
    await flush;
    expect(flushed).toBe(true);
  });

  it("flush writes what is still pending", async () => {
    const { app, writes } = slowStore();
    const sync = new RecordSync(app, createLogger("silent"), 60_000);
    sync.touch("r1", docTitled("En attente"));
    const flush = sync.flush();
    await until(() => writes.length === 1);
    expect(writes[0]!.title).toBe("En attente");
    writes[0]!.finish();
    await flush;
  });
});
