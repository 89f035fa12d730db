/** `npm run openapi:update` as a user runs it: arguments, output streams, exit codes. */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createProjectCopy,
  NEXT_SOURCE,
  PROJECT_ROOT,
  type ProjectCopy,
} from "./support/project-copy.js";

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(cwd: string, args: readonly string[]): Promise<CliRun> {
  const tsx = join(PROJECT_ROOT, "node_modules/.bin/tsx");
  return new Promise((resolve, reject) => {
    execFile(
      tsx,
      ["scripts/update.ts", ...args],
      { cwd, timeout: 120_000, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") reject(error);
        else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

describe("openapi:update CLI", () => {
  let copy: ProjectCopy;
  let config: string;

  beforeAll(async () => {
    // The CLI paths tested here write nothing, so the copy needs no generated/.
    copy = await createProjectCopy({ generate: false });
    config = await readFile(join(copy.root, "openapi/source.json"), "utf8");
  }, 60_000);

  afterAll(async () => {
    await copy?.removeCopy();
  });

  it("requires --source (exit 2, with usage)", async () => {
    const run = await runCli(copy.root, ["--dry-run"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--source <url|path> is required");
    expect(run.stderr).toContain("Usage: npm run openapi:update");
  });

  it("rejects unknown arguments (exit 2)", async () => {
    const run = await runCli(copy.root, ["--source", NEXT_SOURCE, "--force"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown argument --force");
  });

  it("--dry-run prints the report and exits 0", async () => {
    const run = await runCli(copy.root, ["--source", NEXT_SOURCE, "--dry-run"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("OpenAPI description diff: Business Management 1.0.0 → 1.0.1");
    expect(run.stdout).toContain("✗ Operation: removed (1) [project rule]");
    expect(run.stdout).toContain(
      "✗ removed (1): clients.listDeprecated (deprecated_get_client_list)",
    );
    expect(run.stdout).toContain(
      "clients.listDeprecated (deprecated_get_client_list)  GET /clients/{location_id}",
    );
    expect(run.stdout).toContain("✓ helper clients.findByPhone (src/");
    expect(run.stdout).toContain("Dry run: nothing written.");
    expect(run.stderr).toContain("pinned: 1.0.0 from ../shared/altegio/b2b-v1.openapi.yaml");
    expect(await readFile(join(copy.root, "openapi/source.json"), "utf8")).toBe(config);
  });

  it("--json puts only JSON on stdout", async () => {
    const run = await runCli(copy.root, ["--source", NEXT_SOURCE, "--dry-run", "--json"]);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      status: string;
      review: {
        report: {
          counts: Record<string, number>;
          changes: { kind: string; breaking: boolean }[];
          removed: { facade?: string }[];
        };
        facade: { added: string[]; facade: Record<string, string> };
      };
    };
    expect(out.status).toBe("dry-run");
    expect(out.review.report.counts).toMatchObject({ operationsAdded: 1, operationsRemoved: 1 });
    const removal = out.review.report.changes.find((c) => c.kind === "operation.removed");
    expect(removal?.breaking).toBe(true);
    expect(out.review.facade.added).toEqual(["get_client_loyalty_summary"]);
    expect(out.review.facade.facade["get_client_loyalty_summary"]).toBe(
      "clients.getLoyaltySummary",
    );
    expect(out.review.report.removed[0]?.facade).toBe("clients.listDeprecated");
    expect(run.stderr).toContain("OpenAPI description diff");
  });

  it("without a terminal and without --yes, reports and applies nothing (exit 1)", async () => {
    const run = await runCli(copy.root, ["--source", NEXT_SOURCE]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("Not applied: review the report above, then re-run with --yes");
    expect(await readFile(join(copy.root, "openapi/source.json"), "utf8")).toBe(config);
  });

  it("an unreachable source fails with its code (exit 1)", async () => {
    const run = await runCli(copy.root, ["--source", "missing/next.yaml", "--dry-run"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("openapi:update failed [CANDIDATE_UNREACHABLE]");
    expect(run.stderr).toContain("missing/next.yaml: no such file");
  });
});
