/**
 * Stoplight Prism (`@stoplight/prism-cli`, a devDependency) for the tests: `prism mock` or
 * `prism proxy` with `--errors` on the corrected description (generated/openapi.json), on
 * 127.0.0.1 and a free port, started and stopped by the test that needs it. Every line Prism logs
 * is kept, so a test can read the violations it reported beside the `sl-violations` headers.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const DESCRIPTION = resolve(ROOT, "generated/openapi.json");
const PRISM = resolve(ROOT, "node_modules/@stoplight/prism-cli/dist/index.js");

export interface Prism {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Every line Prism printed so far (stdout and stderr), colour codes removed. */
  lines: string[];
  /**
   * The violations Prism logged since `from` (an index into `lines`): `request.query.x …`, and
   * the requests it refused (`https://stoplight.io/prism/errors#…`: proxy mode logs only those).
   */
  violations(from?: number): string[];
  close(): Promise<void>;
}

export type PrismMode = { mode: "mock" } | { mode: "proxy"; upstream: string };

/** A port nobody listens on right now (Prism takes a port number, not 0). */
async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

// eslint-disable-next-line no-control-regex
const COLOUR = /\u001b\[[0-9;]*m/g;

export async function startPrism(how: PrismMode, description = DESCRIPTION): Promise<Prism> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(how, description, await freePort());
    } catch (error) {
      lastError = error; // the port was taken between the probe and Prism's listen: retry
    }
  }
  throw lastError;
}

function startOnce(how: PrismMode, description: string, port: number): Promise<Prism> {
  const args = [PRISM, how.mode, "--errors", "-h", "127.0.0.1", "-p", String(port), description];
  if (how.mode === "proxy") args.push(how.upstream);
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
  });
  const lines: string[] = [];
  const url = `http://127.0.0.1:${port}`;
  let exited = false;
  const exit = new Promise<void>((done) => child.once("exit", () => ((exited = true), done())));
  return new Promise<Prism>((ready, fail) => {
    const timer = setTimeout(() => {
      child.kill();
      fail(new Error(`Prism did not start within 60 s:\n${lines.slice(-20).join("\n")}`));
    }, 60_000);
    let pending = "";
    const take = (chunk: Buffer) => {
      pending += chunk.toString("utf8");
      const parts = pending.split("\n");
      pending = parts.pop() ?? "";
      for (const part of parts) {
        const line = part.replace(COLOUR, "");
        lines.push(line);
        if (line.includes("Prism is listening on")) {
          clearTimeout(timer);
          ready({
            url,
            lines,
            violations: (from = 0) =>
              lines
                .slice(from)
                .map((l) => /(?:Violation|Request terminated with error): (.*)$/.exec(l)?.[1])
                .filter((v): v is string => v !== undefined),
            close: async () => {
              if (!exited) child.kill();
              await exit;
            },
          });
        }
      }
    };
    child.stdout!.on("data", take);
    child.stderr!.on("data", take);
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`Prism exited (${code}) before listening:\n${lines.slice(-20).join("\n")}`));
    });
  });
}

/** The `sl-violations` header Prism puts on an answer, parsed; [] when there is none. */
export interface Violation {
  location: string[];
  severity: string;
  code?: string | number;
  message: string;
}

export function violationsOf(response: Response): Violation[] {
  const header = response.headers.get("sl-violations");
  if (!header) return [];
  try {
    return JSON.parse(header) as Violation[];
  } catch {
    return [{ location: ["unparsed"], severity: "Error", message: header }];
  }
}
