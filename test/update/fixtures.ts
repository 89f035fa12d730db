/**
 * Small hand-made OpenAPI 3.1 documents for the diff engine's tests, and a helper to edit a copy.
 */

export type Node = Record<string, unknown>;

const itemResponse = {
  description: "OK",
  content: { "application/json": { schema: { $ref: "#/components/schemas/Item" } } },
};

/** Three operations on two paths, `$ref`s (one recursive) and two security schemes. */
export function baseDocument(): Node {
  return {
    openapi: "3.1.0",
    info: { title: "Shop", version: "1.0.0" },
    servers: [
      { url: "https://api.example.test/v1", description: "Production" },
      { url: "https://mock.example.test", description: "Mock" },
    ],
    paths: {
      "/items": {
        get: {
          operationId: "list_items",
          summary: "List items",
          tags: ["Items"],
          security: [{ partner: [] }],
          parameters: [
            { name: "page", in: "query", required: false, schema: { type: "integer" } },
            {
              name: "sort",
              in: "query",
              required: false,
              schema: { type: "string", enum: ["name", "price"] },
            },
          ],
          responses: {
            "200": {
              description: "OK",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    required: ["success", "data"],
                    properties: {
                      success: { type: "boolean" },
                      data: { type: "array", items: { $ref: "#/components/schemas/Item" } },
                    },
                  },
                },
              },
            },
          },
        },
      },
      "/items/{id}": {
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
        get: {
          operationId: "get_item",
          summary: "Get an item",
          tags: ["Items"],
          security: [{ partner: [], user: [] }],
          parameters: [
            { name: "fields", in: "query", required: false, schema: { type: "string" } },
          ],
          responses: { "200": itemResponse },
        },
        put: {
          operationId: "update_item",
          summary: "Update an item",
          tags: ["Items"],
          security: [{ partner: [], user: [] }],
          requestBody: {
            required: true,
            content: {
              "application/json": { schema: { $ref: "#/components/schemas/ItemInput" } },
            },
          },
          responses: { "200": itemResponse },
        },
      },
    },
    components: {
      securitySchemes: {
        partner: { type: "http", scheme: "bearer", bearerFormat: "Bearer {PartnerToken}" },
        user: {
          type: "apiKey",
          in: "header",
          name: "Authorization",
          description: "User {UserToken}",
        },
      },
      schemas: {
        Item: {
          type: "object",
          required: ["id", "name"],
          properties: {
            id: { type: "integer" },
            name: { type: "string" },
            status: { type: "string", enum: ["active", "archived"] },
            tags: { type: "array", items: { $ref: "#/components/schemas/Tag" } },
            parent: { $ref: "#/components/schemas/Item" },
          },
        },
        Tag: { type: "object", properties: { label: { type: "string" } } },
        ItemInput: {
          type: "object",
          required: ["name"],
          properties: {
            name: { type: "string" },
            price: { type: "number" },
            kind: { type: "string", enum: ["a", "b"] },
          },
        },
      },
    },
  };
}

/** A deep copy of the base document after `edit` ran on it. */
export function edited(edit: (doc: Node) => void): Node {
  const doc = baseDocument();
  edit(doc);
  return doc;
}

/** The object at `keys` below `root`; throws when a step is missing, so a typo fails the test. */
export function at(root: Node, ...keys: string[]): Node {
  let current: unknown = root;
  for (const key of keys) {
    const next: unknown = Array.isArray(current)
      ? current[Number(key)]
      : typeof current === "object" && current !== null
        ? (current as Node)[key]
        : undefined;
    if (typeof next !== "object" || next === null) {
      throw new Error(`fixture has no object at ${keys.join(" / ")} (missing "${key}")`);
    }
    current = next;
  }
  return current as Node;
}

/** The array at `keys` below `root`. */
export function list(root: Node, ...keys: string[]): unknown[] {
  const parent = at(root, ...keys.slice(0, -1));
  const value = parent[keys[keys.length - 1] ?? ""];
  if (!Array.isArray(value)) throw new Error(`fixture has no array at ${keys.join(" / ")}`);
  return value;
}
