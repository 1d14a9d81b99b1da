import { metaMap } from "@refstudio/schema";
import type * as Y from "yjs";
import type { Logger } from "../logger.ts";
import type { AppStore } from "../store/types.ts";

type Listed = { title: string; rncpCode: string; status: string };

/**
 * Keeps a référentiel's listed fields (title, RNCP code, status, updatedAt) in step with its
 * document: the list of référentiels is read from the AppStore, the truth is in the document.
 * A change of a listed field is written within `delayMs`; typing that changes none of them only
 * moves updatedAt, at most once per `bumpMs` per document (a write per document every few
 * seconds costs the sync path as much as a quarter of its appends).
 */
export class RecordSync {
  /** Writes to come; `bump` when the record's listed fields are already right (only updatedAt moves). */
  private readonly pending = new Map<string, { fields: Listed; timer: NodeJS.Timeout; bump: boolean }>();
  /** What was last written per document, and when (ms since the epoch). */
  private readonly written = new Map<string, { fields: Listed; at: number }>();
  /** Writes under way (started by a timer or a flush): the store must not close under them. */
  private readonly writing = new Set<Promise<void>>();

  constructor(
    private readonly app: AppStore,
    private readonly log: Logger,
    private readonly delayMs = 2_000,
    private readonly bumpMs = 60_000,
  ) {}

  /** Notes that a document changed; its record is written a little later. */
  touch(id: string, doc: Y.Doc): void {
    const meta = metaMap(doc);
    const fields = {
      title: String(meta.get("title") ?? ""),
      rncpCode: String(meta.get("rncpCode") ?? ""),
      status: String(meta.get("status") ?? "draft"),
    };
    // Null when a listed field differs from what the record holds.
    const since = this.sinceWritten(id, fields);
    const entry = this.pending.get(id);
    if (entry) {
      entry.fields = fields;
      if (entry.bump && since === null) {
        // A listed field changed while only a bump of updatedAt was due: written sooner.
        clearTimeout(entry.timer);
        entry.timer = setTimeout(() => this.write(id), this.delayMs);
        entry.bump = false;
      }
      return;
    }
    const wait = since === null ? this.delayMs : Math.max(this.delayMs, this.bumpMs - since);
    const timer = setTimeout(() => this.write(id), wait);
    this.pending.set(id, { fields, timer, bump: since !== null });
  }

  /** Milliseconds since the record was written with these same fields, or null. */
  private sinceWritten(id: string, fields: Listed): number | null {
    const last = this.written.get(id);
    return last && sameFields(last.fields, fields) ? Date.now() - last.at : null;
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
    this.written.set(id, { fields: entry.fields, at: Date.now() });
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

const sameFields = (a: Listed, b: Listed): boolean =>
  a.title === b.title && a.rncpCode === b.rncpCode && a.status === b.status;
