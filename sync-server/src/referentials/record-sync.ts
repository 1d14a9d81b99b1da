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
    this.pending.set(id, { fields, timer: setTimeout(() => void this.write(id), this.delayMs) });
  }

  /** Writes every pending record now (shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.pending.keys()].map((id) => this.write(id)));
  }

  private async write(id: string): Promise<void> {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    clearTimeout(entry.timer);
    try {
      await this.app.updateReferential(id, entry.fields);
    } catch (error) {
      this.log.error({ err: error, doc: id }, "could not update the référentiel record");
    }
  }
}
