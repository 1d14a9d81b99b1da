/**
 * How far along the store's update log a loaded document is, with several processes appending to
 * it: every update up to `upTo` is applied, and some later ones may be too (relayed or appended
 * here before an earlier one arrived). A seq missing below the highest one applied is a hole:
 * usually a relayed message still on its way, sometimes a lost one, which the room then reads
 * from the store.
 */
export class LogPosition {
  private readonly ahead = new Set<number>();

  constructor(private through: number) {}

  /** Every update of the log up to this seq is applied. */
  get upTo(): number {
    return this.through;
  }

  /** True while some seq below the highest applied one has not been applied. */
  get hasHole(): boolean {
    return this.ahead.size > 0;
  }

  /** Records an applied update; false when it was applied already (a duplicate to skip). */
  applied(seq: number): boolean {
    if (seq <= this.through || this.ahead.has(seq)) return false;
    this.ahead.add(seq);
    this.advance();
    return true;
  }

  /** Everything up to `seq` was read from the store and applied. */
  caughtUpTo(seq: number): void {
    if (seq > this.through) this.through = seq;
    for (const later of this.ahead) if (later <= this.through) this.ahead.delete(later);
    this.advance();
  }

  private advance(): void {
    while (this.ahead.delete(this.through + 1)) this.through++;
  }
}
