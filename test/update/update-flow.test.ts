/**
 * End to end: the update from 1.0.0 to 1.0.1 on a copy of the project in a temporary folder,
 * which must succeed with the project as it is (tests and benchmarks included).
 * The real openapi/source.json is never touched. createUpdatedCopy is tested, and every facade
 * method run on 1.0.1, in facade-next-revision.test.ts.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { generate, sha256 } from "../../scripts/codegen/index.js";
import {
  renderOutcome,
  runUpdate,
  type TscDiagnostic,
  type UpdateResult,
} from "../../scripts/update/index.js";
import type { OperationMeta } from "../../scripts/codegen/model.js";
import {
  createProjectCopy,
  NEXT_SOURCE,
  PROJECT_ROOT,
  type ProjectCopy,
} from "./support/project-copy.js";

interface GeneratedRegistry {
  operations: Record<string, OperationMeta>;
  descriptionInfo: { version: string; sha256: string; servers: readonly { url: string }[] };
}

describe("openapi:update 1.0.0 → 1.0.1 on a copy of the project", () => {
  let copy: ProjectCopy;
  let realConfigBefore: Buffer;
  let result: UpdateResult;

  beforeAll(async () => {
    realConfigBefore = await readFile(join(PROJECT_ROOT, "openapi/source.json"));
    copy = await createProjectCopy();
    // As `npm run openapi:update -- --source <next> --yes`, keeping the copy on 1.0.1 even if the
    // type-check fails, so the registry tests below still say what they can.
    result = await runUpdate({ root: copy.root, source: NEXT_SOURCE, keep: true, mirror: true });
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

  it("succeeds: the whole project type-checks with 1.0.1 (src, generated, scripts, examples, test, bench)", async () => {
    const tsconfig = JSON.parse(await readFile(join(copy.root, "tsconfig.json"), "utf8"));
    for (const folder of ["src", "generated", "scripts", "examples", "test", "bench"])
      expect(tsconfig.include).toContain(folder);
    const after = result.typecheck;
    expect(after, renderOutcome(result)).toBeDefined();
    // Raw-client calls name their paths through the registry, and tests use operations of both
    // revisions, so nothing in the project breaks when 1.0.1 moves every path under /v1.
    expect(
      (after?.errors ?? []).map((e) => {
        const why = movedRawPath(e, result) ? " [raw path moved]" : "";
        return `${e.file}:${e.line} ${e.code} ${e.message.split("\n")[0]}${why}`;
      }),
      renderOutcome(result),
    ).toEqual([]);
    expect(result.status, renderOutcome(result)).toBe("updated");
    expect(result.failure).toBeUndefined();
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
