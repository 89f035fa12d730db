/**
 * The packages as users get them (docs/packaging.md): the SDK (`altegio-sdk`, the repository's
 * root), the sandbox (`altegio-sdk-sandbox`, packages/sandbox) and the Redis add-on
 * (`altegio-sdk-redis`, packages/redis). It builds them afresh into a
 * temporary folder (never the checkout's dist/ folders, which may be stale or being rebuilt), then:
 *
 * - checks the built core: it imports nothing from `node:*` (nor a bare builtin), not the sandbox,
 *   and no package but openapi-fetch; its declarations carry the generated types and JSDoc and
 *   claim no value export the module does not have; the built sandbox and Redis add-on import the
 *   SDK by name;
 * - packs the three tarballs (`npm pack`) and checks what they hold: the SDK's package.json has
 *   openapi-fetch as its only dependency, no peer and no bin;
 * - installs them into a temporary project outside the repository (with ioredis, typescript and
 *   @types/node, `--prefer-offline`), type-checks an ESM and a CommonJS consumer with `tsc`
 *   (strict, nodenext) and runs both against the packaged sandbox, then runs the installed
 *   `altegio-sandbox` bin.
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
import {
  cjsConsumer,
  consumerPackageJson,
  consumerTsconfig,
  esmConsumer,
  ioredisShim,
} from "./consumers.js";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");
interface PackageJson {
  name: string;
  version: string;
  files: string[];
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, unknown>;
  bin?: unknown;
  exports?: Record<string, unknown>;
}
const SANDBOX_DIR = join(ROOT, "packages", "sandbox");
const REDIS_DIR = join(ROOT, "packages", "redis");
const readPackage = (dir: string) =>
  JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as PackageJson;
const rootPackage = readPackage(ROOT);
const sandboxPackage = readPackage(SANDBOX_DIR);
const redisPackage = readPackage(REDIS_DIR);
const requireFromRoot = createRequire(join(ROOT, "package.json"));
/** Same versions as the repository's, so `--prefer-offline` finds them in the npm cache. */
const TYPESCRIPT = `typescript@${(requireFromRoot("typescript/package.json") as { version: string }).version}`;
const TYPES_NODE = `@types/node@${(requireFromRoot("@types/node/package.json") as { version: string }).version}`;
const IOREDIS = `ioredis@${(requireFromRoot("ioredis/package.json") as { version: string }).version}`;

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
// resolve openapi-fetch from the repository's node_modules.
mkdirSync(join(ROOT, ".tmp"), { recursive: true });
const stage = mkdtempSync(join(ROOT, ".tmp", "packaging-"));
/** The package folders as `npm pack` sees them: `<stage>/sdk`, `<stage>/sandbox`, `<stage>/redis`. */
const sdkStage = join(stage, "sdk");
const sandboxStage = join(stage, "sandbox");
const redisStage = join(stage, "redis");
const dist = join(sdkStage, "dist");
const sandboxDist = join(sandboxStage, "dist");
const redisDist = join(redisStage, "dist");
// Outside the repository: the consumer project must not see the repository's node_modules.
const project = mkdtempSync(join(tmpdir(), "altegio-sdk-consumer-"));
const timings: Record<string, number> = {};

interface Packed {
  tarball: string;
  files: string[];
  /** The package.json inside the tarball. */
  manifest: PackageJson;
}
const packed: Record<"sdk" | "sandbox" | "redis", Packed> = {
  sdk: { tarball: "", files: [], manifest: rootPackage },
  sandbox: { tarball: "", files: [], manifest: sandboxPackage },
  redis: { tarball: "", files: [], manifest: redisPackage },
};

async function timed<T>(step: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } finally {
    timings[step] = Date.now() - started;
  }
}

/**
 * A package directory as `npm pack` sees it in the repository: package.json, the `files`
 * whitelist (dist/ being the fresh build), and the README and LICENSE npm always ships; packed
 * into the consumer project's folder.
 */
async function pack(from: string, to: string, manifest: PackageJson): Promise<Packed> {
  cpSync(join(from, "package.json"), join(to, "package.json"));
  for (const entry of [...manifest.files, "README.md", "LICENSE"]) {
    if (entry !== "dist" && existsSync(join(from, entry))) {
      cpSync(join(from, entry), join(to, entry), { recursive: true });
    }
  }
  const { stdout } = await sh(
    "npm",
    ["pack", "--ignore-scripts", "--json", "--pack-destination", project],
    to,
  );
  const [result] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  const tarball = join(project, result!.filename);
  const { stdout: inside } = await sh("tar", ["-xOzf", tarball, "package/package.json"], project);
  return {
    tarball,
    files: result!.files.map((f) => f.path).sort(),
    manifest: JSON.parse(inside) as PackageJson,
  };
}

beforeAll(async () => {
  // One after the other: each build runs tsup's parallel ESM, CJS and declaration builds.
  await timed("build sdk", () =>
    sh("npm", ["run", "build", "--silent"], ROOT, { ALTEGIO_SDK_OUT_DIR: dist }),
  );
  await timed("build sandbox", () =>
    sh("npm", ["run", "build", "--silent", "--workspace", sandboxPackage.name], ROOT, {
      ALTEGIO_SANDBOX_OUT_DIR: sandboxDist,
    }),
  );
  await timed("build redis", () =>
    sh("npm", ["run", "build", "--silent", "--workspace", redisPackage.name], ROOT, {
      ALTEGIO_REDIS_OUT_DIR: redisDist,
    }),
  );
  await timed("pack", async () => {
    packed.sdk = await pack(ROOT, sdkStage, rootPackage);
    packed.sandbox = await pack(SANDBOX_DIR, sandboxStage, sandboxPackage);
    packed.redis = await pack(REDIS_DIR, redisStage, redisPackage);
  });
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
      expect(files.filter((f) => !f.startsWith(dist))).toEqual([]);
      const code = files.map((f) => readFileSync(f, "utf8")).join("\n");
      expect(code).not.toContain("openapi-backend");
      // Node-only globals would break browsers and edge runtimes.
      expect(code).not.toMatch(
        /\bprocess\.(env|argv|exit|cwd)|\bBuffer\.|__dirname|\bcreateRequire/,
      );
    });
  }

  it("(the check above does see the sandbox's node:* and openapi-backend imports)", () => {
    const { specifiers } = importGraph(join(sandboxDist, "index.js"));
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
      // A resource method keeps its summary, description notes and route for hover (on the
      // method, or on its entry in the resource table the facade's types are mapped from).
      expect(dts).toMatch(
        /\/\*\*\s*\n\s*\* Get day-end report data[\s\S]{0,400}`GET \/reports\/z_report\/\{location_id\}` \(operationId `get_day_end_report_data`\)\s*\n\s*\*\/\s*\n\s*readonly getDayEndReport: (ResourceMethod<"get_day_end_report_data">|"get_day_end_report_data");/,
      );
    }
  });

  it("index: the declared value exports are the module's run-time exports", async () => {
    const esm = Object.keys(await import(pathToFileURL(join(dist, "index.js")).href));
    const cjs = Object.keys(createRequire(import.meta.url)(join(dist, "index.cjs")));
    expect(cjs.sort()).toEqual([...esm].sort());
    for (const ext of [".d.ts", ".d.cts"]) {
      expect(declaredValues(join(dist, `index${ext}`))).toEqual([...esm].sort());
    }
  });
});

/** The value (not `type`) names of a bundled declaration file's final `export { … }`. */
function declaredValues(file: string): string[] {
  const list = /^export \{([^}]*)\};$/m.exec(readFileSync(file, "utf8"))?.[1] ?? "";
  return list
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s && !s.startsWith("type "))
    .map((s) => s.split(/\s+as\s+/).pop()!)
    .sort();
}

describe("built sandbox (altegio-sdk-sandbox)", () => {
  for (const entry of ["index.js", "index.cjs", "cli.js"]) {
    it(`${entry} imports the SDK by its package name and bundles none of it`, () => {
      const { files, specifiers } = importGraph(join(sandboxDist, entry));
      expect(files.filter((f) => !f.startsWith(sandboxDist))).toEqual([]);
      expect([...specifiers].filter((s) => !s.startsWith("node:")).sort()).toEqual([
        "altegio-sdk",
        "openapi-backend",
        "yaml",
      ]);
      const code = files.map((f) => readFileSync(f, "utf8")).join("\n");
      // The error classes come from the SDK (so they are `instanceof` the user's), not a copy.
      expect(code).not.toMatch(/class AltegioError\b/);
    });
  }
});

/** No source maps, no TypeScript source: declarations only. */
const sourcesIn = (files: string[]) =>
  files.filter((f) => f.endsWith(".map") || (/\.[cm]?ts$/.test(f) && !/\.d\.[cm]?ts$/.test(f)));

describe("SDK tarball (altegio-sdk)", () => {
  it("holds the build, nothing of the sandbox and nothing of the repository", () => {
    const { files } = packed.sdk;
    expect(files).toEqual(
      expect.arrayContaining([
        "package.json",
        "README.md",
        "LICENSE",
        "dist/index.js",
        "dist/index.cjs",
        "dist/index.d.ts",
        "dist/index.d.cts",
      ]),
    );
    expect(
      files.filter((f) => !/^(dist\/|package\.json$|README\.md$|CHANGELOG\.md$|LICENSE)/.test(f)),
    ).toEqual([]);
    expect(files.filter((f) => /sandbox|\.json$/.test(f) && f !== "package.json")).toEqual([]);
    expect(sourcesIn(files)).toEqual([]);
  });

  it("depends on openapi-fetch alone at run time, and has no bin and no ./sandbox export", () => {
    const { manifest } = packed.sdk;
    expect(Object.keys(manifest.dependencies ?? {})).toEqual(["openapi-fetch"]);
    // ioredis belongs to altegio-sdk-redis: the SDK has no peer at all.
    expect(manifest.peerDependencies).toBeUndefined();
    expect(manifest.bin).toBeUndefined();
    expect(Object.keys(manifest.exports ?? {}).sort()).toEqual([".", "./package.json"]);
  });
});

describe("Redis add-on (altegio-sdk-redis)", () => {
  for (const entry of ["index.js", "index.cjs"]) {
    it(`built ${entry} imports the SDK and ioredis by name and bundles neither`, () => {
      const { files, specifiers } = importGraph(join(redisDist, entry));
      expect(files.filter((f) => !f.startsWith(redisDist))).toEqual([]);
      expect([...specifiers].sort()).toEqual(["altegio-sdk", "ioredis"]);
      const code = files.map((f) => readFileSync(f, "utf8")).join("\n");
      expect(code).not.toMatch(/class AltegioError\b/);
    });
  }

  it("tarball: the build only; the SDK of the same version and ioredis as peers", () => {
    const { files, manifest } = packed.redis;
    expect(files).toEqual(
      expect.arrayContaining(["package.json", "LICENSE", "dist/index.js", "dist/index.d.ts"]),
    );
    expect(files.filter((f) => !/^(dist\/|package\.json$|README\.md$|LICENSE)/.test(f))).toEqual(
      [],
    );
    expect(sourcesIn(files)).toEqual([]);
    expect(manifest.version).toBe(rootPackage.version);
    expect(manifest.dependencies).toBeUndefined();
    expect(Object.keys(manifest.peerDependencies ?? {}).sort()).toEqual(["altegio-sdk", "ioredis"]);
    expect(manifest.peerDependencies).toMatchObject({ [rootPackage.name]: rootPackage.version });
  });
});

describe("sandbox tarball (altegio-sdk-sandbox)", () => {
  it("holds the build, the bin and the sandbox's data files, nothing of the repository", () => {
    const { files } = packed.sandbox;
    expect(files).toEqual(
      expect.arrayContaining([
        "package.json",
        "README.md",
        "LICENSE",
        "bin/altegio-sandbox.js",
        "dist/index.js",
        "dist/index.cjs",
        "dist/index.d.ts",
        "dist/index.d.cts",
        "dist/cli.js",
        "dist/generated/openapi.json",
        "dist/openapi/security.json",
      ]),
    );
    expect(
      files.filter((f) => !/^(dist\/|bin\/|package\.json$|README\.md$|LICENSE)/.test(f)),
    ).toEqual([]);
    expect(sourcesIn(files)).toEqual([]);
  });

  it("depends on openapi-backend, and on the SDK of the same version as a peer", () => {
    const { manifest } = packed.sandbox;
    expect(manifest.version).toBe(rootPackage.version);
    expect(Object.keys(manifest.dependencies ?? {})).toEqual(["openapi-backend"]);
    expect(manifest.peerDependencies).toMatchObject({ [rootPackage.name]: rootPackage.version });
    expect(manifest.bin).toEqual({ "altegio-sandbox": "bin/altegio-sandbox.js" });
  });
});

describe("installed into a project", () => {
  beforeAll(async () => {
    writeFileSync(join(project, "package.json"), JSON.stringify(consumerPackageJson, null, 2));
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify(consumerTsconfig, null, 2));
    writeFileSync(join(project, "esm.mts"), esmConsumer);
    writeFileSync(join(project, "cjs.cts"), cjsConsumer);
    writeFileSync(join(project, "redis-errors.d.ts"), ioredisShim);
    await timed("install", () =>
      sh(
        "npm",
        [
          "install",
          "--prefer-offline",
          "--no-audit",
          "--no-fund",
          "--no-package-lock",
          packed.sdk.tarball,
          packed.sandbox.tarball,
          packed.redis.tarball,
          IOREDIS,
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
      const installedSandbox = join(project, "node_modules", sandboxPackage.name, "dist");
      expect(result).toMatchObject({
        module: format,
        login: "owner@sandbox.test",
        locations: [41001, 41002],
        sandboxErrorIsAltegioError: true,
        sandboxErrorCode: "invalid_argument",
        defaultPartnerToken: true,
        redisErrorIsAltegioError: true,
        version: "1.0.0",
      });
      expect(result.operations).toBeGreaterThan(200);
      expect(result.sandboxOperations).toBe(result.operations);
      expect(typeof result.title).toBe("string");
      const resolved = (value: unknown) =>
        String(value).startsWith("file:") ? new URL(String(value)).pathname : String(value);
      expect(resolved(result.resolved)).toBe(join(installed, `index${ext}`));
      expect(resolved(result.sandboxResolved)).toBe(join(installedSandbox, `index${ext}`));
      const installedRedis = join(project, "node_modules", redisPackage.name, "dist");
      expect(resolved(result.redisResolved)).toBe(join(installedRedis, `index${ext}`));
    }, 60_000);
  }

  it("the installed sandbox's declared value exports are its run-time exports (ESM and CJS)", async () => {
    // In a child process in the project: the sandbox resolves the installed SDK, as a user's does.
    const script = `
      import { createRequire } from "node:module";
      const esm = Object.keys(await import("${sandboxPackage.name}"));
      const cjs = Object.keys(createRequire(process.cwd() + "/")("${sandboxPackage.name}"));
      console.log(JSON.stringify({ esm, cjs }));`;
    const { stdout } = await sh(process.execPath, ["--input-type=module", "-e", script], project);
    const { esm, cjs } = JSON.parse(stdout) as { esm: string[]; cjs: string[] };
    expect([...cjs].sort()).toEqual([...esm].sort());
    const installedSandbox = join(project, "node_modules", sandboxPackage.name, "dist");
    for (const ext of [".d.ts", ".d.cts"]) {
      expect(declaredValues(join(installedSandbox, `index${ext}`))).toEqual([...esm].sort());
    }
  });

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
