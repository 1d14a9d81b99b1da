/** @refstudio/schema — the référentiel's model, shared document, commands, validation and formats. */
export * from "./anchors.ts";
export * from "./commands.ts";
export * from "./comments.ts";
export * from "./formats/index.ts";
export * from "./ids.ts";
export * from "./layout.ts";
export * from "./migrate.ts";
export * from "./model.ts";
export * from "./outline.ts";
export * from "./parse.ts";
export * from "./presence.ts";
export * from "./projection.ts";
export * from "./richtext.ts";
export * from "./snapshot.ts";
export * from "./text-diff.ts";
export * from "./validation/index.ts";
