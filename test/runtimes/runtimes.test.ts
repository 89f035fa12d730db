/**
 * Every runtime README.md names, proven: the SDK as built for users (`npm run build`, into a
 * temporary folder) runs one scenario against the sandbox (test/runtimes/entries/scenario.mjs:
 * log in, list, create, get, paginate, a password change and the automatic re-login, a typed
 * error) on
 *
 * - Node 18 and Node 22: the ESM entry (`import`, dist/index.js) and the CommonJS one
 *   (`require`, dist/index.cjs);
 * - Bun: the ESM entry;
 * - Deno: the ESM entry, from a folder with a package.json, with `--allow-net` only;
 * - headless Chromium: the SDK bundled for the browser by esbuild, in a page served from another
 *   origin than the sandbox's, which runs in its CORS mode;
 * - workerd (Cloudflare Workers' runtime): the scenario in one request, then 12 concurrent
 *   requests of one call each, twice, with the default shared rate limiter (a hang before the
 *   fix in src/plugins/rate-limit.ts: a timer set during one request never fires once that
 *   request has answered).
 *
 * The runtimes come from test/runtimes/setup.sh (`npm run runtimes:setup`, which `npm test` runs first).
 * A missing runtime skips its test with the reason printed, and fails it in CI (CI=true).
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "altegio-sdk-sandbox";
import {
  ENTRIES,
  ROOT,
  RUNTIMES,
  TOOLS,
  freePort,
  layOutConsumer,
  requireRuntime,
  resultOf,
  runCommand,
  type Ran,
} from "./support.js";

const run = promisify(execFile);
const LOCATION = 41001;
const MINUTE = 60_000;

interface ScenarioResult {
  steps: string[];
  userId: number;
  locations: number[];
  created: { id: number; phone: string };
  fetched: { id: number; name: string };
  pages: number[];
  listed: number;
  listedCreated: boolean;
  again: number;
  tokenChanges: string[];
  typedError: boolean;
  entry: string;
}

let work: string;
let build: string;
let app: string;
let sandbox: Sandbox;
let passwords = 0;

beforeAll(async () => {
  // Outside the repository: no runtime may find its tsconfig.json `paths` (Bun honours them) or
  // its node_modules by looking upward.
  work = mkdtempSync(join(tmpdir(), "altegio-runtimes-"));
  // The package's code as users get it: tsup with the package's tsup.config.ts, into a temporary
  // folder; without the declarations (`--no-dts`, 4 s instead of 20 to 100 on a busy machine),
  // which no runtime reads (test/packaging checks them).
  mkdirSync(join(ROOT, ".tmp"), { recursive: true });
  build = mkdtempSync(join(ROOT, ".tmp", "runtimes-build-"));
  const dist = join(build, "dist");
  await run(join(ROOT, "node_modules", ".bin", "tsup"), ["--no-dts"], {
    cwd: ROOT,
    env: { ...process.env, ALTEGIO_SDK_OUT_DIR: dist },
    maxBuffer: 64 * 1024 * 1024,
  });
  app = layOutConsumer(work, dist);
  sandbox = await startSandbox({ rateLimit: false, seedDate: "2026-01-05" });
}, 4 * MINUTE);

afterAll(async () => {
  await sandbox?.close();
  for (const dir of [work, build]) if (dir) rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => sandbox.reset());

function config(): Record<string, unknown> {
  const user = sandbox.users[0]!;
  passwords += 1;
  return {
    baseUrl: sandbox.baseUrl,
    controlUrl: sandbox.controlUrl,
    partnerToken: sandbox.partnerToken,
    login: user.login,
    password: user.password,
    newPassword: `runtime-pass-${passwords}`,
    location: LOCATION,
  };
}

/** What every runtime must have seen, checked against the sandbox's own data and counters. */
function checkScenario(result: ScenarioResult): void {
  expect(result.steps).toEqual(["login", "list", "create", "get", "paginate", "relogin", "error"]);
  expect(result.userId).toBe(sandbox.users[0]!.id);
  expect(result.locations).toEqual([41001, 41002]);
  expect(result.fetched.id).toBe(result.created.id);
  expect(result.fetched.name).toBe("Runtime Client");
  const clients = sandbox.state.clients.where((c) => c.location_id === LOCATION);
  expect(result.listed).toBe(clients.length);
  expect(result.listedCreated).toBe(true);
  expect(result.pages).toEqual([25, 25, clients.length - 50]);
  expect(result.again).toBe(result.created.id);
  expect(result.tokenChanges).toEqual(["login", "relogin"]);
  expect(result.typedError).toBe(true);
  const stats = sandbox.stats();
  expect(stats.byOperation["authorize_user"]).toBe(2);
  expect(stats.rateLimited).toBe(0);
}

async function runEntry(runtime: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const ran: Ran = await runCommand(runtime, [...args, JSON.stringify(config())], {
    cwd: app,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: "1", ...env },
    timeoutMs: MINUTE,
  });
  const result = resultOf<ScenarioResult>(ran);
  checkScenario(result);
  return result;
}

describe.each([
  ["Node 18", "node18"],
  ["Node 22", "node22"],
] as const)("%s", (_name, key) => {
  it(
    "ESM entry (import: dist/index.js)",
    async ({ skip }) => {
      const node = requireRuntime(RUNTIMES[key](), skip);
      const result = await runEntry(node, ["esm.mjs"]);
      expect(result.entry).toMatch(/node_modules\/altegio-sdk\/dist\/index\.js$/);
    },
    2 * MINUTE,
  );

  it(
    "CommonJS entry (require: dist/index.cjs)",
    async ({ skip }) => {
      const node = requireRuntime(RUNTIMES[key](), skip);
      const result = await runEntry(node, ["cjs.cjs"]);
      expect(result.entry).toMatch(/node_modules\/altegio-sdk\/dist\/index\.cjs$/);
    },
    2 * MINUTE,
  );
});

describe("Bun", () => {
  it(
    "ESM entry",
    async ({ skip }) => {
      const bun = requireRuntime(RUNTIMES.bun(), skip);
      const result = await runEntry(bun, ["run", "esm.mjs"], {
        BUN_INSTALL_CACHE_DIR: join(work, "bun-cache"),
      });
      expect(result.entry).toMatch(/node_modules\/altegio-sdk\/dist\/index\.js$/);
    },
    2 * MINUTE,
  );
});

describe("Deno", () => {
  it(
    "ESM entry, from a folder with package.json, with --allow-net only",
    async ({ skip }) => {
      const deno = requireRuntime(RUNTIMES.deno(), skip);
      const result = await runEntry(deno, ["run", "--allow-net", "--no-prompt", "esm.mjs"], {
        DENO_DIR: join(work, "deno-dir"),
        DENO_NO_UPDATE_CHECK: "1",
      });
      expect(result.entry).toMatch(/node_modules\/altegio-sdk\/dist\/index\.js$/);
    },
    2 * MINUTE,
  );
});

/** esbuild from the runtime tools: one ESM file with the SDK and openapi-fetch inside. */
async function bundle(entry: string, out: string, platform: "browser" | "neutral") {
  const esbuild = RUNTIMES.esbuild();
  if ("missing" in esbuild) throw new Error(esbuild.missing);
  await run(
    esbuild.path,
    [entry, "--bundle", "--format=esm", `--platform=${platform}`, `--outfile=${out}`],
    { cwd: app },
  );
}

describe("headless Chromium", () => {
  it(
    "the SDK bundled for the browser, on a page of another origin (sandbox CORS mode)",
    async ({ skip }) => {
      const chromium = requireRuntime(RUNTIMES.chromium(), skip);
      requireRuntime(RUNTIMES.esbuild(), skip);
      await bundle("browser.mjs", join(app, "public", "bundle.js"), "browser");
      const bundled = readFileSync(join(app, "public", "bundle.js"));
      const page = await servePage(bundled);
      const cors = await startSandbox({ rateLimit: false, seedDate: "2026-01-05", cors: true });
      // playwright-core lives with the runtimes (.tmp/runtimes/tools), not in the project.
      const { chromium: playwright } = createRequire(join(TOOLS, "x.js"))(
        "playwright-core",
      ) as Playwright;
      const userDataDir = join(work, "chromium-profile");
      const browser = await playwright.launchPersistentContext(userDataDir, {
        executablePath: chromium,
        headless: true,
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
        ],
      });
      try {
        const tab = browser.pages()[0] ?? (await browser.newPage());
        const saved = sandbox;
        sandbox = cors;
        try {
          const hash = encodeURIComponent(JSON.stringify(config()));
          await tab.goto(`${page.url}/#${hash}`);
          const outcome = (await tab.evaluate(() => (globalThis as any).__scenario)) as {
            ok: boolean;
            result?: ScenarioResult;
            error?: string;
          };
          expect(outcome.error).toBeUndefined();
          checkScenario(outcome.result!);
          // The page really was of another origin: every API call came with a preflight's approval.
          expect(new URL(page.url).origin).not.toBe(new URL(cors.url).origin);
        } finally {
          sandbox = saved;
        }
      } finally {
        await browser.close();
        await cors.close();
        await new Promise((r) => page.server.close(r));
      }
    },
    2 * MINUTE,
  );
});

/** The part of playwright-core's API the test uses (its types are not installed here). */
interface Playwright {
  chromium: {
    launchPersistentContext(
      userDataDir: string,
      options: { executablePath: string; headless: boolean; args: string[] },
    ): Promise<{
      pages(): PlaywrightPage[];
      newPage(): Promise<PlaywrightPage>;
      close(): Promise<void>;
    }>;
  };
}
interface PlaywrightPage {
  goto(url: string): Promise<unknown>;
  evaluate<T>(fn: () => T): Promise<Awaited<T>>;
}

/** A page on its own origin (another port): index.html and the bundle. */
async function servePage(bundled: Buffer): Promise<{ url: string; server: Server }> {
  const html = `<!doctype html><meta charset="utf-8"><title>altegio-sdk</title><script type="module" src="/bundle.js"></script>`;
  const server = createServer((req, res) => {
    if (req.url === "/bundle.js") {
      res.writeHead(200, { "content-type": "text/javascript" }).end(bundled);
    } else if (req.url === "/" || req.url?.startsWith("/#")) {
      res.writeHead(200, { "content-type": "text/html" }).end(html);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, server };
}

describe("workerd", () => {
  it(
    "the scenario in one request, then 12 concurrent requests, twice, with the default shared limiter",
    async ({ skip }) => {
      const workerd = requireRuntime(RUNTIMES.workerd(), skip);
      requireRuntime(RUNTIMES.esbuild(), skip);
      const dir = join(work, "workerd");
      mkdirSync(dir, { recursive: true });
      await bundle("worker.mjs", join(dir, "worker.js"), "neutral");
      writeFileSync(join(dir, "workerd.capnp"), readFileSync(join(ENTRIES, "workerd.capnp")));
      const port = await freePort();
      const { spawn } = await import("node:child_process");
      const child = spawn(
        workerd,
        ["serve", "workerd.capnp", "--socket-addr", `http=127.0.0.1:${port}`],
        { cwd: dir, stdio: ["ignore", "pipe", "pipe"] },
      );
      let output = "";
      child.stdout.on("data", (c: Buffer) => (output += c.toString()));
      child.stderr.on("data", (c: Buffer) => (output += c.toString()));
      try {
        const base = `http://127.0.0.1:${port}`;
        await waitForServer(base, () => output);
        const header = (extra: Record<string, unknown> = {}) => ({
          "x-sandbox": JSON.stringify({ ...config(), ...extra }),
        });

        const scenario = await fetch(`${base}/scenario`, { headers: header() });
        const body = (await scenario.json()) as {
          ok: boolean;
          result: ScenarioResult;
          error?: string;
        };
        expect(body.error).toBeUndefined();
        checkScenario({ ...body.result, entry: "" });

        // The API's limit on in the sandbox: the SDK's shared limiter must keep the bursts under it.
        sandbox.reset();
        sandbox.setRateLimit(true);
        const userToken = sandbox.issueUserToken(sandbox.users[0]!.login);
        const first = 90001;
        for (const burst of [1, 2]) {
          const started = performance.now();
          const answers = await Promise.all(
            Array.from({ length: 12 }, async (_, i) => {
              try {
                const response = await fetch(`${base}/get?id=${first + i}`, {
                  headers: header({ userToken }),
                  signal: AbortSignal.timeout(20_000),
                });
                return (await response.json()) as { ok: boolean; result?: { id: number } };
              } catch (error) {
                return { ok: false, error: String(error) };
              }
            }),
          );
          const ok = answers.filter((a) => a.ok).length;
          expect(
            ok,
            `burst ${burst}: ${ok} of 12 answered in ${Math.round(performance.now() - started)} ms\n${JSON.stringify(answers)}\n${output}`,
          ).toBe(12);
          expect(answers.map((a) => (a as { result?: { id: number } }).result?.id)).toEqual(
            Array.from({ length: 12 }, (_, i) => first + i),
          );
        }
        expect(sandbox.stats().rateLimited).toBe(0);
        expect(sandbox.stats().byOperation["get_client"]).toBe(24);
      } finally {
        child.kill("SIGKILL");
      }
    },
    2 * MINUTE,
  );
});

async function waitForServer(base: string, output: () => string): Promise<void> {
  const until = performance.now() + 20_000;
  for (;;) {
    try {
      await fetch(`${base}/ping`);
      return;
    } catch {
      if (performance.now() > until) throw new Error(`workerd did not start:\n${output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
