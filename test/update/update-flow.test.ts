/**
 * End to end: the update from 1.0.0 to 1.0.1 on a copy of the project in a temporary folder.
 * The real openapi/source.json is never touched.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { generate, sha256 } from "../../scripts/codegen/index.js";
import {
  newErrors,
  renderOutcome,
  runUpdate,
  typecheck,
  type TscDiagnostic,
  type TypecheckResult,
  type UpdateResult,
} from "../../scripts/diff/update/index.js";
import type { OperationMeta } from "../../src/operation.js";
import {
  createProjectCopy,
  createUpdatedCopy,
  NEXT_SOURCE,
  PROJECT_ROOT,
  type ProjectCopy,
} from "./support/project-copy.js";

interface GeneratedRegistry {
  operations: Record<string, OperationMeta>;
  descriptionInfo: { version: string; sha256: string; servers: readonly { url: string }[] };
}

/** Where the type-check may not break: the facade, the codegen, the examples. */
const MUST_STAY_CLEAN = /^(src|generated|scripts|examples)\//;

describe("openapi:update 1.0.0 → 1.0.1 on a copy of the project", () => {
  let copy: ProjectCopy;
  let realConfigBefore: Buffer;
  let before: TypecheckResult;
  let result: UpdateResult;

  beforeAll(async () => {
    realConfigBefore = await readFile(join(PROJECT_ROOT, "openapi/source.json"));
    copy = await createProjectCopy();
    // The copy's own errors before the update, so the test blames the update only for its own.
    before = await typecheck(copy.root);
    result = await runUpdate({ root: copy.root, source: NEXT_SOURCE, keep: true });
  }, 600_000);

  afterAll(async () => {
    await copy?.removeCopy();
  });

  it("pins 1.0.1 in the copy, with the new source first among the mirrors", async () => {
    const config = JSON.parse(await readFile(join(copy.root, "openapi/source.json"), "utf8"));
    const next = await readFile(join(PROJECT_ROOT, NEXT_SOURCE));
    expect(config.pin).toEqual({ version: "1.0.1", sha256: sha256(next) });
    expect(config.mirrors).toEqual([NEXT_SOURCE, "../shared/altegio/b2b-v1.openapi.yaml"]);
    expect(config.url).toBe("https://developer.alteg.io/_bundle/en/b2b-v1/openapi.yaml");
  });

  it("never touches the real project's pin", async () => {
    expect(await readFile(join(PROJECT_ROOT, "openapi/source.json"))).toEqual(realConfigBefore);
  });

  it("reviewed the change: the report and the facade impact", () => {
    const { review } = result;
    expect(review.pinned.version).toBe("1.0.0");
    expect(review.candidate.version).toBe("1.0.1");
    expect(review.report.added.map((o) => o.operationId)).toEqual(["get_client_loyalty_summary"]);
    expect(review.report.removed.map((o) => o.operationId)).toEqual(["deprecated_get_client_list"]);
    expect(review.codegenProblem).toBeUndefined();
    expect(review.facade).toMatchObject({
      added: ["get_client_loyalty_summary"],
      removed: ["deprecated_get_client_list"],
      authChanged: [],
      shapeChanges: [],
    });
  });

  it("regenerates the registry: the new operation has its method, the removed one is gone", async () => {
    const registry = await importRegistry(copy.root);
    expect(registry.descriptionInfo.version).toBe("1.0.1");
    expect(registry.descriptionInfo.servers[0]?.url).toBe("https://api.alteg.io/api");
    expect(registry.operations.get_client_loyalty_summary).toMatchObject({
      method: "get",
      path: "/v1/client/{location_id}/{id}/loyalty_summary",
      auth: "user",
    });
    expect(registry.operations).not.toHaveProperty("deprecated_get_client_list");
    expect(registry.operations.get_client?.path).toBe("/v1/client/{location_id}/{id}");
  });

  it("derives auth levels from the new bearer + user schemes as before", async () => {
    const registry = await importRegistry(copy.root);
    const next = parse(await readFile(join(PROJECT_ROOT, NEXT_SOURCE), "utf8")) as {
      paths: Record<string, Record<string, { operationId?: string; security?: object[] }>>;
    };
    let checked = 0;
    for (const item of Object.values(next.paths)) {
      for (const op of Object.values(item)) {
        const meta = op.operationId ? registry.operations[op.operationId] : undefined;
        if (!meta || op.operationId === "authorize_user") continue;
        const schemes = (op.security ?? []).flatMap((r) => Object.keys(r)).sort();
        expect(`${op.operationId}: ${meta.auth}`).toBe(
          `${op.operationId}: ${schemes.join("+") === "bearer+user" ? "user" : "partner"}`,
        );
        checked += 1;
      }
    }
    expect(checked).toBe(260);
    // POST /auth declares no security, yet needs the partner token (the project's overlay).
    expect(registry.operations.authorize_user?.auth).toBe("partner");
    expect(registry.operations.get_chain_list?.auth).toBe("partner");
    expect(registry.operations.get_client?.auth).toBe("user");
  });

  it("type-checks the facade, codegen and examples with 1.0.1", () => {
    const after = result.typecheck;
    expect(after, renderOutcome(result)).toBeDefined();
    const introduced = newErrors(before.errors, after?.errors ?? []);
    expect(
      introduced.filter((e) => MUST_STAY_CLEAN.test(e.file)),
      renderOutcome(result),
    ).toEqual([]);
    // Tests and benchmarks that name 1.0.0 paths on the raw client, or call the removed
    // operation, break as the diff report announces; they are listed for their owners.
    const elsewhere = introduced.filter((e) => !MUST_STAY_CLEAN.test(e.file));
    if (elsewhere.length > 0) {
      console.warn(
        `openapi:update to 1.0.1 breaks ${elsewhere.length} line(s) outside the facade:\n` +
          elsewhere
            .map((e) => {
              const why = movedRawPath(e, result) ? " [raw path moved]" : "";
              return `  ${e.file}:${e.line} ${e.code} ${e.message.split("\n")[0]}${why}`;
            })
            .join("\n"),
      );
    }
    expect(result.status, renderOutcome(result)).toBe(
      introduced.length === 0 ? "updated" : "failed",
    );
  });

  it("leaves generated/ in step with the new pin (generate --check passes)", async () => {
    await expect(generate({ root: copy.root, check: true })).resolves.toMatchObject({
      version: "1.0.1",
    });
  }, 120_000);
});

async function importRegistry(root: string): Promise<GeneratedRegistry> {
  return (await import(
    /* @vite-ignore */ pathToFileURL(join(root, "generated/registry.ts")).href
  )) as GeneratedRegistry;
}

/**
 * The raw path literal a type error is about, when the error is an openapi-fetch call naming a
 * path that the diff report lists as moved (so the break is the one the report announced).
 */
function movedRawPath(error: TscDiagnostic, result: UpdateResult): string | undefined {
  const match =
    /^Argument of type '"(\/[^"]+)"' is not assignable to parameter of type 'PathsWithMethod</.exec(
      error.message,
    );
  const path = match?.[1];
  const moved = result.review.report.changes.some(
    (c) => c.kind === "operation.path-changed" && c.from === path,
  );
  return moved ? path : undefined;
}

describe("createUpdatedCopy (the helper other areas use to test against 1.0.1)", () => {
  it("gives a copy on 1.0.1, type-check left to the caller", async () => {
    const updated = await createUpdatedCopy({ typecheck: false });
    try {
      expect(updated.result.status).toBe("updated");
      expect(updated.result.typecheck).toBeUndefined();
      const registry = await importRegistry(updated.root);
      expect(registry.descriptionInfo.version).toBe("1.0.1");
      expect(Object.keys(registry.operations)).toContain("get_client_loyalty_summary");
    } finally {
      await updated.removeCopy();
    }
  }, 180_000);
});
