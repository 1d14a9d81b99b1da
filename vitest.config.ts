import { defineConfig } from "vitest/config";

// One `vitest run` at the root runs every package's tests (each package is a project).
export default defineConfig({
  test: {
    projects: ["schema", "sync-server", "editor", "cli", "tests"],
  },
});
