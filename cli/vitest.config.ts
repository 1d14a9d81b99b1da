import { defineConfig } from "vitest/config";

// The command line runs as a child process in its tests: allow for a loaded machine.
export default defineConfig({ test: { name: "cli", include: ["src/**/*.test.ts"], testTimeout: 60_000 } });
