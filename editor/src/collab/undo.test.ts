import {
  addNode,
  createReferential,
  moveNode,
  nodeBody,
  nodeMap,
  readNode,
  richToPlain,
} from "@refstudio/schema";
import { Editor } from "@tiptap/core";
import Collaboration from "@tiptap/extension-collaboration";
import StarterKit from "@tiptap/starter-kit";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { PageUndoManager, UndoScope } from "./undo.ts";

function setup() {
  const doc = new Y.Doc();
  createReferential(doc, { title: "T" });
  const bloc = addNode(doc, { kind: "bloc" }, { parent: null });
  const bloc2 = addNode(doc, { kind: "bloc" }, { parent: null });
  const c1 = addNode(doc, { kind: "competency", body: "Un" }, { parent: bloc });
  const c2 = addNode(doc, { kind: "competency", body: "Deux" }, { parent: bloc });
  const undo = new PageUndoManager(doc);
  const editorOn = (id: string) =>
    new Editor({
      element: document.createElement("div"),
      extensions: [
        StarterKit.configure({ undoRedo: false }),
        UndoScope.configure({ undo }),
        Collaboration.configure({
          fragment: nodeBody(nodeMap(doc, id) as Y.Map<unknown>),
          yUndoOptions: { undoManager: undo },
        }),
      ],
    });
  const text = (id: string) => richToPlain(readNode(doc, id)?.body ?? []);
  return { doc, bloc2, c1, c2, undo, editorOn, text };
}

describe("the page's one undo manager, shared by every rich-text editor", () => {
  it("undoes typing in a cell, a command, and keeps working when another editor unmounts", () => {
    const { doc, bloc2, c1, c2, undo, editorOn, text } = setup();
    const first = editorOn(c1);
    const second = editorOn(c2);
    expect(undo.editorCount()).toBe(2);

    first.commands.insertContentAt(first.state.doc.content.size - 1, " typed");
    expect(text(c1)).toBe("Un typed");
    undo.stopCapturing();
    moveNode(doc, c2, { parent: bloc2 });
    undo.stopCapturing();

    // Ctrl+Z in the second cell undoes the last change of the page: the move.
    second.commands.undo();
    expect(readNode(doc, c2)?.parent).not.toBe(bloc2);
    // The first editor goes (its bloc scrolled away): the manager stays, its listeners go.
    first.destroy();
    expect(undo.editorCount()).toBe(1);
    second.commands.insertContentAt(second.state.doc.content.size - 1, " encore");
    expect(text(c2)).toBe("Deux encore");
    undo.stopCapturing();
    second.commands.undo();
    expect(text(c2)).toBe("Deux");
    second.commands.undo();
    expect(text(c1)).toBe("Un");
    second.commands.redo();
    expect(text(c1)).toBe("Un typed");
    second.destroy();
    expect(undo.editorCount()).toBe(0);
    undo.dispose();
  });
});
