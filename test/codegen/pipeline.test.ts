/**
 * The whole pipeline on the real pinned description, in a throwaway copy of openapi/: the vendor
 * URL is a refusing loopback port, so every run here also proves the fall-through to the mirror.
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CodegenError,
  generate,
  sha256,
  type GenerateResult,
} from "../../scripts/codegen/index.js";
import {
  copyProject,
  PINNED_DESCRIPTION,
  prettierFormatted,
  PROJECT_ROOT,
  refusingUrl,
  type ProjectCopy,
} from "./support.js";

const METHODS = ["get", "put", "post", "delete", "patch", "options", "head", "trace"];
const EXCLUDED = ["fiscalize_document", "handle_fiscalization_callback"];

interface VendorOperation {
  operationId: string;
  method: string;
  path: string;
  /** What the registry should say, computed here straight from the vendor's YAML. */
  body: string;
  response: string;
  auth: string;
  paging: string;
}

interface RawParameter {
  name: string;
  in: string;
}

interface RawOperation {
  operationId: string;
  parameters?: (RawParameter | { $ref: string })[];
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
  security?: Record<string, unknown>[];
}

type RawDocument = { paths: Record<string, Record<string, RawOperation>> };

/** Follows a local `$ref` (`#/components/...`) of the description; anything else as it is. */
function resolveRef(doc: RawDocument, value: unknown): any {
  let node = value as { $ref?: unknown } | undefined;
  while (node && typeof node.$ref === "string") {
    node = node.$ref
      .slice(2)
      .split("/")
      .reduce<any>((at, key) => at?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
  }
  return node;
}

/**
 * The paging style by the documented rules (src/operation.ts PagingStyle), read from the YAML:
 * query `page` + `count`; JSON body `page` + `page_size`; query `start_date` + `end_date` without
 * `page`; else none. openapi/paging.json's declared exceptions come first.
 */
function expectedPaging(
  doc: RawDocument,
  pathParameters: unknown[],
  op: RawOperation,
  overrides: Record<string, { paging: string | null }>,
): string {
  if (Object.hasOwn(overrides, op.operationId)) return String(overrides[op.operationId]!.paging);
  const params = [...pathParameters, ...(op.parameters ?? [])].map(
    (p) => resolveRef(doc, p) as RawParameter,
  );
  const query = new Set(params.filter((p) => p.in === "query").map((p) => p.name));
  const content = resolveRef(doc, op.requestBody)?.content ?? {};
  const json = content["application/json"] ?? content["*/*"]; // */* is read as JSON
  const body = new Set(Object.keys(resolveRef(doc, json?.schema)?.properties ?? {}));
  if (query.has("page") && query.has("count")) return "page-count";
  if (body.has("page") && body.has("page_size")) return "body-page";
  if (query.has("start_date") && query.has("end_date") && !query.has("page")) return "date-window";
  return "null";
}

function expectedBody(op: RawOperation): string {
  const types = Object.keys(op.requestBody?.content ?? {});
  if (types.length === 0) return "null";
  return types.includes("multipart/form-data") ? "multipart" : "json"; // */* is read as JSON
}

function expectedResponse(op: RawOperation): string {
  const status =
    Object.keys(op.responses)
      .filter((s) => s.startsWith("2"))
      .sort()[0] ?? "";
  const types = Object.keys(op.responses[status]?.content ?? {});
  if (types.length === 0) return "none";
  return types.includes("application/json") ? "json" : "binary";
}

function expectedAuth(op: RawOperation): string {
  if (op.operationId === "authorize_user") return "partner"; // corrected: needs the partner token
  const schemes = Object.keys(op.security?.[0] ?? {});
  if (schemes.includes("BearerPartnerUser") || schemes.includes("user")) return "user";
  return schemes.length > 0 ? "partner" : "none";
}

/** The description's operations, read with another YAML parser than the pipeline's. */
async function vendorOperations(file: string): Promise<VendorOperation[]> {
  const doc = parse(await readFile(file, "utf8")) as RawDocument;
  const { overrides } = JSON.parse(
    await readFile(join(PROJECT_ROOT, "openapi/paging.json"), "utf8"),
  ) as { overrides: Record<string, { paging: string | null }> };
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({
        operationId: op.operationId,
        method,
        path,
        body: expectedBody(op),
        response: expectedResponse(op),
        auth: expectedAuth(op),
        paging: expectedPaging(
          doc,
          (item as { parameters?: unknown[] }).parameters ?? [],
          op,
          overrides,
        ),
      })),
  );
}

async function failure(promise: Promise<unknown>): Promise<CodegenError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CodegenError);
  return error as CodegenError;
}

let project: ProjectCopy;
let result: GenerateResult;
let vendor: VendorOperation[];
const lines: string[] = [];

beforeAll(async () => {
  project = await copyProject();
  const url = await refusingUrl();
  await project.editSourceConfig((config) => {
    config.url = url;
    config.mirrors = [join(project.root, "missing.yaml"), PINNED_DESCRIPTION];
  });
  vendor = await vendorOperations(PINNED_DESCRIPTION);
  result = await generate({ root: project.root, log: (line) => lines.push(line) });
}, 120_000);

afterAll(async () => {
  await project.remove();
});

describe("generate on the pinned description", () => {
  it("fell through the unreachable URL and the missing mirror to the mirror that exists", () => {
    expect(result.origin).toBe(PINNED_DESCRIPTION);
    expect(result.failedSources).toHaveLength(2);
    expect(result.failedSources[0]?.error).toMatch(/ECONNREFUSED|fetch failed/);
    expect(lines.some((l) => l.startsWith("pull: http://127.0.0.1:"))).toBe(true);
  });

  it("writes the four files of the generated layer", async () => {
    const written = result.files.filter((f) => f.status === "written").map((f) => f.path);
    expect(written).toEqual(result.files.map((f) => f.path));
    expect(written).toEqual(["openapi.json", "schema.ts", "registry.ts", "resources.ts"]);
    const corrected = JSON.parse(await readFile(join(result.outDir, "openapi.json"), "utf8"));
    expect(corrected).toEqual(result.corrected);
  });

  it("has every operation of the description in the registry, except the excluded callbacks", () => {
    const ids = result.registry.operations.map((o) => o.operationId);
    const expected = vendor.filter((o) => !EXCLUDED.includes(o.operationId));
    expect(vendor.length).toBe(263);
    expect(ids).toHaveLength(vendor.length - EXCLUDED.length);
    expect(new Set(ids)).toEqual(new Set(expected.map((o) => o.operationId)));
    for (const op of expected) {
      const meta = result.registry.operations.find((m) => m.operationId === op.operationId);
      expect(meta && [meta.method, meta.path]).toEqual([op.method, op.path]);
    }
  });

  it("lists the excluded callbacks with method, path and reason", () => {
    expect(result.registry.excluded.map((e) => [e.operationId, e.method, e.path])).toEqual([
      ["fiscalize_document", "post", "/https://your-api.url"],
      ["handle_fiscalization_callback", "post", "/integration/kkm/callback"],
    ]);
    for (const e of result.registry.excluded)
      expect(e.reason).toMatch(/Vendor-to-partner callback/);
  });

  it("has every operation in the types (paths and operations of schema.ts), and no excluded one", async () => {
    const schema = await readFile(join(result.outDir, "schema.ts"), "utf8");
    const pathsBlock = schema.slice(
      schema.indexOf("export interface paths {"),
      schema.indexOf("export type webhooks"),
    );
    const operationsBlock = schema.slice(schema.indexOf("export interface operations {"));
    for (const op of vendor) {
      const expected = !EXCLUDED.includes(op.operationId);
      expect(operationsBlock.includes(`\n    ${op.operationId}: {`), op.operationId).toBe(expected);
      if (expected) expect(pathsBlock.includes(`\n    "${op.path}": {`), op.path).toBe(true);
    }
    expect(pathsBlock).not.toContain("your-api.url");
    expect(pathsBlock).not.toContain("/integration/kkm/callback");
  });

  it("prints registry.ts and resources.ts exactly as prettier would lay them out", async () => {
    for (const file of result.emitted.filter((f) => /^(registry|resources)\.ts$/.test(f.path))) {
      expect(await prettierFormatted(file.contents, file.path), file.path).toBe(file.contents);
    }
  }, 60_000);

  it("imports nothing from src/: registry.ts and resources.ts import nothing at all", () => {
    for (const file of result.emitted) {
      expect(file.contents, file.path).not.toContain("../src");
      if (file.path !== "schema.ts") expect(file.contents, file.path).not.toMatch(/^import /m);
    }
  });

  it("writes the runtime registry: what the runtime reads, for every operation", async () => {
    const source = await readFile(join(result.outDir, "registry.ts"), "utf8");
    expect(source).toContain("export type OperationId = keyof typeof operations;");
    expect(source).toContain(`sha256: "${result.sha256}"`);
    expect(source).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/); // no timestamps
    const generated = (await import(join(result.outDir, "registry.ts"))) as {
      operations: Record<string, Record<string, unknown>>;
      excludedOperations: unknown;
      descriptionInfo: unknown;
    };
    expect(generated.descriptionInfo).toEqual(result.registry.info);
    expect(generated.excludedOperations).toEqual(result.registry.excluded);
    expect(Object.keys(generated.operations)).toEqual(
      result.registry.operations.map((o) => o.operationId),
    );
    expect(generated.operations.get_client).toEqual({
      method: "get",
      path: "/client/{location_id}/{id}",
      auth: "user",
      facade: "clients.get",
      pathParams: { location_id: "number", id: "number" },
    });
    expect(generated.operations.get_product_category_list_by_ids?.routing).toEqual({
      location_id: "path",
    });
    const facades = new Set<string>();
    for (const meta of result.registry.operations) {
      const op = generated.operations[meta.operationId]!;
      const pathOrder = [...meta.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      expect(
        [
          op.method,
          op.path,
          op.auth,
          op.pathParams ?? {},
          op.query ?? [],
          op.body ?? null,
          op.bodyRequired ?? false,
          op.response ?? "json",
          op.paging ?? null,
        ],
        meta.operationId,
      ).toEqual([
        meta.method,
        meta.path,
        meta.auth,
        Object.fromEntries(
          pathOrder.map((name) => [name, meta.pathParams.find((p) => p.name === name)?.type]),
        ),
        meta.queryParams.map((p) => p.name),
        meta.body,
        meta.bodyRequired,
        meta.response,
        meta.paging,
      ]);
      expect(Object.keys(op.pathParams ?? {}), meta.operationId).toEqual(pathOrder);
      facades.add(String(op.facade));
    }
    expect(facades.size).toBe(result.registry.operations.length);
  });

  it("writes resources.ts: types only, one member per operation, named as the registry's facade", async () => {
    const source = await readFile(join(result.outDir, "resources.ts"), "utf8");
    expect(source).not.toMatch(/^export (const|function|class|let|var) /m);
    expect(source).toContain("export interface ResourceMap {");
    expect(source).toContain("  readonly clients: ClientsMethods;");
    expect(source).toMatch(
      /\/\*\*\n {3}\* Get a client\n[^]*?`GET \/client\/\{location_id\}\/\{id\}` \(operationId `get_client`\)\n {3}\*\/\n {2}readonly get: "get_client";/,
    );
    const members = [...source.matchAll(/^ {2}readonly (\w+): "(\w+)";$/gm)];
    expect(members.map((m) => m[2]).sort()).toEqual(
      result.registry.operations.map((o) => o.operationId),
    );
    for (const ns of result.facade) {
      const name = `${ns.name.charAt(0).toUpperCase()}${ns.name.slice(1)}Methods`;
      expect(source).toContain(`  readonly ${ns.name}: ${name};`);
      expect(source).toContain(`export interface ${name} {`);
    }
  });

  it("applies every correction, each matching something", () => {
    expect(result.corrections.length).toBeGreaterThanOrEqual(13);
    for (const action of result.corrections)
      expect(action.matched, action.where).toBeGreaterThan(0);
  });

  it("corrects the known defects of the description", () => {
    const json = JSON.stringify(result.corrected);
    expect(json).not.toContain('"*/*"');
    expect(json).not.toContain("Metadata (an object such as");
    const op = (id: string) => {
      for (const item of Object.values(result.corrected.paths)) {
        for (const value of Object.values(item)) {
          if ((value as { operationId?: string }).operationId === id)
            return value as Record<string, any>;
        }
      }
      throw new Error(`no ${id}`);
    };
    expect(op("authorize_user").security).toEqual([{ PartnerToken: [] }]);
    expect(
      op("get_client").responses["200"].content["application/json"].schema.properties.data,
    ).toEqual({
      $ref: "#/components/schemas/Client",
    });
    expect(
      op("create_client").responses["201"].content["application/json"].schema.properties.data.$ref,
    ).toBe("#/components/schemas/Client");
    const bulk = op("bulk_create_clients").requestBody;
    expect(bulk.required).toBe(true);
    expect(bulk.content["application/json"].schema.type).toBe("array");
    expect(bulk.content["application/json"].schema.items.required).toEqual(["name", "phone"]);
    for (const item of Object.values(result.corrected.paths)) {
      for (const value of Object.values(item) as Record<string, any>[]) {
        expect(value.responses["4XX"]).toEqual({ $ref: "#/components/responses/Error" });
        expect(value.responses["5XX"]).toEqual({ $ref: "#/components/responses/Error" });
        for (const response of Object.values(value.responses) as Record<string, any>[]) {
          const props = response.content?.["application/json"]?.schema?.properties;
          if (props?.success) expect(props.meta).toEqual({ $ref: "#/components/schemas/Meta" });
        }
      }
    }
  });

  it("derives auth levels, bodies, responses and paging styles", () => {
    const meta = (id: string) => result.registry.operations.find((o) => o.operationId === id);
    expect(meta("get_client")).toMatchObject({
      method: "get",
      path: "/client/{location_id}/{id}",
      tag: "Clients",
      auth: "user",
      response: "json",
      successStatus: 200,
      pathParams: [
        { name: "id", type: "number", required: true },
        { name: "location_id", type: "number", required: true },
      ],
    });
    expect(meta("authorize_user")).toMatchObject({
      auth: "partner",
      body: "json",
      bodyRequired: true,
      successStatus: 201,
    });
    expect(meta("bulk_create_clients")).toMatchObject({ body: "json", bodyRequired: true });
    const described = vendor.filter((o) => !EXCLUDED.includes(o.operationId));
    for (const op of described) {
      const m = meta(op.operationId);
      expect([m?.auth, String(m?.body), m?.response, String(m?.paging)], op.operationId).toEqual([
        op.auth,
        op.body,
        op.response,
        op.paging,
      ]);
    }
    const tally = (values: string[]) =>
      values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});
    // The tallies expected are counted in the YAML itself, not written down.
    const bodies = tally(described.map((o) => o.body));
    expect(tally(result.registry.operations.map((o) => o.body ?? "null"))).toEqual(bodies);
    expect(meta("get_client_list")?.paging).toBe("body-page");
    expect(meta("search_client_visits")?.paging).toBe("meta-from-to");
    expect(meta("get_appointment_list")?.paging).toBe("page-count");
    expect(meta("get_team_member_schedule_list")?.paging).toBe("date-window");
    const paging = tally(described.map((o) => o.paging));
    expect(tally(result.registry.operations.map((o) => o.paging ?? "null"))).toEqual(paging);
    // Sanity check of the counting itself, on the pinned 1.0.0 file.
    expect(bodies).toEqual({ null: 164, json: 94, multipart: 3 });
    expect(paging).toEqual({
      null: 246,
      "page-count": 12,
      "body-page": 1,
      "meta-from-to": 1,
      "date-window": 1,
    });
  });

  it("keeps each operation's security requirement and body media type as corrected", () => {
    const corrected = result.corrected as {
      security?: Record<string, unknown>[];
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    let checked = 0;
    for (const item of Object.values(corrected.paths)) {
      for (const op of Object.values(item)) {
        const meta = result.registry.operations.find((m) => m.operationId === op.operationId);
        if (!meta) continue;
        const security = (op.security ?? corrected.security ?? []) as Record<string, unknown>[];
        const content = (op.requestBody as { content?: object } | undefined)?.content ?? {};
        expect([meta.security, meta.bodyContentType], meta.operationId).toEqual([
          security.map((requirement) => Object.keys(requirement)),
          Object.keys(content)[0] ?? null,
        ]);
        checked += 1;
      }
    }
    expect(checked).toBe(result.registry.operations.length);
    // POST /auth declares none as published; the overlay gives it the partner token.
    expect(
      result.registry.operations.find((m) => m.operationId === "authorize_user"),
    ).toMatchObject({ security: [["PartnerToken"]], bodyContentType: "application/json" });
  });

  it("is deterministic: a second generation (--check) finds the files byte-identical", async () => {
    const again = await generate({ root: project.root, check: true });
    expect(again.files.every((f) => f.status === "unchanged")).toBe(true);
    expect(again.emitted.map((f) => f.contents)).toEqual(result.emitted.map((f) => f.contents));
  }, 120_000);
});

describe("refusals", () => {
  it("--check fails, listing the files, when generated/ differs from what would be generated", async () => {
    await writeFile(join(result.outDir, "registry.ts"), "// edited by hand\n");
    await rm(join(result.outDir, "resources.ts"));
    // The barrel earlier versions wrote: obsolete, removed by the next normal run.
    await writeFile(join(result.outDir, "index.ts"), "export {};\n");
    const error = await failure(generate({ root: project.root, check: true }));
    expect(error.code).toBe("CHECK_FAILED");
    expect(error.message).toContain("registry.ts: differs");
    expect(error.message).toContain("resources.ts: missing");
    expect(error.message).toContain("index.ts: obsolete");
    expect(error.message).not.toContain("schema.ts");
    expect(await readFile(join(result.outDir, "registry.ts"), "utf8")).toBe("// edited by hand\n");
    const fixed = await generate({ root: project.root });
    expect(fixed.files.map((f) => `${f.path} ${f.status}`)).toEqual([
      "openapi.json unchanged",
      "schema.ts unchanged",
      "registry.ts written",
      "resources.ts written",
      "index.ts removed",
    ]);
  }, 120_000);

  it("fails, in --check and in normal runs, when an overlay action matches nothing", async () => {
    const overlayFile = join(project.root, "openapi/overlay.yaml");
    const original = await readFile(overlayFile, "utf8");
    try {
      await writeFile(
        overlayFile,
        original.replace("@.operationId=='get_client'", "@.operationId=='get_client_v0'"),
      );
      for (const check of [true, false]) {
        const error = await failure(generate({ root: project.root, check }));
        expect(error.code).toBe("CORRECTION_UNMATCHED");
        expect(error.message).toContain("get_client_v0");
        expect(error.message).toContain("get_client answers a client object.");
      }
    } finally {
      await writeFile(overlayFile, original);
    }
  }, 120_000);

  it("refuses a description with structural errors, writing nothing", async () => {
    const broken = (await readFile(PINNED_DESCRIPTION, "utf8")).replace(
      "      operationId: get_client\n",
      "      operationId: get_client\n      frobnicate: true\n",
    );
    const file = join(project.root, "broken.yaml");
    await writeFile(file, broken);
    await writeFile(join(result.outDir, "registry.ts"), "// untouched\n");
    const error = await failure(
      generate({
        root: project.root,
        source: file,
        pin: { version: "1.0.0", sha256: sha256(Buffer.from(broken)) },
      }),
    );
    expect(error.code).toBe("DESCRIPTION_INVALID");
    expect(error.message).toContain("has structural errors");
    expect(error.message).toContain("frobnicate");
    expect(await readFile(join(result.outDir, "registry.ts"), "utf8")).toBe("// untouched\n");
  }, 120_000);

  it("refuses a fix that breaks the corrected description", async () => {
    const overlayFile = join(project.root, "openapi/overlay.yaml");
    const original = await readFile(overlayFile, "utf8");
    try {
      const broken = original.replace(
        'data: { $ref: "#/components/schemas/BulkCreateClientsResult" }',
        'data: { $ref: "#/components/schemas/NoSuchSchema" }',
      );
      expect(broken).not.toBe(original);
      await writeFile(overlayFile, broken);
      const error = await failure(generate({ root: project.root, check: true }));
      expect(error.code).toBe("DESCRIPTION_INVALID");
      expect(error.message).toContain("The corrected description is invalid");
      expect(error.message).toContain(
        "Can't resolve $ref at #/paths/~1clients~1{location_id}~1bulk",
      );
    } finally {
      await writeFile(overlayFile, original);
    }
  }, 120_000);

  it("refuses a description whose sha256 is not the pin, writing nothing", async () => {
    await writeFile(join(result.outDir, "registry.ts"), "// untouched\n");
    await project.editSourceConfig((config) => {
      (config.pin as { sha256: string }).sha256 = "0".repeat(64);
    });
    try {
      const error = await failure(generate({ root: project.root }));
      expect(error.code).toBe("PIN_MISMATCH");
      expect(error.message).toContain(`expected: version 1.0.0, sha256 ${"0".repeat(64)}`);
      expect(error.message).toContain(`sha256 ${result.sha256}`);
      expect(await readFile(join(result.outDir, "registry.ts"), "utf8")).toBe("// untouched\n");
    } finally {
      await project.editSourceConfig((config) => {
        (config.pin as { sha256: string }).sha256 = result.sha256;
      });
    }
  });

  it("gives a clear error when no source is reachable", async () => {
    const url = await refusingUrl();
    const error = await failure(generate({ root: project.root, source: url }));
    expect(error.code).toBe("SOURCE_UNREACHABLE");
    expect(error.message).toContain(url);
  });
});
