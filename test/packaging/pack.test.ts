/**
 * The package as users get it (docs/packaging.md). It builds afresh into a temporary folder (never
 * the checkout's dist/, which may be stale or being rebuilt), then:
 *
 * - checks the built core: it imports nothing from `node:*` (nor a bare builtin), not the sandbox,
 *   and no package but openapi-fetch; its declarations carry the generated types and JSDoc and
 *   claim no value export the module does not have;
 * - packs the tarball (`npm pack`) and checks what it holds;
 * - installs it into a temporary project outside the repository (with typescript and @types/node,
 *   `--prefer-offline`), type-checks an ESM and a CommonJS consumer with `tsc` (strict, nodenext)
 *   and runs both against the packaged sandbox, then runs the installed `altegio-sandbox` bin.
 */
import { execFile, spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { builtinModules, createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cjsConsumer, consumerPackageJson, consumerTsconfig, esmConsumer } from "./consumers.js";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");
const rootPackage = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
  files: string[];
};
const requireFromRoot = createRequire(join(ROOT, "package.json"));
/** Same versions as the repository's, so `--prefer-offline` finds them in the npm cache. */
const TYPESCRIPT = `typescript@${(requireFromRoot("typescript/package.json") as { version: string }).version}`;
const TYPES_NODE = `@types/node@${(requireFromRoot("@types/node/package.json") as { version: string }).version}`;

/** npm's own variables from an enclosing `npm test` would point npm at the repository. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const key of Object.keys(env)) {
    if (/^npm_(package_|lifecycle_|command$|config_local_prefix$|config_call$)/i.test(key)) {
      delete env[key];
    }
  }
  return env;
}

async function sh(cmd: string, args: string[], cwd: string, extraEnv?: Record<string, string>) {
  try {
    return await run(cmd, args, {
      cwd,
      env: cleanEnv(extraEnv),
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as Error & { stdout?: string; stderr?: string };
    throw new Error(
      `${cmd} ${args.join(" ")} failed in ${cwd}: ${e.message}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`,
    );
  }
}

// Inside the repository (gitignored .tmp/): the build step imports the built modules, which
// resolve openapi-fetch and openapi-backend from the repository's node_modules.
mkdirSync(join(ROOT, ".tmp"), { recursive: true });
const stage = mkdtempSync(join(ROOT, ".tmp", "packaging-"));
const dist = join(stage, "dist");
// Outside the repository: the consumer project must not see the repository's node_modules.
const project = mkdtempSync(join(tmpdir(), "altegio-sdk-consumer-"));
const timings: Record<string, number> = {};
let tarball = "";
let packedFiles: string[] = [];

async function timed<T>(step: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } finally {
    timings[step] = Date.now() - started;
  }
}

beforeAll(async () => {
  await timed("build", () =>
    sh("npm", ["run", "build", "--silent"], ROOT, { ALTEGIO_SDK_OUT_DIR: dist }),
  );
  // The package directory as `npm pack` sees it in the repository: package.json, the `files`
  // whitelist (dist/ being the fresh build), and the README and LICENSE npm always ships.
  cpSync(join(ROOT, "package.json"), join(stage, "package.json"));
  for (const entry of [...rootPackage.files, "README.md", "LICENSE"]) {
    if (entry !== "dist" && existsSync(join(ROOT, entry))) {
      cpSync(join(ROOT, entry), join(stage, entry), { recursive: true });
    }
  }
  const { stdout } = await timed("pack", () =>
    sh("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", project], stage),
  );
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  tarball = join(project, packed!.filename);
  packedFiles = packed!.files.map((f) => f.path).sort();
}, 240_000);

afterAll(() => {
  console.log(`packaging: ${JSON.stringify(timings)} ms`);
  rmSync(stage, { recursive: true, force: true });
  rmSync(project, { recursive: true, force: true });
});

/**
 * The files reached from `file` through relative imports, and every other specifier they import
 * (static, dynamic, `require`), as TypeScript's scanner reads them (strings in code do not count).
 */
function importGraph(file: string): { files: string[]; specifiers: Set<string> } {
  const files: string[] = [];
  const specifiers = new Set<string>();
  const pending = [file];
  while (pending.length > 0) {
    const current = pending.pop()!;
    if (files.includes(current)) continue;
    files.push(current);
    const { importedFiles } = ts.preProcessFile(readFileSync(current, "utf8"), true, true);
    for (const { fileName } of importedFiles) {
      if (fileName.startsWith(".")) pending.push(resolve(dirname(current), fileName));
      else specifiers.add(fileName);
    }
  }
  return { files, specifiers };
}

const BUILTINS = new Set(builtinModules);

describe("built core (altegio-sdk)", () => {
  for (const entry of ["index.js", "index.cjs"]) {
    it(`${entry} imports no node:* module, no sandbox and no package but openapi-fetch`, () => {
      const { files, specifiers } = importGraph(join(dist, entry));
      expect([...specifiers].filter((s) => s.startsWith("node:") || BUILTINS.has(s))).toEqual([]);
      expect([...specifiers]).toEqual(["openapi-fetch"]);
      expect(files.filter((f) => f.includes(`${join(dist, "sandbox")}`))).toEqual([]);
      const code = files.map((f) => readFileSync(f, "utf8")).join("\n");
      expect(code).not.toContain("openapi-backend");
      // Node-only globals would break browsers and edge runtimes.
      expect(code).not.toMatch(
        /\bprocess\.(env|argv|exit|cwd)|\bBuffer\.|__dirname|\bcreateRequire/,
      );
    });
  }

  it("(the check above does see the sandbox's node:* and openapi-backend imports)", () => {
    const { specifiers } = importGraph(join(dist, "sandbox", "index.js"));
    expect([...specifiers]).toEqual(
      expect.arrayContaining(["node:http", "node:fs", "openapi-backend"]),
    );
  });

  it("is one bundle: no import of generated/ or src/ is left", () => {
    for (const entry of ["index.js", "index.cjs", "index.d.ts", "index.d.cts"]) {
      const text = readFileSync(join(dist, entry), "utf8");
      expect(text).not.toMatch(/["'][./]*(generated|src)\//);
    }
  });

  it("declarations carry the generated types and the JSDoc of every method", () => {
    for (const entry of ["index.d.ts", "index.d.cts"]) {
      const dts = readFileSync(join(dist, entry), "utf8");
      expect(dts).toMatch(/\binterface paths\b/);
      expect(dts).toMatch(/\binterface operations\b/);
      // A resource method keeps its summary, description notes and route for hover.
      expect(dts).toMatch(
        /\/\*\*\s*\n\s*\* Get day-end report data[\s\S]{0,400}`GET \/reports\/z_report\/\{location_id\}` \(operationId `get_day_end_report_data`\)\s*\n\s*\*\/\s*\n\s*readonly getDayEndReport: ResourceMethod<"get_day_end_report_data">;/,
      );
    }
  });

  for (const entry of ["index", "sandbox/index"]) {
    it(`${entry}: the declared value exports are the module's run-time exports`, async () => {
      const esm = Object.keys(await import(pathToFileURL(join(dist, `${entry}.js`)).href));
      const cjs = Object.keys(createRequire(import.meta.url)(join(dist, `${entry}.cjs`)));
      expect(cjs.sort()).toEqual([...esm].sort());
      for (const ext of [".d.ts", ".d.cts"]) {
        const dts = readFileSync(join(dist, `${entry}${ext}`), "utf8");
        const list = /^export \{([^}]*)\};$/m.exec(dts)?.[1] ?? "";
        const values = list
          .split(",")
          .map((s) => s.trim())
          .filter((s) => s && !s.startsWith("type "))
          .map((s) => s.split(/\s+as\s+/).pop()!);
        expect(values.sort()).toEqual([...esm].sort());
      }
    });
  }
});

describe("tarball", () => {
  it("holds the build, the bin and the sandbox's data files, nothing of the repository", () => {
    expect(packedFiles).toEqual(
      expect.arrayContaining([
        "package.json",
        "README.md",
        "LICENSE",
        "bin/altegio-sandbox.js",
        "dist/index.js",
        "dist/index.cjs",
        "dist/index.d.ts",
        "dist/index.d.cts",
        "dist/sandbox/index.js",
        "dist/sandbox/index.cjs",
        "dist/sandbox/index.d.ts",
        "dist/sandbox/index.d.cts",
        "dist/sandbox/cli.js",
        "dist/generated/openapi.json",
        "dist/openapi/security.json",
      ]),
    );
    const outside = packedFiles.filter(
      (f) => !/^(dist\/|bin\/|package\.json$|README\.md$|CHANGELOG\.md$|LICENSE)/.test(f),
    );
    expect(outside).toEqual([]);
    // No source maps, no TypeScript source: declarations only.
    const sources = packedFiles.filter(
      (f) => f.endsWith(".map") || (/\.[cm]?ts$/.test(f) && !/\.d\.[cm]?ts$/.test(f)),
    );
    expect(sources).toEqual([]);
  });
});

describe("installed into a project", () => {
  beforeAll(async () => {
    writeFileSync(join(project, "package.json"), JSON.stringify(consumerPackageJson, null, 2));
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify(consumerTsconfig, null, 2));
    writeFileSync(join(project, "esm.mts"), esmConsumer);
    writeFileSync(join(project, "cjs.cts"), cjsConsumer);
    await timed("install", () =>
      sh(
        "npm",
        [
          "install",
          "--prefer-offline",
          "--no-audit",
          "--no-fund",
          "--no-package-lock",
          tarball,
          TYPESCRIPT,
          TYPES_NODE,
        ],
        project,
      ),
    );
  }, 240_000);

  it("type-checks an ESM and a CommonJS consumer (strict, nodenext)", async () => {
    await timed("tsc", () => sh(process.execPath, ["node_modules/typescript/bin/tsc"], project));
    expect(existsSync(join(project, "out", "esm.mjs"))).toBe(true);
    expect(existsSync(join(project, "out", "cjs.cjs"))).toBe(true);
  }, 120_000);

  for (const [format, file, ext] of [
    ["esm", "esm.mjs", ".js"],
    ["cjs", "cjs.cjs", ".cjs"],
  ] as const) {
    it(`the ${format} consumer logs in and lists locations on the packaged sandbox`, async () => {
      const { stdout } = await timed(`run ${format}`, () =>
        sh(process.execPath, [join("out", file)], project),
      );
      const result = JSON.parse(stdout.trim().split("\n").pop()!) as Record<string, unknown>;
      const installed = join(project, "node_modules", rootPackage.name, "dist");
      expect(result).toMatchObject({
        module: format,
        login: "owner@sandbox.test",
        locations: [41001, 41002],
        sandboxErrorIsAltegioError: true,
        sandboxErrorCode: "invalid_argument",
        defaultPartnerToken: true,
        version: "1.0.0",
      });
      expect(result.operations).toBeGreaterThan(200);
      expect(result.sandboxOperations).toBe(result.operations);
      expect(typeof result.title).toBe("string");
      const resolved = (value: unknown) =>
        String(value).startsWith("file:") ? new URL(String(value)).pathname : String(value);
      expect(resolved(result.resolved)).toBe(join(installed, `index${ext}`));
      expect(resolved(result.sandboxResolved)).toBe(join(installed, "sandbox", `index${ext}`));
    }, 60_000);
  }

  it("the installed altegio-sandbox bin serves the API", async () => {
    const bin = join(project, "node_modules", ".bin", "altegio-sandbox");
    const child = spawn(bin, ["--port", "0", "--no-rate-limit"], {
      cwd: project,
      env: cleanEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
    try {
      const baseUrl = await new Promise<string>((found, fail) => {
        child.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          const match = /baseUrl\s+(\S+)/.exec(output);
          if (match) found(match[1]!);
        });
        void exited.then((code) => fail(new Error(`bin exited (${code}): ${output}`)));
      });
      const partnerToken = /partner token\s+(\S+)/.exec(output)?.[1];
      const response = await fetch(`${baseUrl}/companies`, {
        headers: {
          Accept: "application/vnd.api.v2+json",
          Authorization: `Bearer ${partnerToken}`,
        },
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { success: boolean }).success).toBe(true);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  }, 60_000);
});
