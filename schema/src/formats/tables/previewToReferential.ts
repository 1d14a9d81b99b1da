import { generateNKeysBetween } from "fractional-indexing";
import { emptyMeta, LIMITS, type Meta, type Node, Referential } from "../../model.ts";
import { parseOrExplain } from "../../parse.ts";
import { linesToRich } from "../freeText.ts";
import { type ImportPreview, type ItemKind, LINK_TARGET, type PreviewItem } from "./previewModel.ts";

/**
 * The référentiel a corrected preview describes: blocs in order, each item under its bloc (a
 * modality without bloc at the root: transversal), links as the preview states them. The
 * « Non classé » list is not imported: the user has seen it and chose to leave it. An RNCP fiche's
 * kept flux (meta.rncpFlux) comes along, so that its XML export still carries what the studio
 * does not model.
 */

const LETTER: Record<ItemKind, string> = { activity: "a", competency: "c", modality: "m", criterion: "k" };
const PREFIX: Partial<Record<ItemKind, string>> = { activity: "A", competency: "C" };
/** The node id of the preview's i-th bloc (0-based). */
const blocIdAt = (i: number) => `b${String(i + 1).padStart(2, "0")}`;

export function previewToReferential(preview: ImportPreview, meta: Partial<Meta> = {}): Referential {
  const nodes: Node[] = [];
  const idOf = new Map<string, string>();
  const blocOrders = generateNKeysBetween(null, null, preview.blocs.length);
  const place = (items: PreviewItem[], parent: string | null, prefix: string, b: number) => {
    for (const kind of Object.keys(LETTER) as ItemKind[]) {
      const ofKind = items.filter((i) => i.kind === kind);
      const orders = generateNKeysBetween(null, null, ofKind.length);
      ofKind.forEach((item, j) => {
        const id = `${prefix}-${LETTER[kind]}${String(j + 1).padStart(2, "0")}`;
        idOf.set(item.id, id);
        const derived = PREFIX[kind] ? `${PREFIX[kind]}${b}.${j + 1}` : null;
        nodes.push(toNode(item, id, parent, orders[j] ?? "a0", item.code === derived ? null : item.code));
      });
    }
  };
  preview.blocs.forEach((bloc, i) => {
    const id = blocIdAt(i);
    nodes.push({
      id,
      kind: "bloc",
      parent: null,
      order: blocOrders[i] ?? "a0",
      pinnedCode: bloc.code,
      title: bloc.title.slice(0, LIMITS.nodeTitleChars),
      body: linesToRich(bloc.title.length > LIMITS.nodeTitleChars ? [bloc.title, ...bloc.lines] : bloc.lines),
      links: {},
      prerequis: bloc.prerequis ?? "",
      prerequisEntree: bloc.prerequisEntree ?? "",
    });
    place(
      preview.items.filter((item) => item.bloc === bloc.id),
      id,
      id,
      i + 1,
    );
  });
  place(
    preview.items.filter((item) => item.bloc === null && item.kind === "modality"),
    null,
    "transversal",
    0,
  );
  const kindOf = new Map(preview.items.map((i) => [i.id, i.kind]));
  for (const item of preview.items) {
    const node = nodes.find((n) => n.id === idOf.get(item.id));
    const target = LINK_TARGET[item.kind];
    if (!node || !target) continue;
    const ids = item.links.filter((l) => kindOf.get(l) === target && idOf.has(l)).map((l) => idOf.get(l)!);
    const unique = [...new Set(ids)].sort();
    if (item.kind === "competency") node.links = { activities: unique };
    if (item.kind === "modality") node.links = { covers: unique };
    if (item.kind === "criterion") node.links = { evaluates: unique };
  }
  nodes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const full = { ...emptyMeta(), ...preview.meta, title: preview.title, ...meta };
  // What a fiche says of its blocs (kept flux elements, the renewal's correspondence) follows each
  // bloc to its new id; a bloc the user removed drops out, one the user added has none.
  const newBlocId = new Map(preview.blocs.map((bloc, i) => [bloc.id, blocIdAt(i)]));
  const flux = full.rncpFlux;
  if (flux) {
    const blocs: typeof flux.blocs = {};
    for (const [old, id] of newBlocId) {
      const kept = flux.blocs[old];
      if (kept) blocs[id] = kept;
    }
    full.rncpFlux = { ...flux, blocs };
  }
  const renewal = full.renewal;
  if (renewal) {
    full.renewal = {
      ...renewal,
      rows: renewal.rows.map((row) => ({
        ...row,
        new: row.new.flatMap((old) => newBlocId.get(old) ?? []),
      })),
    };
  }
  return parseOrExplain(Referential, { meta: full, nodes, comments: [] }, "Référentiel importé");
}

function toNode(
  item: PreviewItem,
  id: string,
  parent: string | null,
  order: string,
  pinnedCode: string | null,
): Node {
  const titled = item.kind === "activity" || item.kind === "modality";
  // A competency or a criterion is one statement: a title it got from an earlier kind joins its text.
  const lines = titled ? item.lines : [item.title, ...item.lines].filter((l) => l.length > 0);
  let title = titled ? item.title : "";
  const body = [...lines];
  if (title.length > LIMITS.nodeTitleChars) {
    body.unshift(title);
    title = title.slice(0, 200);
  }
  const base = { id, parent, order, pinnedCode, title, body: linesToRich(body), links: {} };
  switch (item.kind) {
    case "modality":
      return {
        ...base,
        kind: "modality",
        modalityType: item.modalityType,
        grouping: null,
        duration: item.duration ?? "",
      };
    case "activity":
      return { ...base, kind: "activity" };
    case "competency":
      return { ...base, kind: "competency", links: { activities: [] } };
    case "criterion":
      return { ...base, kind: "criterion", links: { evaluates: [] } };
  }
}
