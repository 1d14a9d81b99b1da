import { metaMap } from "@refstudio/schema";
import type * as Y from "yjs";
import type { Logger } from "../logger.ts";
import type { AppStore } from "../store/types.ts";

type Listed = { title: string; rncpCode: string; status: string };

/**
 * Keeps a référentiel's listed fields (title, RNCP code, status, updatedAt) in step with its
 * document, at most once per `delayMs` per document: the list of référentiels is read from the
 * AppStore, the truth is in the document.
 */
export class RecordSync {
  private readonly pending = new Map<string, { fields: Listed; timer: NodeJS.Timeout }>();
  /** Writes under way (started by a timer or a flush): the store must not close under them. */
  private readonly writing = new Set<Promise<void>>();

  constructor(
    private readonly app: AppStore,
    private readonly log: Logger,
    private readonly delayMs = 2_000,
  ) {}

  /** Notes that a document changed; its record is written a little later. */
  touch(id: string, doc: Y.Doc): void {
    const meta = metaMap(doc);
    const fields = {
      title: String(meta.get("title") ?? ""),
      rncpCode: String(meta.get("rncpCode") ?? ""),
      status: String(meta.get("status") ?? "draft"),
    };
    const entry = this.pending.get(id);
    if (entry) {
      entry.fields = fields;
      return;
    }
    this.pending.set(id, { fields, timer: setTimeout(() => this.write(id), this.delayMs) });
  }

  /**
   * Writes every pending record now and waits for the writes already under way (shutdown: the
   * store closes right after).
   */
  async flush(): Promise<void> {
    for (const id of [...this.pending.keys()]) this.write(id);
    while (this.writing.size > 0) await Promise.all(this.writing);
  }

  private write(id: string): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    clearTimeout(entry.timer);
    const written = this.app
      .updateReferential(id, entry.fields)
      .then(
        () => {},
        (error: unknown) =>
          this.log.error({ err: error, doc: id }, "could not update the référentiel record"),
      )
      .finally(() => this.writing.delete(written));
    this.writing.add(written);
  }
}
