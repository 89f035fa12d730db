import { describe, expect, it } from "vitest";
import { diffDescriptions, type Change, type ChangeKind } from "../../scripts/diff/index.js";
import { at, baseDocument, edited, list, type Node } from "./fixtures.js";

function diff(after: Node, before: Node = baseDocument()) {
  return diffDescriptions(before, after);
}

/** The changes of one kind, reduced to what a test asserts on. */
function found(after: Node, kind: ChangeKind) {
  return diff(after)
    .changes.filter((c) => c.kind === kind)
    .map(({ operationId, subject, from, to, breaking, facadeBreaking }) => ({
      operationId,
      subject,
      from,
      to,
      breaking,
      facadeBreaking,
    }));
}

/** The same document with every object's keys in reverse order. */
function reverseKeys(value: Node): Node {
  const walk = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(walk)
      : typeof v === "object" && v !== null
        ? Object.fromEntries(
            Object.entries(v)
              .reverse()
              .map(([k, child]) => [k, walk(child)]),
          )
        : v;
  return walk(value) as Node;
}

function kinds(changes: readonly Change[]): string[] {
  return changes.map((c) => c.kind);
}

describe("diff engine: identical documents", () => {
  it("reports nothing", () => {
    const report = diff(baseDocument());
    expect(report.changes).toEqual([]);
    expect(report.counts).toMatchObject({ breaking: 0, nonBreaking: 0, operationsUnchanged: 3 });
  });
});

describe("diff engine: operations", () => {
  it("an added operation is not breaking, a removed one is", () => {
    const after = edited((doc) => {
      delete at(doc, "paths", "/items")["get"];
      at(doc, "paths")["/stock"] = {
        get: {
          operationId: "get_stock",
          summary: "Stock",
          responses: { "200": { description: "OK" } },
        },
      };
    });
    const report = diff(after);
    expect(report.added.map((o) => o.operationId)).toEqual(["get_stock"]);
    expect(report.removed.map((o) => o.operationId)).toEqual(["list_items"]);
    expect(found(after, "operation.removed")).toEqual([
      expect.objectContaining({ operationId: "list_items", breaking: true, facadeBreaking: true }),
    ]);
    expect(found(after, "operation.added")).toEqual([
      expect.objectContaining({ operationId: "get_stock", breaking: false }),
    ]);
  });

  it("matches by operationId: a moved path is one change, breaking for raw paths only", () => {
    const after = edited((doc) => {
      const paths = at(doc, "paths");
      paths["/v2/items"] = paths["/items"];
      delete paths["/items"];
    });
    const report = diff(after);
    expect(report.added).toEqual([]);
    expect(report.removed).toEqual([]);
    expect(found(after, "operation.path-changed")).toEqual([
      {
        operationId: "list_items",
        subject: "path",
        from: "/items",
        to: "/v2/items",
        breaking: true,
        facadeBreaking: false,
      },
    ]);
    expect(report.changed[0]?.previous).toEqual({ method: "get", path: "/items" });
    expect(report.notes).toContain(
      '1 of 3 operations present in both revisions gained the path prefix "/v2".',
    );
  });

  it("notes when server and paths move together so every URL stays the same", () => {
    const after = edited((doc) => {
      list(doc, "servers")[0] = { url: "https://api.example.test", description: "Production" };
      const paths = at(doc, "paths");
      for (const path of Object.keys(paths)) {
        paths[`/v1${path}`] = paths[path];
        delete paths[path];
      }
    });
    const report = diff(after);
    expect(found(after, "server.url-changed")).toEqual([
      expect.objectContaining({
        from: "https://api.example.test/v1",
        to: "https://api.example.test",
        breaking: true,
        facadeBreaking: false,
      }),
    ]);
    expect(report.notes).toEqual([
      'Every operation present in both revisions (3) gained the path prefix "/v1".',
      "Effective URL (first server + path) unchanged for 3 of 3 operations present in both " +
        "revisions: requests go to the same addresses.",
    ]);
    expect(report.changes.find((c) => c.kind === "operation.path-changed")?.detail).toBe(
      "same full URL",
    );
  });

  it("a changed method is breaking for raw routes, not for the facade", () => {
    const after = edited((doc) => {
      const item = at(doc, "paths", "/items/{id}");
      item["patch"] = item["put"];
      delete item["put"];
    });
    expect(found(after, "operation.method-changed")).toEqual([
      expect.objectContaining({ from: "PUT", to: "PATCH", breaking: true, facadeBreaking: false }),
    ]);
  });

  it("a removed operation whose route now has another operationId says so", () => {
    const after = edited((doc) => {
      at(doc, "paths", "/items", "get")["operationId"] = "get_items";
    });
    const removed = diff(after).changes.find((c) => c.kind === "operation.removed");
    expect(removed?.detail).toBe('"List items"; its route is now `get_items`');
  });

  it("deprecation, summary and tags are not breaking", () => {
    const after = edited((doc) => {
      const op = at(doc, "paths", "/items", "get");
      op["deprecated"] = true;
      op["summary"] = "List all items";
      op["tags"] = ["Catalog"];
    });
    const changes = diff(after).changes;
    expect(kinds(changes)).toEqual([
      "operation.deprecated",
      "operation.summary-changed",
      "operation.tags-changed",
    ]);
    expect(changes.every((c) => !c.breaking && !c.facadeBreaking)).toBe(true);
  });
});

describe("diff engine: security", () => {
  it("other scheme names with the same credentials are a rename, not a break", () => {
    const after = edited((doc) => {
      const schemes = at(doc, "components", "securitySchemes");
      schemes["bearer"] = {
        type: "apiKey",
        in: "header",
        name: "Authorization",
        description: "Bearer {PartnerToken}",
      };
      delete schemes["partner"];
      at(doc, "paths", "/items", "get")["security"] = [{ bearer: [] }];
      at(doc, "paths", "/items/{id}", "get")["security"] = [{ bearer: [], user: [] }];
      at(doc, "paths", "/items/{id}", "put")["security"] = [{ bearer: [], user: [] }];
    });
    const renamed = found(after, "operation.security-renamed");
    expect(renamed).toHaveLength(3);
    expect(renamed).toContainEqual(
      expect.objectContaining({
        operationId: "get_item",
        from: "partner + user",
        to: "bearer + user",
      }),
    );
    expect(found(after, "operation.security-changed")).toEqual([]);
    const removed = diff(after).changes.find((c) => c.kind === "security-scheme.removed");
    expect(removed).toMatchObject({ breaking: true, facadeBreaking: false });
    expect(removed?.detail).toBe(
      "used by 3 operation(s), which now require: `bearer` (1), `bearer + user` (2)",
    );
    expect(found(after, "security-scheme.added")).toEqual([
      expect.objectContaining({ subject: "security scheme `bearer`", breaking: false }),
    ]);
  });

  it("asking for other credentials is breaking for everyone", () => {
    const after = edited((doc) => {
      at(doc, "paths", "/items", "get")["security"] = [{ partner: [], user: [] }];
    });
    expect(found(after, "operation.security-changed")).toEqual([
      expect.objectContaining({
        operationId: "list_items",
        from: "partner",
        to: "partner + user",
        breaking: true,
        facadeBreaking: true,
      }),
    ]);
  });

  it("a custom credentials reader decides what counts as the same credentials", () => {
    const after = edited((doc) => {
      at(doc, "paths", "/items", "get")["security"] = [{ partner: [], user: [] }];
    });
    const report = diffDescriptions(baseDocument(), after, { credentials: () => "same" });
    expect(kinds(report.changes)).toEqual(["operation.security-renamed"]);
  });

  it("a scheme sent differently is breaking; a new description is documentation", () => {
    const after = edited((doc) => {
      at(doc, "components", "securitySchemes", "user")["name"] = "X-User-Token";
      at(doc, "components", "securitySchemes", "partner")["description"] = "The partner token";
    });
    expect(found(after, "security-scheme.changed")).toEqual([
      expect.objectContaining({
        subject: "security scheme `user`",
        from: "apiKey in header Authorization",
        to: "apiKey in header X-User-Token",
        breaking: true,
      }),
    ]);
    expect(found(after, "security-scheme.documentation-changed")).toEqual([
      expect.objectContaining({ subject: "security scheme `partner`", breaking: false }),
    ]);
  });
});

const onParams = (edit: (parameters: unknown[]) => void) =>
  edited((doc) => edit(list(doc, "paths", "/items", "get", "parameters")));

describe("diff engine: parameters", () => {
  const onList = onParams;

  it("an optional parameter added is fine, a required one breaks", () => {
    const after = onList((ps) => {
      ps.push({ name: "q", in: "query", required: false, schema: { type: "string" } });
      ps.push({ name: "X-Shop", in: "header", required: true, schema: { type: "string" } });
    });
    expect(found(after, "parameter.added-optional")).toEqual([
      expect.objectContaining({ subject: "query parameter `q`", to: "string", breaking: false }),
    ]);
    expect(found(after, "parameter.added-required")).toEqual([
      expect.objectContaining({ subject: "header parameter `X-Shop`", breaking: true }),
    ]);
  });

  it("a removed parameter breaks", () => {
    const after = onList((ps) => ps.splice(0, 1));
    expect(found(after, "parameter.removed")).toEqual([
      expect.objectContaining({
        subject: "query parameter `page`",
        from: "integer",
        breaking: true,
      }),
    ]);
  });

  it("removed + added in the same location with the same schema is a rename", () => {
    const after = onList((ps) => {
      ps[0] = { name: "page_number", in: "query", required: false, schema: { type: "integer" } };
    });
    const report = diff(after);
    expect(kinds(report.changes)).toEqual(["parameter.renamed"]);
    expect(found(after, "parameter.renamed")).toEqual([
      expect.objectContaining({ from: "page", to: "page_number", breaking: true }),
    ]);
  });

  it("a renamed path parameter is found through a moved path", () => {
    const after = edited((doc) => {
      const paths = at(doc, "paths");
      const item = at(paths, "/items/{id}");
      item["parameters"] = [
        { name: "item_id", in: "path", required: true, schema: { type: "integer" } },
      ];
      paths["/items/{item_id}"] = item;
      delete paths["/items/{id}"];
    });
    const renames = found(after, "parameter.renamed");
    expect(renames).toHaveLength(2);
    expect(renames[0]).toMatchObject({ operationId: "get_item", from: "id", to: "item_id" });
  });

  it("the same name in another location is a move", () => {
    const after = onList((ps) => {
      ps[0] = { name: "page", in: "header", required: false, schema: { type: "integer" } };
    });
    expect(found(after, "parameter.location-changed")).toEqual([
      expect.objectContaining({ from: "query", to: "header", breaking: true }),
    ]);
  });

  it("newly required breaks, no longer required does not", () => {
    const required = onList((ps) => {
      ps[0] = { name: "page", in: "query", required: true, schema: { type: "integer" } };
    });
    expect(found(required, "parameter.now-required")).toEqual([
      expect.objectContaining({ subject: "query parameter `page`", breaking: true }),
    ]);
    const optional = edited((doc) => {
      list(doc, "paths", "/items/{id}", "parameters")[0] = {
        name: "id",
        in: "path",
        required: false,
        schema: { type: "integer" },
      };
    });
    expect(found(optional, "parameter.now-optional").map((c) => c.breaking)).toEqual([
      false,
      false,
    ]);
  });

  it("retyped breaks; widened does not; narrowed does", () => {
    const retyped = onList((ps) => {
      ps[0] = { name: "page", in: "query", required: false, schema: { type: "string" } };
    });
    expect(found(retyped, "parameter.type-changed")).toEqual([
      expect.objectContaining({ from: "integer", to: "string", breaking: true }),
    ]);
    const widened = onList((ps) => {
      ps[0] = { name: "page", in: "query", required: false, schema: { type: "number" } };
    });
    expect(found(widened, "parameter.type-widened")).toEqual([
      expect.objectContaining({ from: "integer", to: "number", breaking: false }),
    ]);
    const nullable = onList((ps) => {
      ps[0] = { name: "page", in: "query", schema: { type: ["integer", "null"] } };
    });
    expect(found(nullable, "parameter.type-widened")).toHaveLength(1);
    const narrowed = edited((doc) => {
      at(doc, "paths", "/items", "get", "parameters", "1", "schema")["enum"] = ["name"];
    });
    expect(found(narrowed, "parameter.enum-value-removed")).toEqual([
      expect.objectContaining({ from: '"price"', breaking: true }),
    ]);
  });

  it("an enum value added to a parameter is fine", () => {
    const after = edited((doc) => {
      at(doc, "paths", "/items", "get", "parameters", "1", "schema")["enum"] = [
        "name",
        "price",
        "date",
      ];
    });
    expect(found(after, "parameter.enum-value-added")).toEqual([
      expect.objectContaining({ to: '"date"', breaking: false }),
    ]);
  });
});

describe("diff engine: request bodies", () => {
  const onInput = (edit: (schema: Node) => void) =>
    edited((doc) => edit(at(doc, "components", "schemas", "ItemInput")));

  it("follows $ref into the body schema: required property added breaks, optional does not", () => {
    const after = onInput((s) => {
      at(s, "properties")["sku"] = { type: "string" };
      at(s, "properties")["note"] = { type: "string" };
      s["required"] = ["name", "sku"];
    });
    expect(found(after, "request-body.property-added-required")).toEqual([
      expect.objectContaining({
        operationId: "update_item",
        subject: "request body application/json `sku`",
        breaking: true,
      }),
    ]);
    expect(found(after, "request-body.property-added-optional")).toEqual([
      expect.objectContaining({ subject: "request body application/json `note`", breaking: false }),
    ]);
  });

  it("property removed, retyped or newly required breaks; no longer required does not", () => {
    const after = onInput((s) => {
      delete at(s, "properties")["kind"];
      at(s, "properties")["price"] = { type: "string" };
      s["required"] = ["price"];
    });
    const changes = diff(after).changes.filter((c) => c.operationId === "update_item");
    expect(changes.map((c) => [c.kind, c.subject, c.breaking])).toEqual([
      ["request-body.property-now-required", "request body application/json `price`", true],
      ["request-body.property-removed", "request body application/json `kind`", true],
      ["request-body.type-changed", "request body application/json `price`", true],
      ["request-body.property-now-optional", "request body application/json `name`", false],
    ]);
  });

  it("a body added, removed, or made optional", () => {
    const optional = edited((doc) => {
      at(doc, "paths", "/items/{id}", "put", "requestBody")["required"] = false;
    });
    expect(kinds(diff(optional).changes)).toEqual(["request-body.now-optional"]);
    const removed = edited((doc) => {
      delete at(doc, "paths", "/items/{id}", "put")["requestBody"];
    });
    expect(found(removed, "request-body.removed")).toEqual([
      expect.objectContaining({ breaking: true }),
    ]);
    const added = edited((doc) => {
      at(doc, "paths", "/items", "get")["requestBody"] = {
        required: true,
        content: { "application/json": { schema: { type: "object" } } },
      };
    });
    expect(found(added, "request-body.added-required")).toEqual([
      expect.objectContaining({
        operationId: "list_items",
        to: "application/json",
        breaking: true,
      }),
    ]);
  });

  it("a swapped content type is reported, and the two schemas are still compared", () => {
    const after = edited((doc) => {
      const content = at(doc, "paths", "/items/{id}", "put", "requestBody", "content");
      content["multipart/form-data"] = {
        schema: { type: "object", properties: { name: { type: "string" } } },
      };
      delete content["application/json"];
    });
    const changes = diff(after).changes;
    expect(kinds(changes)).toEqual([
      "request-body.content-type-removed",
      "request-body.property-removed",
      "request-body.property-removed",
      "request-body.content-type-added",
      "request-body.property-now-optional",
    ]);
    expect(changes[1]?.subject).toBe("request body application/json → multipart/form-data `kind`");
  });
});

describe("diff engine: the project's classes where the library lets a default decide", () => {
  it("a request property with a default that becomes required still breaks", () => {
    const withDefault = edited((doc) => {
      at(doc, "components", "schemas", "ItemInput", "properties", "price")["default"] = 0;
    });
    const after = edited((doc) => {
      const s = at(doc, "components", "schemas", "ItemInput");
      at(s, "properties", "price")["default"] = 0;
      s["required"] = ["name", "price"];
    });
    expect(diffDescriptions(withDefault, after).changes).toEqual([
      expect.objectContaining({
        kind: "request-body.property-now-required",
        breaking: true,
        classifiedBy: "rule",
      }),
    ]);
  });
});

describe("diff engine: what only the library names", () => {
  it("another schema keyword (here a validator) keeps the library's description and class", () => {
    const after = onParams((ps) => {
      ps[0] = { name: "page", in: "query", schema: { type: "integer", maximum: 100 } };
    });
    expect(diff(after).changes).toEqual([
      expect.objectContaining({
        kind: "parameter.other-changed",
        subject: "query parameter `page` (maximum)",
        breaking: true,
        classifiedBy: "api-smart-diff",
        detail: expect.stringContaining("maximum"),
      }),
    ]);
  });
});

describe("diff engine: responses", () => {
  const onItem = (edit: (schema: Node) => void) =>
    edited((doc) => edit(at(doc, "components", "schemas", "Item")));

  it("property added is fine; removed, retyped or made optional breaks", () => {
    const after = onItem((s) => {
      at(s, "properties")["color"] = { type: "string" };
      delete at(s, "properties")["status"];
      at(s, "properties")["id"] = { type: "string" };
      s["required"] = ["id"];
    });
    const getItem = diff(after).changes.filter((c) => c.operationId === "get_item");
    expect(getItem.map((c) => [c.kind, c.subject, c.breaking])).toEqual([
      ["response.property-now-optional", "response 200 application/json `name`", true],
      ["response.property-removed", "response 200 application/json `status`", true],
      ["response.type-changed", "response 200 application/json `id`", true],
      ["response.property-added-optional", "response 200 application/json `color`", false],
    ]);
    // The same schema reached through an array and a recursive $ref is compared once per path.
    const list = diff(after).changes.filter((c) => c.operationId === "list_items");
    expect(list.map((c) => c.subject)).toContain("response 200 application/json `data[].status`");
    expect(list.some((c) => c.subject.includes("parent"))).toBe(false);
  });

  it("follows nested arrays of $refs", () => {
    const after = edited((doc) => {
      at(doc, "components", "schemas", "Tag", "properties")["label"] = { type: "integer" };
    });
    expect(found(after, "response.type-changed").map((c) => c.subject)).toEqual([
      "response 200 application/json `tags[].label`",
      "response 200 application/json `data[].tags[].label`",
      "response 200 application/json `tags[].label`",
    ]);
  });

  it("received values follow the opposite variance to sent ones", () => {
    const after = onItem((s) => {
      at(s, "properties", "status")["enum"] = ["active", "archived", "draft"];
      at(s, "properties")["id"] = { type: "number" };
      at(s, "properties")["name"] = { type: "string", format: "email" };
    });
    const getItem = diff(after).changes.filter((c) => c.operationId === "get_item");
    expect(getItem.map((c) => [c.kind, c.breaking])).toEqual([
      ["response.enum-value-added", true],
      ["response.type-widened", true],
      ["response.format-changed", false],
    ]);
  });

  it("oneOf alternatives: added breaks a response, an identical list is no change", () => {
    const after = onItem((s) => {
      at(s, "properties")["name"] = { oneOf: [{ type: "string" }, { type: "null" }] };
    });
    expect(found(after, "response.variants-added")).toContainEqual(
      expect.objectContaining({ operationId: "get_item", to: "null", breaking: true }),
    );
    const before = onItem((s) => {
      at(s, "properties")["name"] = { anyOf: [{ type: "string" }, { type: "null" }] };
    });
    const same = onItem((s) => {
      at(s, "properties")["name"] = { anyOf: [{ type: "null" }, { type: "string" }] };
    });
    expect(diffDescriptions(before, same).changes).toEqual([]);
  });

  it("allOf is read as one merged schema", () => {
    const before = onItem((s) => {
      at(s, "properties")["meta"] = {
        allOf: [
          { type: "object", properties: { a: { type: "string" } } },
          { type: "object", required: ["b"], properties: { b: { type: "integer" } } },
        ],
      };
    });
    const after = onItem((s) => {
      at(s, "properties")["meta"] = {
        type: "object",
        required: ["b"],
        properties: { a: { type: "string" }, b: { type: "string" } },
      };
    });
    const changes = diffDescriptions(before, after).changes.filter(
      (c) => c.operationId === "get_item",
    );
    expect(changes.map((c) => [c.kind, c.subject])).toEqual([
      ["response.type-changed", "response 200 application/json `meta.b`"],
    ]);
  });

  it("status codes and schemas appearing or disappearing", () => {
    const after = edited((doc) => {
      const responses = at(doc, "paths", "/items/{id}", "get", "responses");
      responses["201"] = responses["200"];
      delete responses["200"];
      const put = at(doc, "paths", "/items/{id}", "put", "responses");
      put["200"] = { description: "OK", content: { "application/json": {} } };
      const list = at(doc, "paths", "/items", "get", "responses");
      list["404"] = { description: "Not found" };
    });
    const report = diff(after);
    expect(found(after, "response.status-removed")).toEqual([
      expect.objectContaining({ operationId: "get_item", subject: "response 200", breaking: true }),
    ]);
    expect(found(after, "response.status-added").map((c) => [c.operationId, c.subject])).toEqual([
      ["get_item", "response 201"],
      ["list_items", "response 404"],
    ]);
    expect(found(after, "response.schema-removed")).toEqual([
      expect.objectContaining({ operationId: "update_item", from: "object", breaking: true }),
    ]);
    const back = diffDescriptions(after, baseDocument());
    expect(back.changes.filter((c) => c.kind === "response.schema-added")).toHaveLength(1);
    expect(report.counts.operationsChanged).toBe(3);
  });
});

describe("diff engine: servers and version", () => {
  it("server added, removed, URL changed (paired by description), version", () => {
    const after = edited((doc) => {
      at(doc, "info")["version"] = "1.1.0";
      doc["servers"] = [
        { url: "https://api.example.test/v2", description: "Production" },
        { url: "https://eu.example.test/v1", description: "Europe" },
      ];
    });
    const report = diff(after);
    expect(report.document.map((c) => [c.kind, c.subject, c.from, c.to, c.breaking])).toEqual([
      ["server.removed", 'server "Mock"', "https://mock.example.test", undefined, true],
      [
        "server.url-changed",
        'server "Production"',
        "https://api.example.test/v1",
        "https://api.example.test/v2",
        true,
      ],
      ["document.version-changed", "info.version", "1.0.0", "1.1.0", false],
      ["server.added", 'server "Europe"', undefined, "https://eu.example.test/v1", false],
    ]);
    expect(report.from.version).toBe("1.0.0");
    expect(report.to.version).toBe("1.1.0");
  });
});

describe("diff engine: ordering", () => {
  const after = edited((doc) => {
    at(doc, "info")["version"] = "2.0.0";
    delete at(doc, "paths", "/items", "get")["summary"];
    list(doc, "paths", "/items", "get", "parameters").splice(0, 1);
    at(doc, "components", "schemas", "Item", "properties")["extra"] = { type: "string" };
    const paths = at(doc, "paths");
    paths["/v2/items/{id}"] = paths["/items/{id}"];
    delete paths["/items/{id}"];
  });

  it("is deterministic and independent of key order", () => {
    const first = diffDescriptions(baseDocument(), after);
    expect(diffDescriptions(baseDocument(), after)).toEqual(first);
    const shuffled = diffDescriptions(reverseKeys(baseDocument()), reverseKeys(after));
    expect(JSON.stringify(shuffled)).toBe(JSON.stringify(first));
  });

  it("lists facade-breaking first, then raw-only breaking, then the rest", () => {
    const classes = diffDescriptions(baseDocument(), after).changes.map((c) =>
      c.facadeBreaking ? 0 : c.breaking ? 1 : 2,
    );
    expect(classes).toEqual([...classes].sort());
    expect(classes).toContain(0);
    expect(classes).toContain(1);
    expect(classes).toContain(2);
  });
});
