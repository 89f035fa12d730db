/**
 * The second half of `npm run build` (after tsup, see tsup.config.ts and docs/packaging.md):
 * marks type-only exports of the bundled declarations as `type`. rollup-plugin-dts (tsup's dts
 * bundler) flattens `export type * from "…"` into a plain `export { … }`, so a `declare const`
 * that the source re-exports as a type only (`resourceTable`, `parameterRouting`) would look
 * importable as a value and be `undefined` at run time
 * (https://github.com/Swatinem/rollup-plugin-dts/issues/354). Every name of the final
 * `export { … }` that the built module does not export at run time gets `type`.
 *
 * (The sandbox, with its data files, is built by packages/sandbox: `npm run build:sandbox`.)
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const outDir = resolve(process.env.ALTEGIO_SDK_OUT_DIR ?? "dist");

/** Entries with declarations: `<entry>.js` (ESM), `<entry>.d.ts`, `<entry>.d.cts`. */
const ENTRIES = ["index"] as const;

/** The final `export { a, type B, c as d };` of a bundled declaration file. */
const FINAL_EXPORT = /^export \{([^}]*)\};$/m;

/** Rewrites the final export list: names not in `runtime` become `type`. */
function markTypeOnlyExports(dts: string, runtime: ReadonlySet<string>): string {
  return dts.replace(FINAL_EXPORT, (_all, list: string) => {
    const specifiers = list
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean)
      .map((specifier) => {
        if (specifier.startsWith("type ")) return specifier;
        const exported = specifier.split(/\s+as\s+/).pop() ?? specifier;
        return runtime.has(exported) ? specifier : `type ${specifier}`;
      });
    return `export { ${specifiers.join(", ")} };`;
  });
}

async function fixDeclarations(): Promise<string[]> {
  const changed: string[] = [];
  for (const entry of ENTRIES) {
    const runtime = new Set(
      Object.keys(await import(pathToFileURL(join(outDir, `${entry}.js`)).href)),
    );
    for (const ext of [".d.ts", ".d.cts"]) {
      const file = join(outDir, `${entry}${ext}`);
      const before = readFileSync(file, "utf8");
      if (!FINAL_EXPORT.test(before)) throw new Error(`${file}: no final export list`);
      const after = markTypeOnlyExports(before, runtime);
      if (after !== before) {
        writeFileSync(file, after);
        changed.push(file);
      }
    }
  }
  return changed;
}

const changed = await fixDeclarations();
console.log(`finish-build: type-only exports marked in ${changed.length} declaration file(s)`);
