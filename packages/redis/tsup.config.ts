/**
 * `npm run build` in packages/redis = `tsup` (this file). See docs/packaging.md.
 *
 *   dist/index.{js,cjs,d.ts,d.cts}   `altegio-sdk-redis`: the Redis rate limiter and token store
 *
 * `altegio-sdk` and `ioredis` (peer dependencies) stay imports: the errors are the SDK's classes,
 * `instanceof` the ones the user's code imports, and a user's own ioredis client is accepted.
 * ALTEGIO_REDIS_OUT_DIR builds somewhere else than dist/ (test/packaging builds into a temporary
 * folder).
 */
import { rmSync } from "node:fs";
import { defineConfig, type Options } from "tsup";

const outDir = process.env.ALTEGIO_REDIS_OUT_DIR ?? "dist";
const entry = { index: "src/index.ts" };

const common: Options = {
  entry,
  outDir,
  target: "es2022",
  platform: "node",
  removeNodeProtocol: false,
  external: ["altegio-sdk", "ioredis", /^node:/],
  sourcemap: false,
  clean: false,
  // The repository's compiler options; in it `altegio-sdk` maps to the SDK's source for type
  // checking, and stays an import in the output (external above).
  tsconfig: "tsconfig.json",
  dts: { entry },
};

export default defineConfig(() => {
  // One clean for both configs: they build in parallel, so `clean: true` on each would race.
  rmSync(outDir, { recursive: true, force: true });
  return [
    { ...common, format: "esm" },
    { ...common, format: "cjs" },
  ];
});
