/**
 * `npm run build` = `tsup` (this file) then scripts/package/finish-build.ts. See docs/packaging.md.
 *
 *   dist/index.{js,cjs,d.ts,d.cts}          `altegio-sdk`: the core; bundles generated/ (registry,
 *                                           resources, schema types); needs only `fetch`
 *   dist/sandbox/index.{js,cjs,d.ts,d.cts}  `altegio-sdk/sandbox`: the local API server (Node)
 *   dist/sandbox/cli.js                     the `altegio-sandbox` bin (bin/altegio-sandbox.js runs it)
 *   dist/chunk-*.{js,cjs}                   code both entries share (the error classes), so an
 *                                           error the sandbox throws is `instanceof` the core's
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
  // `yaml` is an optional peer: the sandbox loads it only when pointed at a YAML description.
  external: ["openapi-fetch", "openapi-backend", "yaml", /^node:/],
  splitting: true,
  // Readable, unminified output; no source maps (they would double the package for little).
  sourcemap: false,
  clean: false,
  tsconfig: "tsconfig.json",
};

const entries = { index: "src/index.ts", "sandbox/index": "src/sandbox/index.ts" };

export default defineConfig(() => {
  // One clean for both configs: they build in parallel, so `clean: true` on each would race.
  rmSync(outDir, { recursive: true, force: true });
  return [
    {
      ...common,
      entry: { ...entries, "sandbox/cli": "src/sandbox/cli.ts" },
      format: "esm",
      dts: { entry: entries },
    },
    {
      ...common,
      entry: entries,
      format: "cjs",
      // `import.meta.url` (the sandbox's data-file lookup) becomes a `__filename`-based URL.
      shims: true,
      dts: { entry: entries },
    },
  ];
});
