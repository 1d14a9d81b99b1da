/**
 * Runs a task at most once per interval: a call within the interval is kept (the latest one
 * wins) and runs once when the interval ends. Used to answer repeated sync requests once.
 */
export class Throttle<T> {
  private last = Number.NEGATIVE_INFINITY;
  private pending: { value: T } | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly run: (value: T) => void,
  ) {}

  call(value: T): void {
    const wait = this.last + this.intervalMs - Date.now();
    if (wait <= 0 && !this.timer) {
      this.fire(value);
      return;
    }
    this.pending = { value };
    this.timer ??= setTimeout(
      () => {
        this.timer = undefined;
        const pending = this.pending;
        this.pending = null;
        if (pending) this.fire(pending.value);
      },
      Math.max(0, wait),
    );
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = null;
  }

  private fire(value: T): void {
    this.last = Date.now();
    this.run(value);
  }
}
