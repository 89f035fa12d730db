/**
 * The overlay must survive the next revision (1.0.1: every path under /v1, security stated as the
 * `bearer` + `user` apiKey pair). Generated in a throwaway copy pinned to 1.0.1.
 */
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { generate, sha256, type GenerateResult } from "../../scripts/codegen/index.js";
import { copyProject, NEXT_DESCRIPTION, prettierFormatted, type ProjectCopy } from "./support.js";

let project: ProjectCopy;
let result: GenerateResult;
/** Auth level per operationId, read from the 1.0.1 YAML (callbacks excluded). */
let described: Map<string, string>;

const HTTP = ["get", "put", "post", "patch", "delete", "options", "head", "trace"];
const EXCLUDED = ["fiscalize_document", "handle_fiscalization_callback"];

/** bearer + user → user; bearer alone → partner; POST /auth states none yet needs the partner. */
async function describedAuthLevels(): Promise<Map<string, string>> {
  const doc = parse(await readFile(NEXT_DESCRIPTION, "utf8")) as {
    security?: Record<string, unknown>[];
    paths: Record<string, Record<string, { operationId: string; security?: object[] }>>;
  };
  const levels = new Map<string, string>();
  for (const item of Object.values(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!HTTP.includes(method) || EXCLUDED.includes(op.operationId)) continue;
      const schemes = (op.security ?? doc.security ?? []).flatMap((r) => Object.keys(r)).sort();
      const level = schemes.join("+") === "bearer+user" ? "user" : "partner";
      if (schemes.length === 0) expect(op.operationId).toBe("authorize_user");
      levels.set(op.operationId, level);
    }
  }
  return levels;
}

beforeAll(async () => {
  project = await copyProject();
  const digest = sha256(await readFile(NEXT_DESCRIPTION));
  await project.editSourceConfig((config) => {
    config.pin = { version: "1.0.1", sha256: digest };
  });
  result = await generate({ root: project.root, source: NEXT_DESCRIPTION });
  described = await describedAuthLevels();
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
    expect(result.registry.operations).toHaveLength(described.size);
    expect(described.size).toBe(261); // sanity check of the counting in the YAML
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
    for (const o of result.registry.operations)
      expect(`${o.operationId}: ${o.auth}`).toBe(
        `${o.operationId}: ${described.get(o.operationId)}`,
      );
    const tally = (levels: string[]) =>
      levels.reduce<Record<string, number>>((acc, l) => ({ ...acc, [l]: (acc[l] ?? 0) + 1 }), {});
    const expected = tally([...described.values()]);
    expect(tally(result.registry.operations.map((o) => o.auth))).toEqual(expected);
    expect(expected).toEqual({ user: 238, partner: 23 }); // sanity check of the counting
  });

  it("types get_client's data as the Client schema", async () => {
    const schema = await readFile(`${result.outDir}/schema.ts`, "utf8");
    const getClient = schema.slice(schema.indexOf("\n    get_client: {"));
    expect(getClient.slice(0, 2000)).toContain('data: components["schemas"]["Client"];');
  });

  it("prints registry.ts and resources.ts as prettier would (longer paths under /v1)", async () => {
    for (const file of result.emitted.filter((f) => /^(registry|resources)\.ts$/.test(f.path))) {
      expect(await prettierFormatted(file.contents, file.path), file.path).toBe(file.contents);
    }
  }, 60_000);
});
