import type { Logger } from "../logger.ts";

/**
 * Runs a room's tasks one at a time, in order: an update is stored and applied before the next
 * one is inspected. A failed task is logged and does not stop the ones behind it.
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly log: Logger,
    private readonly docId: string,
  ) {}

  /** Queues a task; the returned promise settles with it (its error included). */
  run(task: () => Promise<void>): Promise<void> {
    const run = this.tail.then(task);
    this.tail = run.catch((error: unknown) => {
      this.log.error({ err: error, doc: this.docId }, "room task failed");
    });
    return run;
  }
}
