/**
 * Pins the class of each row of docs/updating.md's table that api-smart-diff decides (L) or the
 * project overrides (O): one seeded mutation of the test fixture per class, so that a library
 * upgrade that classes a difference otherwise fails here (api-smart-diff is pinned exactly too).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { diffDescriptions, type ChangeKind } from "../../scripts/diff/index.js";
import { renderText } from "../../scripts/diff/render.js";
import { classOf, type ChangeClass } from "../../scripts/diff/rules.js";
import { at, edited, list, type Node } from "./fixtures.js";

type Edit = (doc: Node) => void;
interface Case {
  readonly kind: ChangeKind;
  readonly cls: ChangeClass;
  readonly by: "api-smart-diff" | "rule";
  /** The candidate, edited from the fixture. */
  readonly after: Edit;
  /** The pinned revision, edited from the fixture (the fixture itself when absent). */
  readonly before?: Edit;
}

const L = (kind: ChangeKind, cls: ChangeClass, after: Edit, before?: Edit): Case => ({
  kind,
  cls,
  by: "api-smart-diff",
  after,
  before,
});
const O = (kind: ChangeKind, cls: ChangeClass, after: Edit, before?: Edit): Case => ({
  kind,
  cls,
  by: "rule",
  after,
  before,
});

/** Fixture nodes, edited freely. */
type Obj = Record<string, any>;
const input = (doc: Node): Obj => at(doc, "components", "schemas", "ItemInput");
const item = (doc: Node): Obj => at(doc, "components", "schemas", "Item");
const params = (doc: Node) => list(doc, "paths", "/items", "get", "parameters") as Obj[];
const listItems = (doc: Node): Obj => at(doc, "paths", "/items", "get");
const updateBody = (doc: Node): Obj => at(doc, "paths", "/items/{id}", "put", "requestBody");
const jsonOf = (doc: Node, ...keys: string[]): Obj =>
  at(doc, "paths", ...keys, "content", "application/json");
const [two, three] = [
  [{ type: "number" }, { type: "string" }],
  [{ type: "number" }, { type: "string" }, { type: "boolean" }],
];
const addRequired = (schema: Obj, name: string) => {
  schema.properties[name] = { type: "string" };
  schema.required.push(name);
};

/** Keyed by the first column of docs/updating.md's table. */
const ROWS: Readonly<Record<string, readonly Case[]>> = {
  "parameter removed": [L("parameter.removed", "breaking", (d) => params(d).splice(1, 1))],
  "parameter or request body added required, now required": [
    O("parameter.added-required", "breaking", (d) => {
      params(d).push({ name: "q", in: "query", required: true, schema: { type: "string" } });
    }),
    O("parameter.now-required", "breaking", (d) => (params(d)[0]!.required = true)),
    O("request-body.added-required", "breaking", (d) => {
      listItems(d).requestBody = { required: true, content: { "application/json": {} } };
    }),
    O(
      "request-body.now-required",
      "breaking",
      () => {},
      (d) => (updateBody(d).required = false),
    ),
  ],
  "parameter added optional, now optional; request body now optional": [
    L("parameter.added-optional", "non-breaking", (d) => {
      params(d).push({ name: "q", in: "query", schema: { type: "string" } });
    }),
    L("parameter.now-optional", "non-breaking", (d) => {
      list(d, "paths", "/items/{id}", "parameters").splice(0, 1, {
        name: "id",
        in: "path",
        required: false,
        schema: { type: "integer" },
      });
    }),
    L("request-body.now-optional", "non-breaking", (d) => (updateBody(d).required = false)),
  ],
  "request body added optional": [
    O("request-body.added-optional", "non-breaking", (d) => {
      listItems(d).requestBody = { content: { "application/json": {} } };
    }),
  ],
  "request body removed": [
    L(
      "request-body.removed",
      "breaking",
      (d) => delete at(d, "paths", "/items/{id}", "put").requestBody,
    ),
  ],
  "content type removed / added": [
    O(
      "request-body.content-type-removed",
      "breaking",
      () => {},
      (d) => (updateBody(d).content["text/plain"] = { schema: { type: "string" } }),
    ),
    O("request-body.content-type-added", "non-breaking", (d) => {
      updateBody(d).content["text/plain"] = { schema: { type: "string" } };
    }),
  ],
  "request property added required, removed, retyped, narrowed, now required": [
    O("request-body.property-added-required", "breaking", (d) => addRequired(input(d), "sku")),
    O("request-body.property-removed", "breaking", (d) => delete input(d).properties.price),
    O("request-body.type-changed", "breaking", (d) => (input(d).properties.price.type = "string")),
    O(
      "request-body.type-narrowed",
      "breaking",
      (d) => (input(d).properties.price.type = "integer"),
    ),
    O("request-body.property-now-required", "breaking", (d) => input(d).required.push("price")),
  ],
  "request property added optional, widened; property now optional": [
    O("request-body.property-added-optional", "non-breaking", (d) => {
      input(d).properties.sku = { type: "string" };
    }),
    O("request-body.type-widened", "non-breaking", (d) => {
      input(d).properties.price.type = ["number", "null"];
    }),
    L("request-body.property-now-optional", "non-breaking", (d) => (input(d).required = [])),
  ],
  "response property removed, retyped, widened": [
    O("response.property-removed", "breaking", (d) => delete item(d).properties.name),
    O("response.type-changed", "breaking", (d) => (item(d).properties.name.type = "boolean")),
    O("response.type-widened", "breaking", (d) => (item(d).properties.id.type = "number")),
  ],
  "response property may now be absent; enum value added to a response": [
    L("response.property-now-optional", "breaking", (d) => (item(d).required = ["id"])),
    L("response.enum-value-added", "breaking", (d) => item(d).properties.status.enum.push("gone")),
  ],
  "response property added, narrowed, now always present": [
    O("response.property-added-optional", "non-breaking", (d) => {
      item(d).properties.sku = { type: "string" };
    }),
    O(
      "response.type-narrowed",
      "non-breaking",
      () => {},
      (d) => (item(d).properties.id.type = "number"),
    ),
    O("response.property-now-required", "non-breaking", (d) => item(d).required.push("status")),
  ],
  "enum value removed from what is sent / added to it": [
    L("request-body.enum-value-removed", "breaking", (d) => input(d).properties.kind.enum.pop()),
    L("parameter.enum-value-removed", "breaking", (d) => params(d)[1]!.schema.enum.pop()),
    L("request-body.enum-value-added", "non-breaking", (d) => {
      input(d).properties.kind.enum.push("c");
    }),
    L("parameter.enum-value-added", "non-breaking", (d) => params(d)[1]!.schema.enum.push("id")),
  ],
  "enum value removed from a response": [
    L("response.enum-value-removed", "non-breaking", (d) => item(d).properties.status.enum.pop()),
  ],
  "alternatives (`oneOf`/`anyOf`) added / removed": [
    L(
      "request-body.variants-added",
      "non-breaking",
      (d) => (input(d).properties.price = { oneOf: three }),
      (d) => (input(d).properties.price = { oneOf: two }),
    ),
    L(
      "request-body.variants-removed",
      "breaking",
      (d) => (input(d).properties.price = { oneOf: two }),
      (d) => (input(d).properties.price = { oneOf: three }),
    ),
    L(
      "response.variants-added",
      "breaking",
      (d) => (item(d).properties.name = { anyOf: three }),
      (d) => (item(d).properties.name = { anyOf: two }),
    ),
    L(
      "response.variants-removed",
      "non-breaking",
      (d) => (item(d).properties.name = { anyOf: two }),
      (d) => (item(d).properties.name = { anyOf: three }),
    ),
  ],
  "response status removed / added; schema removed": [
    L("response.status-removed", "breaking", (d) => {
      const responses = at(d, "paths", "/items", "get", "responses");
      responses["201"] = responses["200"];
      delete responses["200"];
    }),
    L("response.status-added", "non-breaking", (d) => {
      at(d, "paths", "/items", "get", "responses")["404"] = { description: "Not found" };
    }),
    L("response.schema-removed", "breaking", (d) => {
      delete jsonOf(d, "/items", "get", "responses", "200").schema;
    }),
    L("request-body.schema-removed", "breaking", (d) => {
      delete jsonOf(d, "/items/{id}", "put", "requestBody").schema;
    }),
  ],
  "schema added where there was none": [
    O(
      "response.schema-added",
      "non-breaking",
      () => {},
      (d) => delete jsonOf(d, "/items", "get", "responses", "200").schema,
    ),
  ],
  "format changed": [
    O("request-body.format-changed", "non-breaking", (d) => {
      input(d).properties.price.format = "double";
    }),
  ],
  "any other schema or parameter keyword (`maximum`, `additionalProperties`, `style`...)": [
    L("request-body.other-changed", "breaking", (d) => (input(d).properties.price.maximum = 10)),
    L("response.other-changed", "non-breaking", (d) => (item(d).properties.id.maximum = 10)),
    L("parameter.other-changed", "breaking", (d) => (params(d)[1]!.style = "spaceDelimited")),
  ],
  "a difference api-smart-diff cannot classify (its rule fails, e.g. on `discriminator`)": [
    O("response.other-changed", "breaking", (d) => {
      item(d).discriminator = { propertyName: "status" };
    }),
  ],
};

describe("the classes docs/updating.md gives, on seeded mutations of the fixture", () => {
  const cases = Object.entries(ROWS).flatMap(([row, list]) =>
    list.map((c) => ({ name: `${row}: ${c.kind} is ${c.cls} [${c.by}]`, ...c })),
  );

  it.each(cases)("$name", ({ kind, cls, by, after, before }) => {
    const report = diffDescriptions(edited(before ?? (() => {})), edited(after));
    const found = report.changes.filter((c) => c.kind === kind);
    const all = report.changes.map((c) => c.kind).join(", ");
    expect(found, `no ${kind} among: ${all}`).not.toHaveLength(0);
    expect(found.map((c) => [classOf(c), c.classifiedBy])).toEqual(found.map(() => [cls, by]));
  });

  it("covers every row of the table classed by api-smart-diff (L) or an override (O)", () => {
    const docs = readFileSync(new URL("../../docs/updating.md", import.meta.url), "utf8");
    const rows = docs
      .split("\n")
      .filter((line) => line.startsWith("| "))
      .map((line) => line.split("|").map((cell) => cell.trim()))
      .filter(([, , , , by]) => by !== undefined && /\b[LO]\b/.test(by))
      .map(([, change]) => change);
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) expect(Object.keys(ROWS)).toContain(row);
  });

  it("api-smart-diff is pinned to the version installed, which these classes are checked on", () => {
    const json = (path: string) =>
      JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8")) as {
        version: string;
        devDependencies: Record<string, string>;
      };
    const installed = json("../../node_modules/api-smart-diff/package.json").version;
    expect(json("../../package.json").devDependencies["api-smart-diff"]).toBe(installed);
  });

  it("a difference the library cannot classify is reported, breaking, saying why", () => {
    const report = diffDescriptions(
      edited(() => {}),
      edited((d) => (item(d).discriminator = { propertyName: "status" })),
    );
    const [first] = report.changes;
    expect(first).toMatchObject({ kind: "response.other-changed", classifiedBy: "rule" });
    expect(first?.detail).toContain("api-smart-diff could not classify it (unclassified)");
    expect(renderText(report)).toContain("Response: other changed (3) [project rule]");
  });

  it("a request body added with no content says so", () => {
    const report = diffDescriptions(
      edited(() => {}),
      edited((d) => (listItems(d).requestBody = { description: "anything" })),
    );
    expect(report.changes).toMatchObject([
      { kind: "request-body.added-optional", to: "(no content)", breaking: false },
    ]);
  });
});
