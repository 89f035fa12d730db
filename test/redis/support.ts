/**
 * A real `redis-server` for the tests of `altegio-sdk-redis`, on a free loopback port, without
 * persistence (a restart loses everything: the worst case). Outside CI a machine without
 * `redis-server` skips these tests with a printed reason; in CI (CI=true) they fail instead.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const TSX = resolve(ROOT, "node_modules/.bin/tsx");

function findRedisServer(): string | undefined {
  for (const path of ["redis-server", "/usr/bin/redis-server", "/usr/local/bin/redis-server"]) {
    const probe = spawnSync(path, ["--version"], { encoding: "utf8" });
    if (probe.status === 0) return path;
  }
  return undefined;
}

export const REDIS_SERVER = findRedisServer();

/** Why the Redis tests are skipped here, or undefined when they run. Throws in CI. */
export function skipReason(): string | undefined {
  if (REDIS_SERVER) return undefined;
  const reason =
    "redis-server is not installed (Debian: apt-get install redis-server); skipping test/redis";
  if (process.env.CI === "true") throw new Error(`${reason}: not allowed in CI.`);
  console.log(reason);
  return reason;
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export class RedisServer {
  private child: ChildProcess | undefined;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort());
    await server.start();
    return server;
  }

  /** Starts (or restarts) the server on its port; resolves once it accepts connections. */
  async start(): Promise<void> {
    const child = spawn(
      REDIS_SERVER!,
      ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    this.child = child;
    let output = "";
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`redis-server did not start:\n${output}`)),
        10_000,
      );
      child.stdout!.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("Ready to accept connections")) {
          clearTimeout(timer);
          ready();
        }
      });
      child.on("exit", (code) => {
        clearTimeout(timer);
        fail(new Error(`redis-server exited (${code}):\n${output}`));
      });
    });
    child.removeAllListeners("exit");
  }

  /** Kills the server at once (no save: everything in it is lost). */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((done) => {
      child.once("exit", () => done());
      child.kill("SIGKILL");
    });
  }
}

export interface WorkerResult {
  ok: number;
  failures: string[];
}

export interface Worker {
  child: ChildProcess;
  /** Resolves with the worker's result (or its exit without one). */
  result: Promise<WorkerResult>;
  /** Resolves on the worker's first message with this key. */
  once(key: string): Promise<void>;
}

/**
 * Starts test/redis/worker.ts in a child process (tsx, from the repository root). Its IPC messages
 * feed `onLine` (errors and log lines), `onSecret` (secrets the SDK handled) and `onProgress`; its
 * stdout and stderr go to `onLine` too.
 */
export function startWorker(
  config: Record<string, unknown>,
  hooks: {
    onLine: (line: string) => void;
    onSecret: (secret: string) => void;
    onProgress?: () => void;
  },
): Worker {
  const child = spawn(process.execPath, ["--import", "tsx", "test/redis/worker.ts"], {
    cwd: ROOT,
    env: { ...process.env, WORKER: JSON.stringify(config) },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  child.stdout!.on("data", (chunk: Buffer) => hooks.onLine(`worker stdout: ${chunk}`));
  child.stderr!.on("data", (chunk: Buffer) => hooks.onLine(`worker stderr: ${chunk}`));
  const waiting = new Map<string, () => void>();
  let resolveResult: (result: WorkerResult) => void;
  const result = new Promise<WorkerResult>((done) => (resolveResult = done));
  child.on("message", (message: Record<string, unknown>) => {
    if (typeof message.secret === "string") hooks.onSecret(message.secret);
    if (typeof message.line === "string") hooks.onLine(message.line);
    if (message.progress) hooks.onProgress?.();
    if (message.result) resolveResult(message.result as WorkerResult);
    for (const key of Object.keys(message)) {
      waiting.get(key)?.();
      waiting.delete(key);
    }
  });
  child.on("exit", (code, signal) =>
    resolveResult({ ok: 0, failures: [`worker exited (${code ?? signal}) without a result`] }),
  );
  return {
    child,
    result,
    once: (key) => new Promise<void>((done) => waiting.set(key, done)),
  };
}

/** The most requests the server saw in any window of `ms` (from the log's arrival times). */
export function busiestWindow(times: number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= ms) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}
