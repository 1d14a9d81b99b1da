import { defineConfig } from "vitest/config";

// Property tests run hundreds of cases: a loaded 2-core CI machine needs more than the default 5 s.
export default defineConfig({ test: { name: "schema", include: ["src/**/*.test.ts"], testTimeout: 30_000 } });
