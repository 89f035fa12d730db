/**
 * `npm run build` = `tsup` (this file) then scripts/package/finish-build.ts. See docs/packaging.md.
 *
 *   dist/index.{js,cjs,d.ts,d.cts}          `altegio-sdk`: the core; bundles generated/ (registry,
 *                                           resources, schema types); needs only `fetch`
 *
 * The sandbox (packages/sandbox, `altegio-sdk-sandbox`) and the Redis add-on (packages/redis,
 * `altegio-sdk-redis`) are packages of their own, each with its own build.
 *
 * ALTEGIO_SDK_OUT_DIR builds somewhere else than dist/ (test/packaging builds into a temporary
 * folder, so it never races a build of dist/ in the same checkout).
 */
import { rmSync } from "node:fs";
import { defineConfig, type Options } from "tsup";

const outDir = process.env.ALTEGIO_SDK_OUT_DIR ?? "dist";

const common: Options = {
  outDir,
  target: "es2022",
  platform: "neutral",
  // Keep `node:` specifiers (tsup strips them by default; Deno and edge runtimes want them).
  removeNodeProtocol: false,
  // The generated layer is build output: bundled, never left as an import of generated/.
  // `node:*` stays an import (the core has none; test/packaging checks the built output).
  external: ["openapi-fetch", /^node:/],
  splitting: true,
  // Readable, unminified output; no source maps (they would double the package for little).
  sourcemap: false,
  clean: false,
  tsconfig: "tsconfig.json",
};

const entries = { index: "src/index.ts" };

export default defineConfig(() => {
  // One clean for both configs: they build in parallel, so `clean: true` on each would race.
  rmSync(outDir, { recursive: true, force: true });
  return [
    {
      ...common,
      entry: entries,
      format: "esm",
      dts: { entry: entries },
    },
    {
      ...common,
      entry: entries,
      format: "cjs",
      dts: { entry: entries },
    },
  ];
});
