import {
  addNode,
  createReferential,
  moveNode,
  nodeBody,
  nodeMap,
  nodeTitle,
  richToPlain,
  setLink,
  updateNode,
} from "@refstudio/schema";
import { act } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { useNode } from "./useNode.ts";
import { useOutline } from "./useOutline.ts";

/** Typing in one field must re-render what shows that field, not the outline or other items. */

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let doc: Y.Doc;
let root: Root;
let container: HTMLElement;
let ids: { b1: string; b2: string; c1: string; c2: string; cr: string };
const renders = { outline: 0, c1: 0, c2: 0 };

function OutlineProbe() {
  const outline = useOutline(doc);
  renders.outline += 1;
  return (
    <p data-probe="outline">
      {outline.blocs.map((b) => `${outline.codes.get(b.bloc.id)}:${b.competencies.length}`).join(",")}
    </p>
  );
}

function NodeProbe({ id, name }: { id: string; name: "c1" | "c2" }) {
  const node = useNode(doc, id);
  renders[name] += 1;
  return <p data-probe={name}>{node ? `${node.parent}|${richToPlain(node.body)}` : ""}</p>;
}

/** Types into a node's rich text as Tiptap would: inside its Y.XmlText. */
function type(id: string, text: string) {
  const body = nodeBody(nodeMap(doc, id) as Y.Map<unknown>);
  doc.transact(() => {
    const paragraph = body.get(0) as Y.XmlElement;
    const leaf = paragraph.get(0) as Y.XmlText;
    leaf.insert(leaf.length, text);
  }, "typing");
}

beforeEach(async () => {
  doc = new Y.Doc();
  createReferential(doc, { title: "T" });
  const b1 = addNode(doc, { kind: "bloc", title: "Bloc 1" }, { parent: null });
  const b2 = addNode(doc, { kind: "bloc", title: "Bloc 2" }, { parent: null });
  const c1 = addNode(doc, { kind: "competency", body: "Analyser" }, { parent: b1 });
  const c2 = addNode(doc, { kind: "competency", body: "Piloter" }, { parent: b1 });
  const cr = addNode(doc, { kind: "criterion", body: "Observable" }, { parent: b1 });
  ids = { b1, b2, c1, c2, cr };
  renders.outline = 0;
  renders.c1 = 0;
  renders.c2 = 0;
  container = document.createElement("div");
  document.body.append(container);
  root = createRoot(container);
  await act(async () =>
    root.render(
      <>
        <OutlineProbe />
        <NodeProbe id={c1} name="c1" />
        <NodeProbe id={c2} name="c2" />
      </>,
    ),
  );
});

afterEach(async () => {
  await act(async () => root.unmount());
  container.remove();
});

const probe = (name: string) => container.querySelector(`[data-probe="${name}"]`)?.textContent;

describe("per-node subscriptions", () => {
  it("re-renders only the typed node on a keystroke, never the outline", async () => {
    const before = { ...renders };
    await act(async () => type(ids.c1, " le marché"));
    expect(probe("c1")).toBe(`${ids.b1}|Analyser le marché`);
    await act(async () => {
      doc.transact(() => nodeTitle(nodeMap(doc, ids.b1) as Y.Map<unknown>).insert(0, "Nouveau "), "typing");
    });
    expect(renders.outline).toBe(before.outline);
    expect(renders.c1).toBe(before.c1 + 1);
    expect(renders.c2).toBe(before.c2);
  });

  it("re-renders the outline on structural changes: move, link, add", async () => {
    expect(probe("outline")).toBe("BC01:2,BC02:0");
    await act(async () => moveNode(doc, ids.c2, { parent: ids.b2 }));
    expect(probe("outline")).toBe("BC01:1,BC02:1");
    expect(probe("c2")).toBe(`${ids.b2}|Piloter`);
    const afterMove = renders.outline;
    await act(async () => setLink(doc, ids.cr, "evaluates", ids.c1));
    expect(renders.outline).toBe(afterMove + 1);
    await act(async () => {
      addNode(doc, { kind: "competency" }, { parent: ids.b2 });
    });
    expect(probe("outline")).toBe("BC01:1,BC02:2");
  });

  it("follows a node through deletion and undo", async () => {
    const undo = new Y.UndoManager(doc.getMap("nodes"), { trackedOrigins: new Set(["del"]) });
    await act(async () => {
      doc.transact(() => doc.getMap("nodes").delete(ids.c1), "del");
    });
    expect(probe("c1")).toBe("");
    await act(async () => {
      undo.undo();
    });
    expect(probe("c1")).toBe(`${ids.b1}|Analyser`);
    await act(async () => updateNode(doc, ids.c1, { body: "Analyser le marché" }));
    expect(probe("c1")).toBe(`${ids.b1}|Analyser le marché`);
  });
});
