import { defineConfig } from "vitest/config";

// Integration and end-to-end tests start real server processes: run files one at a time.
export default defineConfig({
  test: {
    name: "tests",
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    passWithNoTests: true,
  },
});
