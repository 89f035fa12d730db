import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** The workspace's packages resolve to their source: tests need no build. */
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^altegio-sdk$/, replacement: source("./src/index.ts") },
      { find: /^altegio-sdk-sandbox$/, replacement: source("./packages/sandbox/src/index.ts") },
      { find: /^altegio-sdk-redis$/, replacement: source("./packages/redis/src/index.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts", "packages/*/test/**/*.test.ts"],
    testTimeout: 30_000,
    // Every file: fail it if a secret the SDK handled shows in an error or a log line.
    setupFiles: ["test/support/secret-scan.ts"],
    typecheck: {
      enabled: true,
      include: ["test/**/*.test-d.ts", "packages/*/test/**/*.test-d.ts"],
    },
  },
});
