/**
 * The SDK as users get it, for the benchmarks: `npm run build` into a temporary folder (never the
 * checkout's dist/, which another build may be writing), `npm pack` of that build, and an
 * `npm install` of the tarball into a temporary project outside the repository (so nothing of the
 * repository's node_modules is seen). The bench's client code then imports `altegio-sdk` and
 * `openapi-fetch` from that project, not src/.
 *
 * A second project gets `openapi-fetch` alone (same version as the SDK's), for the install-size
 * comparison.
 *
 * BENCH_PACKED=<project dir> reuses a project a previous run kept (BENCH_KEEP=1 keeps it and
 * prints its path): saves the ~45 s build while working on the bench itself.
 */
import { execFile } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
export const ROOT = resolve(import.meta.dirname, "../..");

export type Sdk = typeof import("../../src/index.js");
export type OpenapiFetch = typeof import("openapi-fetch");

export interface PackedSdk {
  /** The consumer project (outside the repository) with the tarball installed. */
  project: string;
  /** The same version of openapi-fetch installed alone, in a project of its own. */
  baselineProject: string;
  tarball: string;
  /** The package.json inside the tarball. */
  manifest: { name: string; version: string; dependencies?: Record<string, string> };
  buildMs: number;
  installMs: number;
  reused: boolean;
  /** The installed SDK and the installed openapi-fetch it depends on. */
  sdk: Sdk;
  openapiFetch: OpenapiFetch;
  cleanup(): void;
}

/** npm's own variables from an enclosing `npm run bench` would point npm at the repository. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
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
    return await run(cmd, args, { cwd, env: cleanEnv(extraEnv), maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as Error & { stdout?: string; stderr?: string };
    throw new Error(
      `${cmd} ${args.join(" ")} failed in ${cwd}: ${e.message}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`,
    );
  }
}

const INSTALL = ["install", "--prefer-offline", "--no-audit", "--no-fund", "--no-package-lock"];

function consumer(dir: string, name: string): void {
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name, private: true, type: "module" }, null, 2),
  );
}

/** Resolves a package's ESM entry as installed in `project` (its `exports["."].import`). */
export function installedEntry(project: string, name: string): string {
  const dir = join(project, "node_modules", name);
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
    exports?: Record<string, unknown>;
    module?: string;
    main?: string;
  };
  let target: unknown = pkg.exports?.["."] ?? pkg.module ?? pkg.main;
  while (target && typeof target === "object") {
    const conditions = target as Record<string, unknown>;
    target = conditions.import ?? conditions.default;
  }
  return join(dir, String(target));
}

export async function preparePacked(): Promise<PackedSdk> {
  const reuse = process.env.BENCH_PACKED;
  const keep = process.env.BENCH_KEEP === "1" || Boolean(reuse);
  let project: string;
  let baselineProject: string;
  let stage: string | undefined;
  let buildMs = 0;
  let installMs = 0;
  const rootPackage = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    version: string;
    files: string[];
    dependencies: Record<string, string>;
  };
  const tarballName = `altegio-sdk-${rootPackage.version}.tgz`;
  if (reuse) {
    project = resolve(reuse);
    baselineProject = join(project, "baseline");
  } else {
    // The build step (scripts/package/finish-build.ts) imports the built module, which resolves
    // openapi-fetch from the repository's node_modules: so the build lands in .tmp/ inside it.
    mkdirSync(join(ROOT, ".tmp"), { recursive: true });
    stage = mkdtempSync(join(ROOT, ".tmp", "bench-pack-"));
    project = mkdtempSync(join(tmpdir(), "altegio-bench-consumer-"));
    baselineProject = join(project, "baseline");
    mkdirSync(baselineProject);
    let started = performance.now();
    await sh("npm", ["run", "build", "--silent"], ROOT, {
      ALTEGIO_SDK_OUT_DIR: join(stage, "dist"),
    });
    cpSync(join(ROOT, "package.json"), join(stage, "package.json"));
    for (const entry of [...rootPackage.files, "README.md", "LICENSE"]) {
      if (entry !== "dist" && existsSync(join(ROOT, entry))) {
        cpSync(join(ROOT, entry), join(stage, entry), { recursive: true });
      }
    }
    await sh("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", project], stage);
    buildMs = performance.now() - started;
    started = performance.now();
    consumer(project, "altegio-bench-consumer");
    consumer(baselineProject, "altegio-bench-baseline");
    await sh("npm", [...INSTALL, join(project, tarballName)], project);
    await sh(
      "npm",
      [...INSTALL, `openapi-fetch@${rootPackage.dependencies["openapi-fetch"]}`],
      baselineProject,
    );
    installMs = performance.now() - started;
  }
  const tarball = join(project, tarballName);
  const manifest = JSON.parse(
    readFileSync(join(project, "node_modules", "altegio-sdk", "package.json"), "utf8"),
  ) as PackedSdk["manifest"];
  const sdk = (await import(pathToFileURL(installedEntry(project, "altegio-sdk")).href)) as Sdk;
  const openapiFetch = (await import(
    pathToFileURL(installedEntry(project, "openapi-fetch")).href
  )) as OpenapiFetch;
  if (keep && !reuse) console.log(`(BENCH_KEEP: the packed install stays in ${project})`);
  return {
    project,
    baselineProject,
    tarball,
    manifest,
    buildMs,
    installMs,
    reused: Boolean(reuse),
    sdk,
    openapiFetch,
    cleanup() {
      if (stage) rmSync(stage, { recursive: true, force: true });
      if (!keep) rmSync(project, { recursive: true, force: true });
    },
  };
}
