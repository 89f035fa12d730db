import { describe, expect, it } from "vitest";
import {
  buildRegistry,
  CodegenError,
  derivePaging,
  operationAuthLevel,
  parseMethodNamesConfig,
  planResources,
  registrySource,
  runtimeOperations,
  type OpenApiDocument,
  type RegistryOptions,
} from "../../scripts/codegen/index.js";

const levels = {
  BearerPartner: "partner",
  BearerPartnerUser: "user",
  bearer: "partner",
  user: "user",
  PartnerToken: "partner",
} as const;

describe("auth level from security (rule: src/core/auth-level.ts)", () => {
  it("maps each scheme through openapi/security.json's table", () => {
    expect(operationAuthLevel([{ BearerPartner: [] }], levels, "op")).toBe("partner");
    expect(operationAuthLevel([{ BearerPartnerUser: [] }], levels, "op")).toBe("user");
    expect(operationAuthLevel([{ PartnerToken: [] }], levels, "op")).toBe("partner");
  });

  it("a requirement naming several schemes takes the highest level (1.0.1's bearer + user)", () => {
    expect(operationAuthLevel([{ bearer: [], user: [] }], levels, "op")).toBe("user");
    expect(operationAuthLevel([{ bearer: [] }], levels, "op")).toBe("partner");
  });

  it("alternatives take the lowest level that satisfies one of them", () => {
    expect(operationAuthLevel([{ bearer: [], user: [] }, { bearer: [] }], levels, "op")).toBe(
      "partner",
    );
    expect(operationAuthLevel([{ bearer: [] }, {}], levels, "op")).toBe("none");
  });

  it("keeps the requirement's scheme names beside the level: alternatives, then schemes", () => {
    const registry = buildRegistry(
      description({
        "/x": {
          get: {
            operationId: "either",
            security: [{ bearer: [], user: [] }, { BearerPartner: [] }],
            responses: ok,
          },
        },
      }),
      options,
    );
    expect(registry.operations[0]).toMatchObject({
      security: [["bearer", "user"], ["BearerPartner"]],
      auth: "partner",
    });
  });

  it("[] or no security is none", () => {
    expect(operationAuthLevel([], levels, "op")).toBe("none");
    expect(operationAuthLevel(undefined, levels, "op")).toBe("none");
  });

  it("an unknown scheme fails, naming it, the operation and where to map it", () => {
    expect(() => operationAuthLevel([{ OAuth: [] }], levels, "GET /x")).toThrow(
      /GET \/x: unknown security scheme "OAuth".*openapi\/security\.json/,
    );
    // Even inside an alternative that another, known one would satisfy.
    expect(() => operationAuthLevel([{ bearer: [] }, { OAuth: [] }], levels, "GET /x")).toThrow(
      CodegenError,
    );
  });

  it("refuses a security that is not an array of requirement objects", () => {
    expect(() => operationAuthLevel({ bearer: [] }, levels, "GET /x")).toThrow(/must be an array/);
    expect(() => operationAuthLevel(["bearer"], levels, "GET /x")).toThrow(/not an object/);
  });
});

describe("paging style", () => {
  const rule = (queryParams: string[], bodyProperties: string[] = []) =>
    derivePaging({ queryParams, bodyProperties });

  it("derives the styles by rule", () => {
    expect(rule(["page", "count", "x"])).toBe("page-count");
    expect(rule([], ["filters", "page", "page_size"])).toBe("body-page");
    expect(rule(["start_date", "end_date"])).toBe("date-window");
    expect(rule(["start_date", "end_date", "page"])).toBeNull();
    expect(rule(["page"])).toBeNull();
    expect(rule(["page", "page_size"])).toBeNull();
  });

  it("an override from openapi/paging.json wins, including null", () => {
    expect(
      derivePaging(
        { queryParams: [], bodyProperties: ["from", "to"] },
        { paging: "meta-from-to", reason: "r" },
      ),
    ).toBe("meta-from-to");
    expect(
      derivePaging(
        { queryParams: ["page", "count"], bodyProperties: [] },
        { paging: null, reason: "r" },
      ),
    ).toBeNull();
  });
});

function description(
  paths: OpenApiDocument["paths"],
  extra: Partial<OpenApiDocument> = {},
): OpenApiDocument {
  return {
    openapi: "3.1.0",
    info: { title: "T", version: "9" },
    servers: [{ url: "https://api.example/v1", description: "Production" }],
    paths,
    ...extra,
  };
}

const options: RegistryOptions = {
  sha256: "ab".repeat(32),
  securityLevels: levels,
  pagingOverrides: {},
};
const ok = { "200": { description: "ok", content: { "application/json": { schema: {} } } } };

describe("buildRegistry", () => {
  it("derives one OperationMeta per operation", () => {
    const registry = buildRegistry(
      description(
        {
          "/things/{location_id}": {
            parameters: [
              { name: "location_id", in: "path", required: true, schema: { type: "number" } },
              { name: "lang", in: "query", schema: { type: "string" } },
            ],
            get: {
              operationId: "list_things",
              tags: ["Things", "Other"],
              summary: "  List\n things ",
              deprecated: true,
              security: [{ BearerPartnerUser: [] }],
              parameters: [
                {
                  name: "lang",
                  in: "query",
                  required: true,
                  schema: { type: ["integer", "null"] },
                },
                { name: "page", in: "query", schema: { type: "integer" } },
                { name: "count", in: "query", schema: { $ref: "#/components/schemas/Count" } },
                { name: "ids", in: "query", schema: { type: "array", items: { type: "integer" } } },
                {
                  name: "flag",
                  in: "query",
                  schema: { anyOf: [{ type: "boolean" }, { type: "boolean" }] },
                },
                { name: "free", in: "query" },
              ],
              responses: ok,
            },
          },
        },
        { components: { schemas: { Count: { type: "integer" } } } },
      ),
      options,
    );
    expect(registry.operations).toEqual([
      {
        operationId: "list_things",
        method: "get",
        path: "/things/{location_id}",
        tag: "Things",
        security: [["BearerPartnerUser"]],
        auth: "user",
        deprecated: true,
        summary: "List things",
        body: null,
        bodyContentType: null,
        bodyRequired: false,
        response: "json",
        successStatus: 200,
        pathParams: [{ name: "location_id", type: "number", required: true }],
        queryParams: [
          { name: "lang", type: "integer", required: true },
          { name: "page", type: "integer", required: false },
          { name: "count", type: "integer", required: false },
          { name: "ids", type: "array", required: false, itemType: "integer" },
          { name: "flag", type: "boolean", required: false },
          { name: "free", type: "string", required: false },
        ],
        paging: "page-count",
      },
    ]);
    expect(registry.info).toEqual({
      title: "T",
      version: "9",
      sha256: "ab".repeat(32),
      servers: [{ url: "https://api.example/v1", description: "Production" }],
    });
  });

  it("reads body types, the success status and the response kind", () => {
    const registry = buildRegistry(
      description(
        {
          "/a": {
            post: {
              operationId: "json_body",
              requestBody: {
                required: true,
                content: {
                  "application/json": { schema: { properties: { page: {}, page_size: {} } } },
                },
              },
              responses: {
                "201": { description: "c", content: { "application/json": {} } },
                "200": { description: "x" },
              },
            },
            put: {
              operationId: "upload",
              requestBody: { content: { "multipart/form-data": { schema: { type: "object" } } } },
              responses: { "202": { $ref: "#/components/responses/Accepted" } },
            },
            get: {
              operationId: "pdf",
              responses: { "200": { description: "pdf", content: { "application/pdf": {} } } },
            },
            delete: {
              operationId: "remove",
              responses: { "204": { description: "gone" }, "4XX": { description: "e" } },
            },
          },
        },
        {
          components: {
            responses: {
              Accepted: { description: "a", content: { "application/vnd.api.v2+json": {} } },
            },
          },
        },
      ),
      options,
    );
    const byId = Object.fromEntries(registry.operations.map((o) => [o.operationId, o]));
    expect(byId.json_body).toMatchObject({
      body: "json",
      bodyContentType: "application/json",
      bodyRequired: true,
      successStatus: 200,
      response: "none",
      paging: "body-page",
    });
    expect(byId.upload).toMatchObject({
      body: "multipart",
      bodyContentType: "multipart/form-data",
      bodyRequired: false,
      successStatus: 202,
      response: "json",
    });
    expect(byId.pdf).toMatchObject({
      body: null,
      bodyContentType: null,
      response: "binary",
      successStatus: 200,
      security: [],
      auth: "none",
    });
    expect(byId.remove).toMatchObject({ response: "none", successStatus: 204 });
    expect(registry.operations.map((o) => o.operationId)).toEqual([
      "json_body",
      "pdf",
      "remove",
      "upload",
    ]);
  });

  it("uses the document's security when the operation has none", () => {
    const registry = buildRegistry(
      description(
        { "/a": { get: { operationId: "a", responses: ok } } },
        { security: [{ bearer: [] }] },
      ),
      options,
    );
    expect(registry.operations[0]?.auth).toBe("partner");
  });

  it.each([
    [
      "a body neither JSON nor multipart",
      { requestBody: { content: { "*/*": {} } } },
      /neither JSON nor multipart/,
    ],
    [
      "no 2xx response",
      { responses: { "400": { description: "bad" } } },
      /declares no 2xx response/,
    ],
    ["no operationId", { operationId: undefined }, /has no operationId/],
  ])("refuses an operation with %s", (_label, patch, message) => {
    const paths = { "/a": { post: { operationId: "a", responses: ok, ...patch } } };
    expect(() => buildRegistry(description(paths), options)).toThrow(message);
  });

  it("refuses a duplicate operationId, naming both routes", () => {
    const paths = {
      "/a": { get: { operationId: "dup", responses: ok } },
      "/b": { get: { operationId: "dup", responses: ok } },
    };
    expect(() => buildRegistry(description(paths), options)).toThrow(
      /dup is used by both GET \/a and GET \/b/,
    );
  });

  it("refuses a paging override naming an operation the description does not have", () => {
    const paths = { "/a": { get: { operationId: "a", responses: ok } } };
    let error: unknown;
    try {
      buildRegistry(description(paths), {
        ...options,
        pagingOverrides: { gone: { paging: null, reason: "r" } },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CodegenError);
    expect((error as CodegenError).code).toBe("CORRECTION_UNMATCHED");
    expect((error as CodegenError).message).toContain("gone");
  });
});

describe("the runtime registry (generated/registry.ts)", () => {
  const methodNames = parseMethodNamesConfig(
    { parameterCollisions: { find_things: { location_id: "path", reason: "r" } } },
    "method-names.json",
  );
  const registry = buildRegistry(
    description({
      "/things/{location_id}/{id}": {
        get: {
          operationId: "get_thing",
          tags: ["Things"],
          summary: "Only in the in-memory registry",
          security: [{ BearerPartnerUser: [] }],
          parameters: [
            { name: "id", in: "path", required: true, schema: { type: "integer" } },
            { name: "location_id", in: "path", required: true, schema: { type: "number" } },
          ],
          responses: ok,
        },
      },
      "/things/{location_id}": {
        post: {
          operationId: "find_things",
          tags: ["Things"],
          security: [{ BearerPartner: [] }],
          parameters: [
            { name: "location_id", in: "path", required: true, schema: { type: "number" } },
            { name: "location_id", in: "query", schema: { type: "number" } },
            { name: "page", in: "query", schema: { type: "integer" } },
            { name: "count", in: "query", schema: { type: "integer" } },
          ],
          requestBody: {
            required: true,
            content: { "multipart/form-data": { schema: { type: "object" } } },
          },
          responses: { "200": { description: "pdf", content: { "application/pdf": {} } } },
        },
        delete: {
          operationId: "delete_things",
          tags: ["Things"],
          requestBody: { content: { "application/json": { schema: {} } } },
          responses: { "204": { description: "gone" } },
        },
      },
    }),
    options,
  );
  const plan = planResources(registry.operations, methodNames);

  it("keeps what the runtime reads, leaving out empty fields; path parameters in path order", () => {
    expect(runtimeOperations(registry, plan, methodNames.parameterCollisions)).toEqual({
      delete_things: {
        method: "delete",
        path: "/things/{location_id}",
        auth: "none",
        facade: "things.delete",
        body: "json",
        response: "none",
      },
      find_things: {
        method: "post",
        path: "/things/{location_id}",
        auth: "partner",
        facade: "things.find",
        pathParams: { location_id: "number" },
        query: ["location_id", "page", "count"],
        body: "multipart",
        bodyRequired: true,
        response: "binary",
        paging: "page-count",
        routing: { location_id: "path" },
      },
      get_thing: {
        method: "get",
        path: "/things/{location_id}/{id}",
        auth: "user",
        facade: "things.get",
        pathParams: { location_id: "number", id: "integer" },
      },
    });
    const get = runtimeOperations(registry, plan, {}).get_thing!;
    expect(Object.keys(get.pathParams ?? {})).toEqual(["location_id", "id"]);
  });

  it("is a module importing nothing, whose operations are a const object sorted by operationId", () => {
    const source = registrySource(registry, plan, methodNames.parameterCollisions);
    expect(source).not.toMatch(/^import /m);
    expect(source).toContain("export const operations = {\n  delete_things: {");
    expect(source).toContain("} as const;\n\nexport type OperationId = keyof typeof operations;");
    expect(source).toContain("as const satisfies DescriptionInfo;");
    expect(source).not.toContain("Only in the in-memory registry");
    expect(source.indexOf("find_things:")).toBeLessThan(source.indexOf("get_thing:"));
  });

  it("refuses an operation the facade plan does not name", () => {
    expect(() => runtimeOperations(registry, [], {})).toThrow(/delete_things has no facade/);
  });
});
