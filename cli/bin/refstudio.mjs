#!/usr/bin/env node
// The TypeScript sources run as they are (the same schema code as the browser), through tsx.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/main.ts");
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
});
