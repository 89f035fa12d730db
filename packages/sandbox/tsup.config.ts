/**
 * `npm run build` in packages/sandbox = `tsup` (this file) then scripts/finish-build.ts. See
 * docs/packaging.md.
 *
 *   dist/index.{js,cjs,d.ts,d.cts}   `altegio-sdk-sandbox`: the local API server (Node)
 *   dist/cli.js                      the `altegio-sandbox` bin (bin/altegio-sandbox.js runs it)
 *   dist/chunk-*.js                  code the ESM entry and the CLI share
 *   dist/generated/openapi.json      the data files it reads at run time (scripts/finish-build.ts)
 *   dist/openapi/security.json
 *
 * `altegio-sdk` (a peer dependency) stays an import: the sandbox's errors are the SDK's classes,
 * `instanceof` the ones the user's code imports. ALTEGIO_SANDBOX_OUT_DIR builds somewhere else
 * than dist/ (test/packaging builds into a temporary folder).
 */
import { rmSync } from "node:fs";
import { defineConfig, type Options } from "tsup";

const outDir = process.env.ALTEGIO_SANDBOX_OUT_DIR ?? "dist";

const common: Options = {
  outDir,
  target: "es2022",
  platform: "node",
  // Keep `node:` specifiers (tsup strips them by default).
  removeNodeProtocol: false,
  // Dependencies and peers (tsup adds those of package.json too), never bundled. `yaml` is an
  // optional peer: loaded only when the sandbox is pointed at a YAML description.
  external: ["altegio-sdk", "openapi-backend", "yaml", /^node:/],
  splitting: true,
  sourcemap: false,
  clean: false,
  // The repository's compiler options; in it `altegio-sdk` maps to the SDK's source for type
  // checking, and stays an import in the output (external above).
  tsconfig: "tsconfig.json",
};

const entries = { index: "src/index.ts" };

export default defineConfig(() => {
  // One clean for both configs: they build in parallel, so `clean: true` on each would race.
  rmSync(outDir, { recursive: true, force: true });
  return [
    {
      ...common,
      entry: { ...entries, cli: "src/cli.ts" },
      format: "esm",
      dts: { entry: entries },
    },
    {
      ...common,
      entry: entries,
      format: "cjs",
      // `import.meta.url` (the data-file lookup) becomes a `__filename`-based URL.
      shims: true,
      dts: { entry: entries },
    },
  ];
});
