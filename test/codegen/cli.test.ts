/** scripts/generate.ts as `npm run generate` runs it: exit codes and messages. */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyProject, PROJECT_ROOT, refusingUrl, type ProjectCopy } from "./support.js";

const run = promisify(execFile);
const TSX = join(PROJECT_ROOT, "node_modules/.bin/tsx");
const CLI = join(PROJECT_ROOT, "scripts/generate.ts");

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(TSX, [CLI, ...args], {
      cwd,
      env: { ...process.env, ALTEGIO_OPENAPI_SOURCE: "", ...env },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

let project: ProjectCopy;

beforeAll(async () => {
  project = await copyProject();
});

afterAll(async () => {
  await project.remove();
});

describe("scripts/generate.ts", () => {
  it("exits 1 naming the source when --source cannot be reached", async () => {
    const url = await refusingUrl();
    const outcome = await cli(project.root, ["--source", url]);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain("[SOURCE_UNREACHABLE]");
    expect(outcome.stderr).toContain(url);
  }, 120_000);

  it("reads ALTEGIO_OPENAPI_SOURCE when no --source is given", async () => {
    const url = await refusingUrl("/from-env.yaml");
    const outcome = await cli(project.root, [], { ALTEGIO_OPENAPI_SOURCE: url });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain("from-env.yaml");
    expect(outcome.stderr).not.toContain("developer.alteg.io");
  }, 120_000);

  it("exits 2 with the usage on an unknown argument", async () => {
    const outcome = await cli(project.root, ["--frobnicate"]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain("unknown argument --frobnicate");
    expect(outcome.stderr).toContain("Usage:");
  }, 120_000);
});
