/**
 * The update flow's other outcomes, on one copy of the project: dry run, already pinned,
 * declined, a candidate the codegen refuses, a type-check broken by the update (restored), and
 * sources that cannot be pulled. After each, the copy's pin and generated/ must be byte-identical.
 */
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "../../scripts/codegen/index.js";
import { renderOutcome, runUpdate, UpdateError } from "../../scripts/update/index.js";
import {
  createProjectCopy,
  NEXT_SOURCE,
  PINNED_SOURCE,
  PROJECT_ROOT,
  type ProjectCopy,
} from "./support/project-copy.js";

describe("openapi:update outcomes that change nothing", () => {
  let copy: ProjectCopy;

  let pristine: Record<string, string>;

  /** sha256 of what an update may write (comparing hashes keeps failures readable). */
  const state = async () => {
    const files = [
      "openapi/source.json",
      ...(await readdir(join(copy.root, "generated"))).sort().map((f) => `generated/${f}`),
    ];
    const hashes: Record<string, string> = {};
    for (const file of files) hashes[file] = sha256(await readFile(join(copy.root, file)));
    return hashes;
  };

  beforeAll(async () => {
    copy = await createProjectCopy();
    pristine = await state();
  }, 300_000);

  afterEach(async () => {
    expect(await state()).toEqual(pristine);
  });

  afterAll(async () => {
    await copy?.removeCopy();
  });

  it("a dry run reports and writes nothing", async () => {
    const result = await runUpdate({ root: copy.root, source: NEXT_SOURCE, dryRun: true });
    expect(result.status).toBe("dry-run");
    expect(result.review.report.counts).toMatchObject({ operationsAdded: 1, operationsRemoved: 1 });
    expect(result.review.facade?.removed).toEqual(["deprecated_get_client_list"]);
  });

  it("the pinned revision itself is already up to date", async () => {
    const result = await runUpdate({ root: copy.root, source: PINNED_SOURCE });
    expect(result.status).toBe("up-to-date");
    expect(result.review.report.changes).toEqual([]);
  });

  it("a declined confirmation writes nothing, and the prompt saw the review", async () => {
    let seen = 0;
    const result = await runUpdate({
      root: copy.root,
      source: NEXT_SOURCE,
      confirm: (review) => {
        seen = review.report.counts.breaking;
        return false;
      },
    });
    expect(result.status).toBe("declined");
    expect(seen).toBeGreaterThan(0);
  });

  it("a candidate the project's openapi/ cannot generate is refused before writing", async () => {
    // A scheme openapi/security.json does not map: the codegen cannot derive auth levels.
    const next = await readFile(join(PROJECT_ROOT, NEXT_SOURCE), "utf8");
    const renamed = next.replace(/^(\s+)user: \[\]$/gm, "$1UserToken: []");
    const candidate = join(copy.root, "..", "unmapped-scheme.openapi.yaml");
    await writeFile(candidate, renamed.replace("version: 1.0.1", "version: 1.0.2"));
    const result = await runUpdate({ root: copy.root, source: candidate });
    expect(result.status).toBe("failed");
    expect(result.failure).toMatchObject({ stage: "generate", projectState: "unchanged" });
    expect(result.failure?.message).toContain('unknown security scheme "UserToken"');
    expect(renderOutcome(result)).toContain("Nothing was written");
  });

  it("a type-check broken by the update is restored, and the broken file is named", async () => {
    // Code that uses the operation 1.0.1 removes; a small tsconfig keeps the check fast.
    await mkdir(join(copy.root, "examples"), { recursive: true });
    await writeFile(
      join(copy.root, "examples/uses-removed-operation.ts"),
      'import { operations } from "../generated/registry.js";\n\n' +
        "export const legacy = operations.deprecated_get_client_list.path;\n",
    );
    await writeFile(
      join(copy.root, "tsconfig.update-test.json"),
      JSON.stringify({ extends: "./tsconfig.json", include: ["generated", "examples"] }),
    );
    try {
      const result = await runUpdate({
        root: copy.root,
        source: NEXT_SOURCE,
        tsconfig: "tsconfig.update-test.json",
      });
      expect(result.status).toBe("failed");
      expect(result.failure).toMatchObject({ stage: "typecheck", projectState: "restored" });
      expect(result.failure?.preexisting?.map((e) => e.file)).not.toContain(
        "examples/uses-removed-operation.ts",
      );
      expect(result.failure?.introduced).toEqual([
        expect.objectContaining({
          file: "examples/uses-removed-operation.ts",
          line: 3,
          code: "TS2339",
        }),
      ]);
      const text = renderOutcome(result);
      expect(text).toContain("Broken by the update (1 error(s)):");
      expect(text).toContain("examples/uses-removed-operation.ts (1)");
      expect(text).toContain("deprecated_get_client_list");
      expect(text).toContain("restored: the project is as it was");
    } finally {
      await rm(join(copy.root, "examples"), { recursive: true, force: true });
      await rm(join(copy.root, "tsconfig.update-test.json"), { force: true });
    }
  }, 180_000);

  it("an unreachable candidate fails with a typed error", async () => {
    const missing = runUpdate({ root: copy.root, source: "../shared/altegio/nope.yaml" });
    await expect(missing).rejects.toBeInstanceOf(UpdateError);
    await expect(missing).rejects.toMatchObject({ code: "CANDIDATE_UNREACHABLE" });
  });

  it("a candidate that is not OpenAPI 3.1 fails with a typed error", async () => {
    const bad = join(copy.root, "..", "not-openapi.yaml");
    await writeFile(bad, "swagger: '2.0'\ninfo: { title: x, version: '1' }\npaths: {}\n");
    await expect(runUpdate({ root: copy.root, source: bad })).rejects.toMatchObject({
      code: "CANDIDATE_INVALID",
    });
  });

  it("a baseline that is not the pinned revision is refused", async () => {
    const wrong = runUpdate({ root: copy.root, source: NEXT_SOURCE, baseline: NEXT_SOURCE });
    await expect(wrong).rejects.toMatchObject({ code: "BASELINE_UNAVAILABLE" });
    await expect(wrong).rejects.toThrow(/not the pinned revision/);
  });
});
