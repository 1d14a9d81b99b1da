import { fold } from "./textRules.ts";

/**
 * Pairs two ordered lists that face each other in one table row (activities and the
 * competencies drawn from them, competencies and their criteria) when their counts differ:
 * a monotone alignment where every element of the longer list goes to one element of the
 * shorter, each element of the shorter gets at least one, and shared word stems decide.
 */

const STOP = new Set(
  "avec dans pour afin entre leur leurs sont être etre faire cette celle ceux plus tout tous toute toutes notamment selon ainsi".split(
    " ",
  ),
);

export function stems(text: string): Set<string> {
  const words = fold(text).match(/\p{L}{4,}/gu) ?? [];
  return new Set(words.filter((w) => !STOP.has(w)).map((w) => w.slice(0, 6)));
}

export function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const s of a) if (b.has(s)) shared += 1;
  return shared / Math.sqrt(a.size * b.size);
}

/** For each element of `long` (length >= `short`'s), the index in `short` it goes with. */
export function alignOrdered(long: string[], short: string[]): number[] {
  const p = long.length;
  const q = short.length;
  if (q === 0) return long.map(() => -1);
  if (q === 1) return long.map(() => 0);
  const a = long.map(stems);
  const b = short.map(stems);
  // best[i][j]: best score with long[0..i] placed and long[i] on short[j].
  const best: number[][] = Array.from({ length: p }, () =>
    new Array<number>(q).fill(Number.NEGATIVE_INFINITY),
  );
  const from: number[][] = Array.from({ length: p }, () => new Array<number>(q).fill(-1));
  best[0]![0] = similarity(a[0]!, b[0]!);
  for (let i = 1; i < p; i++) {
    for (let j = 0; j < q; j++) {
      // Enough elements left for every later short element to get one, and no gap before j.
      if (j > i || q - j > p - i) continue;
      const stay = best[i - 1]![j]!;
      const step = j > 0 ? best[i - 1]![j - 1]! : Number.NEGATIVE_INFINITY;
      const s = similarity(a[i]!, b[j]!);
      if (stay >= step) {
        best[i]![j] = stay + s;
        from[i]![j] = j;
      } else {
        best[i]![j] = step + s;
        from[i]![j] = j - 1;
      }
    }
  }
  const out = new Array<number>(p);
  let j = q - 1;
  for (let i = p - 1; i >= 0; i--) {
    out[i] = j;
    j = i > 0 ? from[i]![j]! : j;
  }
  return out;
}
