/**
 * The second half of `npm run build` (after tsup, see tsup.config.ts and docs/packaging.md):
 *
 * 1. Copies the files the sandbox reads at run time into the build, where
 *    src/sandbox/description.ts looks for them (the nearest `generated/openapi.json` and
 *    `openapi/security.json` at or above the module's folder): the installed sandbox finds its
 *    own copies, the repository's source keeps finding the repository's.
 * 2. Marks type-only exports of the bundled declarations as `type`. rollup-plugin-dts (tsup's dts
 *    bundler) flattens `export type * from "…"` into a plain `export { … }`, so a `declare const`
 *    that the source re-exports as a type only (`resourceTable`, `parameterRouting`) would look
 *    importable as a value and be `undefined` at run time
 *    (https://github.com/Swatinem/rollup-plugin-dts/issues/354). Every name of the final
 *    `export { … }` that the built module does not export at run time gets `type`.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const outDir = resolve(process.env.ALTEGIO_SDK_OUT_DIR ?? "dist");

/** Entries with declarations: `<entry>.js` (ESM), `<entry>.d.ts`, `<entry>.d.cts`. */
const ENTRIES = ["index", "sandbox/index"] as const;
const DATA_FILES = ["generated/openapi.json", "openapi/security.json"] as const;

function copyDataFiles(): void {
  for (const file of DATA_FILES) {
    const target = join(outDir, file);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, JSON.stringify(JSON.parse(readFileSync(file, "utf8"))));
  }
}

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

copyDataFiles();
const changed = await fixDeclarations();
console.log(
  `finish-build: data files copied; type-only exports marked in ${changed.length} declaration file(s)`,
);
