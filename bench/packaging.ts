/**
 * What the packed SDK costs to install, import and bundle, each next to openapi-fetch's figure
 * measured the same way in the same run; and the size of the hand-written core.
 *
 * - Import: a cold `node` process (in the consumer project) that imports `altegio-sdk`, vs one
 *   that imports `openapi-fetch`; whole-process wall time, interleaved pairs, median of the
 *   paired ratios (a process that imports nothing is printed for reference, and the `import()`
 *   alone as timed inside each process).
 * - Bundle: a file that makes one facade call (`createAltegioClient` + `clients.get`), bundled
 *   from the installed package with esbuild (minified, ESM, browser platform, openapi-fetch
 *   included), brotli (quality 11, as size-limit) in kB of 1,000 bytes; next to the same call
 *   through openapi-fetch, and `{ normalizePhone }` alone (tree-shaking).
 * - Install: the installed manifest's runtime dependencies, the packages and bytes (apparent
 *   size of every file) `npm install <tarball>` puts in node_modules, vs `openapi-fetch` alone.
 * - Core: lines of src/**.ts (`wc -l`: blank lines and comments included; non-blank, non-comment
 *   lines are printed for reference).
 */
import { spawnSync } from "node:child_process";
import { brotliCompressSync, constants } from "node:zlib";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { cleanEnv, ROOT, type PackedSdk } from "./support/packed.js";
import { median, percentile, shuffled, table } from "./support/stats.js";

export interface PackagingResult {
  importRatio: number;
  /** `import()` alone, timed inside the process (median of paired ratios). */
  importOnlyRatio: number;
  importOnlyMs: { sdk: number; openapiFetch: number };
  bundleKb: number;
  phoneKb: number;
  srcLines: number;
  runtimeDependencies: string[];
  installedPackages: string[];
  installBytes: number;
  baselinePackages: string[];
  baselineBytes: number;
  report: string;
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(2)} kB`;

// ---------- import ----------

/** Whole-process wall time, and the `import()` alone as timed inside the process. */
function coldImport(project: string, specifier: string | undefined) {
  const code = specifier
    ? `const t = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t);`
    : `console.log(0);`;
  const started = performance.now();
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", code], {
    cwd: project,
    env: cleanEnv({ NODE_OPTIONS: "" }),
    encoding: "utf8",
  });
  const ms = performance.now() - started;
  if (child.status !== 0) throw new Error(`node -e ${code} failed: ${child.stderr}`);
  return { ms, importMs: Number(child.stdout.trim()) };
}

function benchImport(project: string, pairs: number) {
  const variants: Record<string, string | undefined> = {
    "altegio-sdk": "altegio-sdk",
    "openapi-fetch": "openapi-fetch",
    "nothing (node -e)": undefined,
  };
  const names = Object.keys(variants);
  for (const name of names) coldImport(project, variants[name]); // file cache
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const importTimes: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const ratios: number[] = [];
  const importRatios: number[] = [];
  for (let i = 0; i < pairs; i++) {
    const round: Record<string, { ms: number; importMs: number }> = {};
    for (const name of shuffled(names)) {
      round[name] = coldImport(project, variants[name]);
      times[name]!.push(round[name]!.ms);
      importTimes[name]!.push(round[name]!.importMs);
    }
    ratios.push(round["altegio-sdk"]!.ms / round["openapi-fetch"]!.ms);
    importRatios.push(round["altegio-sdk"]!.importMs / round["openapi-fetch"]!.importMs);
  }
  return {
    ratio: median(ratios),
    p25: percentile(ratios, 25),
    p75: percentile(ratios, 75),
    importRatio: median(importRatios),
    ms: Object.fromEntries(names.map((n) => [n, median(times[n]!)])),
    importMs: Object.fromEntries(names.map((n) => [n, median(importTimes[n]!)])),
  };
}

// ---------- bundle ----------

async function bundleBytes(project: string, name: string, code: string) {
  const entry = join(project, `bench-bundle-${name}.mjs`);
  writeFileSync(entry, code);
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: project,
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const bytes = result.outputFiles[0]!.contents;
  const brotli = brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
  }).length;
  return { minified: bytes.length, brotli };
}

// ---------- install ----------

function walk(dir: string, visit: (file: string, size: number) => void): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, visit);
    else if (entry.isFile()) visit(full, statSync(full).size);
  }
}

function installed(project: string): { packages: string[]; bytes: number } {
  const modules = join(project, "node_modules");
  const packages: string[] = [];
  const scan = (dir: string, prefix = "") => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
      if (entry.name.startsWith("@")) scan(join(dir, entry.name), `${entry.name}/`);
      else {
        packages.push(prefix + entry.name);
        const nested = join(dir, entry.name, "node_modules");
        try {
          if (statSync(nested).isDirectory()) scan(nested);
        } catch {
          /* none */
        }
      }
    }
  };
  scan(modules);
  let bytes = 0;
  walk(modules, (file, size) => {
    if (!file.endsWith(".package-lock.json")) bytes += size;
  });
  return { packages: packages.sort(), bytes };
}

// ---------- core lines ----------

function srcLines(): { lines: number; code: number; files: number } {
  let lines = 0;
  let code = 0;
  let files = 0;
  walk(join(ROOT, "src"), (file) => {
    if (!file.endsWith(".ts")) return;
    files++;
    const text = readFileSync(file, "utf8");
    const all = text.split("\n");
    lines += text.endsWith("\n") ? all.length - 1 : all.length;
    let inBlock = false;
    for (const raw of all) {
      const line = raw.trim();
      if (inBlock) {
        if (line.includes("*/")) inBlock = false;
        continue;
      }
      if (line === "" || line.startsWith("//")) continue;
      if (line.startsWith("/*")) {
        if (!line.includes("*/")) inBlock = true;
        continue;
      }
      code++;
    }
  });
  return { lines, code, files };
}

export async function benchPackaging(
  packed: PackedSdk,
  options: { importPairs: number } = { importPairs: 15 },
): Promise<PackagingResult> {
  const { project, baselineProject, manifest } = packed;

  const imports = benchImport(project, options.importPairs);

  const facadeBundle = await bundleBytes(
    project,
    "facade",
    `import { createAltegioClient } from "altegio-sdk";
const altegio = createAltegioClient({ partnerToken: "partner", userToken: "user" });
console.log(await altegio.clients.get({ location_id: 1, id: 2 }));
`,
  );
  const openapiBundle = await bundleBytes(
    project,
    "openapi-fetch",
    `import createClient from "openapi-fetch";
const client = createClient({ baseUrl: "https://api.alteg.io/api/v1", headers: { Authorization: "Bearer partner, User user" } });
console.log((await client.GET("/client/{location_id}/{id}", { params: { path: { location_id: 1, id: 2 } } })).data);
`,
  );
  const phoneBundle = await bundleBytes(
    project,
    "phone",
    `import { normalizePhone } from "altegio-sdk";
console.log(normalizePhone("+1 315 555 0175"));
`,
  );

  const sdkInstall = installed(project);
  const baseInstall = installed(baselineProject);
  const runtimeDependencies = Object.keys(manifest.dependencies ?? {});
  const lines = srcLines();

  const report = [
    `Import, cold node process in the consumer project (whole process wall time, ${options.importPairs} interleaved rounds, medians):`,
    table([
      ["imports", "process wall", "the import() alone, timed inside"],
      ...Object.entries(imports.ms).map(([name, ms]) => [
        name,
        `${ms.toFixed(1)} ms`,
        `${imports.importMs[name]!.toFixed(1)} ms`,
      ]),
    ]),
    `  altegio-sdk vs openapi-fetch: ${imports.ratio.toFixed(3)}× (p25–p75 ${imports.p25.toFixed(3)}–${imports.p75.toFixed(3)}); target ≤ 1.200× → ${imports.ratio <= 1.2 ? "met" : "NOT met"}; the import() alone: ${imports.importRatio.toFixed(2)}× (not the target's measure: startup dominates a process)`,
    `Bundle (esbuild, minified, ESM, browser, from the installed package, openapi-fetch included; brotli q11; kB = 1,000 bytes):`,
    table([
      ["bundle", "minified", "brotli"],
      [
        "one facade call (createAltegioClient + clients.get)",
        kb(facadeBundle.minified),
        kb(facadeBundle.brotli),
      ],
      [
        "the same call through openapi-fetch alone",
        kb(openapiBundle.minified),
        kb(openapiBundle.brotli),
      ],
      ["{ normalizePhone } alone", kb(phoneBundle.minified), kb(phoneBundle.brotli)],
    ]),
    `  one facade call: ${kb(facadeBundle.brotli)} brotli; target ≤ 15 kB → ${facadeBundle.brotli <= 15_000 ? "met" : "NOT met"}`,
    `Install (npm install of the packed tarball into an empty project, vs openapi-fetch alone):`,
    table([
      ["install", "packages", "node_modules"],
      [
        `altegio-sdk (tarball ${kb(statSync(packed.tarball).size)})`,
        `${sdkInstall.packages.length}: ${sdkInstall.packages.join(", ")}`,
        `${(sdkInstall.bytes / 1024 / 1024).toFixed(2)} MiB`,
      ],
      [
        "openapi-fetch alone",
        `${baseInstall.packages.length}: ${baseInstall.packages.join(", ")}`,
        `${(baseInstall.bytes / 1024 / 1024).toFixed(2)} MiB`,
      ],
    ]),
    `  runtime dependencies of the installed altegio-sdk: ${runtimeDependencies.join(", ") || "none"} → ${runtimeDependencies.join() === "openapi-fetch" ? "met" : "NOT met"}; install ${(sdkInstall.bytes / baseInstall.bytes).toFixed(1)}× openapi-fetch's bytes`,
    `Hand-written core: src/ ${lines.files} .ts files, ${lines.lines} lines (${lines.code} non-blank, non-comment); target ≤ 3,000 → ${lines.lines <= 3000 ? "met" : "NOT met"}`,
  ].join("\n");
  return {
    importRatio: imports.ratio,
    importOnlyRatio: imports.importRatio,
    importOnlyMs: {
      sdk: imports.importMs["altegio-sdk"]!,
      openapiFetch: imports.importMs["openapi-fetch"]!,
    },
    bundleKb: facadeBundle.brotli / 1000,
    phoneKb: phoneBundle.brotli / 1000,
    srcLines: lines.lines,
    runtimeDependencies,
    installedPackages: sdkInstall.packages,
    installBytes: sdkInstall.bytes,
    baselinePackages: baseInstall.packages,
    baselineBytes: baseInstall.bytes,
    report,
  };
}
