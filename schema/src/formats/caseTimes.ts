import type { Referential } from "../model.ts";
import { canonicalJson } from "../snapshot.ts";
import { META_KEY } from "./case.ts";

/**
 * When each record of a référentiel last changed, as far as its versions tell: a record (a node,
 * or META_KEY for the document's own fields) dates from the oldest version since which it is the
 * same. The real change happened between that version and the one before, so this is an honest
 * upper bound until per-update attribution gives exact times (issue 11).
 */
export function changeTimes(
  history: readonly { at: string; referential: Referential }[],
): (key: string) => string | undefined {
  const fingerprints = history.map(({ referential }) => {
    const prints = new Map(referential.nodes.map((node) => [node.id, canonicalJson(node)]));
    const { rncpFlux: _kept, status: _status, ...meta } = referential.meta;
    prints.set(META_KEY, canonicalJson(meta));
    return prints;
  });
  const last = fingerprints.length - 1;
  const times = new Map<string, string>();
  for (const [key, print] of fingerprints[last] ?? []) {
    let since = last;
    while (since > 0 && fingerprints[since - 1]?.get(key) === print) since--;
    times.set(key, history[since]?.at ?? "");
  }
  return (key) => times.get(key) || undefined;
}
