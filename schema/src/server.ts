/**
 * @refstudio/schema/server — everything of the main entry, plus the server-only export formats.
 * Server code and the command line import this; the editor imports the main entry.
 */
export * from "./formats/server.ts";
export * from "./index.ts";
