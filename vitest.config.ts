import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    // Every file: fail it if a secret the SDK handled shows in an error or a log line.
    setupFiles: ["test/support/secret-scan.ts"],
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"] },
  },
});
