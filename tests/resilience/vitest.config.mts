import path from "node:path";
import { defineConfig } from "vitest/config";

// `npm run test:resilience`: the store built and started with `next start` against real PostgreSQL, then
// hurt (concurrency, SIGKILL, a database outage, fuzzing). One file at a time: each starts its own
// PostgreSQL and servers, and the machine has two cores.
const root = path.resolve(import.meta.dirname, "../..");

export default defineConfig({
  root,
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}/` },
      { find: /^server-only$/, replacement: path.join(root, "tests/support/empty.ts") },
    ],
  },
  test: {
    name: "resilience",
    include: ["tests/resilience/**/*.test.ts"],
    environment: "node",
    globalSetup: ["tests/resilience/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
