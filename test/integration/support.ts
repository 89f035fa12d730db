/**
 * The integration suite: the SDK (facade, session, pagination, limiter, retries) against a real
 * sandbox on loopback. Sandbox start-up and control calls come from the sandbox tests' helpers.
 */
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createAltegioClient,
  type AltegioClient,
  type AltegioClientOptions,
} from "../../src/index.js";
import type { RequestRecord, Sandbox } from "altegio-sdk-sandbox";

export {
  LOCATION,
  OTHER_LOCATION,
  control,
  startTestSandbox,
} from "../../packages/sandbox/test/support/client.js";

/**
 * An SDK client for the sandbox's first user (credentials, so it logs in by itself). The SDK's
 * limiter is off unless a test turns it on: most tests run against a sandbox without a limit.
 */
export function sdkFor(
  sandbox: Sandbox,
  options: Partial<AltegioClientOptions> = {},
): AltegioClient {
  const user = sandbox.users[0];
  if (!user) throw new Error("The sandbox has no users.");
  return createAltegioClient({
    baseUrl: sandbox.baseUrl,
    partnerToken: sandbox.partnerToken,
    credentials: { login: user.login, password: user.password },
    rateLimit: false,
    ...options,
  });
}

/** The sandbox's log entries for one operation. */
export function logOf(sandbox: Sandbox, operationId: string): RequestRecord[] {
  return sandbox.requests.filter((r) => r.operationId === operationId);
}

/** How many times the sandbox ran an operation so far (its counters survive the log's cap). */
export function countOf(sandbox: Sandbox, operationId: string): number {
  return sandbox.stats().byOperation[operationId] ?? 0;
}

export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TSX = resolve(ROOT, "node_modules/.bin/tsx");

/** Runs a TypeScript file with tsx in a child process (from the repository root). */
export function runTsx(
  file: string,
  env: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<ChildResult> {
  const started = Date.now();
  return new Promise((done) => {
    execFile(
      TSX,
      [file],
      { cwd: ROOT, env: { ...process.env, ...env }, timeout: timeoutMs },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
        done({ code, stdout, stderr, ms: Date.now() - started });
      },
    );
  });
}
