import { defineConfig } from "vitest/config";

// Property tests and store contract tests against real services: more than the default 5 s on a loaded machine.
export default defineConfig({
  test: { name: "sync-server", include: ["src/**/*.test.ts"], testTimeout: 30_000 },
});
