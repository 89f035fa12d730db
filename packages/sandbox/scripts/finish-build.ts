/**
 * The second half of `npm run build` in packages/sandbox (after tsup, see tsup.config.ts and
 * docs/packaging.md): copies the files the sandbox reads at run time into the build, where
 * src/description.ts looks for them (the nearest `generated/openapi.json` and
 * `openapi/security.json` at or above the module's folder). The installed package finds its own
 * copies; the source, in the repository, finds the repository's (the root's generated/ and
 * openapi/, two and three folders up).
 *
 * `generated/openapi.json` is the corrected description the root's codegen writes (`npm install`
 * or `npm run generate` at the root): build the sandbox after it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const packageRoot = resolve(import.meta.dirname, "..");
const repositoryRoot = resolve(packageRoot, "../..");
const outDir = resolve(packageRoot, process.env.ALTEGIO_SANDBOX_OUT_DIR ?? "dist");

const DATA_FILES = ["generated/openapi.json", "openapi/security.json"] as const;

for (const file of DATA_FILES) {
  const source = join(repositoryRoot, file);
  if (!existsSync(source)) {
    throw new Error(`finish-build: ${source} is missing; run \`npm run generate\` at the root`);
  }
  const target = join(outDir, file);
  mkdirSync(dirname(target), { recursive: true });
  // Minified: the description is read by the sandbox, never by a person, from the package.
  writeFileSync(target, JSON.stringify(JSON.parse(readFileSync(source, "utf8"))));
}
console.log(`finish-build: ${DATA_FILES.join(", ")} copied into ${outDir}`);
