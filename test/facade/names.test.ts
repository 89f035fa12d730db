/** The naming rules and the checks of the generator (scripts/codegen/resource-names.ts). */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CodegenError } from "../../scripts/codegen/errors.js";
import {
  methodName,
  parseMethodNamesConfig,
  planResources,
  type MethodNamesConfig,
} from "../../scripts/codegen/resource-names.js";
import type { OperationMeta } from "../../scripts/codegen/model.js";
import { codegenOperations } from "./support.js";

const EMPTY: MethodNamesConfig = {
  namespaces: {},
  methods: {},
  parameterCollisions: {},
  helpers: {},
};

function op(operationId: string, tag: string, extra: Partial<OperationMeta> = {}): OperationMeta {
  return {
    operationId,
    method: "get",
    path: `/${operationId}`,
    tag,
    security: [["BearerPartnerUser"]],
    auth: "user",
    deprecated: false,
    summary: "",
    body: null,
    bodyContentType: null,
    bodyRequired: false,
    response: "json",
    successStatus: 200,
    pathParams: [],
    queryParams: [],
    paging: null,
    ...extra,
  };
}

function planError(ops: OperationMeta[], config: MethodNamesConfig = EMPTY): string {
  try {
    planResources(ops, config);
  } catch (error) {
    expect(error).toBeInstanceOf(CodegenError);
    return (error as Error).message;
  }
  throw new Error("expected planResources to fail");
}

describe("derived names", () => {
  it("verb + object, the namespace's noun removed once, camelCase", () => {
    expect(methodName(op("get_client", "Clients"), EMPTY)).toBe("get");
    expect(methodName(op("create_client_comment", "Clients"), EMPTY)).toBe("createComment");
    expect(methodName(op("bulk_create_clients", "Clients"), EMPTY)).toBe("bulkCreate");
    expect(methodName(op("remove_service_from_team_member", "Services"), EMPTY)).toBe(
      "removeFromTeamMember",
    );
  });

  it("get_…_list becomes list + the plural noun; deprecated moves to the end", () => {
    expect(methodName(op("get_client_list", "Clients"), EMPTY)).toBe("list");
    expect(methodName(op("get_client_file_list", "Clients"), EMPTY)).toBe("listFiles");
    expect(methodName(op("get_service_category_list", "Services"), EMPTY)).toBe("listCategories");
    expect(methodName(op("get_product_category_list_by_ids", "Products"), EMPTY)).toBe(
      "listCategoriesByIds",
    );
    expect(methodName(op("deprecated_get_client_list", "Clients"), EMPTY)).toBe("listDeprecated");
  });

  it("a multi-word noun from the table is removed as a whole", () => {
    const config = { ...EMPTY, namespaces: { "Team Members": { noun: "team member" } } };
    expect(methodName(op("get_team_member_list", "Team Members"), config)).toBe("list");
    expect(methodName(op("create_team_member_quick", "Team Members"), config)).toBe("createQuick");
  });

  it("namespaces are the camelCase tag unless the table names them", () => {
    const plan = planResources(
      [op("get_team_member", "Team Members"), op("authorize_user", "Authentication B2B")],
      { ...EMPTY, namespaces: { "Authentication B2B": { name: "auth" } } },
    );
    expect(plan.map((ns) => ns.name)).toEqual(["auth", "teamMembers"]);
  });

  it("the plan is the same whatever the order of the operations", async () => {
    // The codegen's in-memory registry of the corrected description (generated/openapi.json).
    const all = await codegenOperations();
    const config = parseMethodNamesConfig(
      JSON.parse(readFileSync("openapi/method-names.json", "utf8")),
      "method-names.json",
    );
    const flat = (ops: readonly OperationMeta[]) =>
      planResources(ops, config).flatMap((ns) =>
        ns.methods.map((m) => `${ns.name}.${m.name}=${m.operation.operationId}`),
      );
    expect(flat([...all].reverse())).toEqual(flat(all));
  });
});

describe("the generator fails loudly", () => {
  it("on two operations with one name in a namespace", () => {
    const message = planError([op("get_client", "Clients"), op("get_clients", "Clients")]);
    expect(message).toContain('get_client and get_clients both become "clients.get"');
  });

  it("on a rename-table entry naming an unknown operation, or a tag nobody has", () => {
    expect(
      planError([op("get_client", "Clients")], { ...EMPTY, methods: { nope: "x" } }),
    ).toContain('"nope"');
    expect(
      planError([op("get_client", "Clients")], {
        ...EMPTY,
        namespaces: { Gone: { name: "gone" } },
      }),
    ).toContain('"Gone"');
  });

  it("on a namespace named like a client member, a method named like a helper or `then`", () => {
    expect(planError([op("x", "Paginate")], EMPTY)).toContain("collides with a client member");
    expect(
      planError([op("find_by_phone", "Clients")], {
        ...EMPTY,
        helpers: { clients: ["findByPhone"] },
      }),
    ).toContain("reserved");
    expect(planError([op("then", "Clients")])).toContain("reserved");
  });

  it("on a path parameter that is also a query parameter, or a parameter named body", () => {
    const param = (name: string) => ({ name, type: "number" as const, required: true });
    const clash = op("get_x", "Things", { pathParams: [param("id")], queryParams: [param("id")] });
    expect(planError([clash])).toContain('"id" is both a path and a query parameter');
    const routed = { ...EMPTY, parameterCollisions: { get_x: { id: "path" as const } } };
    expect(planResources([clash], routed)).toHaveLength(1);
    expect(planError([op("get_x", "Things")], routed)).toContain("stale");
    const body = op("get_y", "Things", { queryParams: [param("body")] });
    expect(planError([body])).toContain('named "body"');
  });

  it("on a malformed table", () => {
    expect(() => parseMethodNamesConfig({ methods: { a: "not an identifier" } }, "f")).toThrow(
      CodegenError,
    );
    expect(() =>
      parseMethodNamesConfig({ parameterCollisions: { a: { id: "header" } } }, "f"),
    ).toThrow(CodegenError);
  });
});
