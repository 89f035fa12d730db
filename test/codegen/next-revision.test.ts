/**
 * The overlay must survive the next revision (1.0.1: every path under /v1, security stated as the
 * `bearer` + `user` apiKey pair). Generated in a throwaway copy pinned to 1.0.1.
 */
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate, sha256, type GenerateResult } from "../../scripts/codegen/index.js";
import { copyProject, NEXT_DESCRIPTION, type ProjectCopy } from "./support.js";

let project: ProjectCopy;
let result: GenerateResult;

beforeAll(async () => {
  project = await copyProject();
  const digest = sha256(await readFile(NEXT_DESCRIPTION));
  await project.editSourceConfig((config) => {
    config.pin = { version: "1.0.1", sha256: digest };
  });
  result = await generate({ root: project.root, source: NEXT_DESCRIPTION });
}, 120_000);

afterAll(async () => {
  await project.remove();
});

describe("generate on the next revision (1.0.1) with the same overlay", () => {
  it("applies every correction", () => {
    for (const action of result.corrections)
      expect(action.matched, action.where).toBeGreaterThan(0);
  });

  it("keeps the registry complete, the callbacks excluded, the paths under /v1", () => {
    expect(result.version).toBe("1.0.1");
    expect(result.registry.operations).toHaveLength(261);
    const ids = result.registry.operations.map((o) => o.operationId);
    expect(ids).toContain("get_client_loyalty_summary");
    expect(ids).not.toContain("deprecated_get_client_list");
    expect(result.registry.excluded.map((e) => e.path)).toEqual([
      "/v1/https://your-api.url",
      "/v1/integration/kkm/callback",
    ]);
    expect(result.registry.operations.every((o) => o.path.startsWith("/v1/"))).toBe(true);
  });

  it("maps the new security schemes to the same auth levels", () => {
    const meta = (id: string) => result.registry.operations.find((o) => o.operationId === id);
    expect(meta("get_client")?.auth).toBe("user");
    expect(meta("get_location_list")?.auth).toBe("partner");
    expect(meta("authorize_user")?.auth).toBe("partner");
    const tally = result.registry.operations.reduce<Record<string, number>>(
      (acc, o) => ({ ...acc, [o.auth]: (acc[o.auth] ?? 0) + 1 }),
      {},
    );
    expect(tally).toEqual({ user: 238, partner: 23 });
  });

  it("types get_client's data as the Client schema", async () => {
    const schema = await readFile(`${result.outDir}/schema.ts`, "utf8");
    const getClient = schema.slice(schema.indexOf("\n    get_client: {"));
    expect(getClient.slice(0, 2000)).toContain('data: components["schemas"]["Client"];');
  });
});
