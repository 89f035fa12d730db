import { describe, expect, it } from "vitest";
import { diffDescriptions } from "../../scripts/diff/index.js";
import { facadeImpact } from "../../scripts/diff/facade-impact.js";
import { renderFacadeImpact, renderJson, renderText } from "../../scripts/diff/render.js";
import { classify } from "../../scripts/diff/rules.js";
import {
  mirrorEntry,
  newErrors,
  parseTscOutput,
  updatedConfig,
} from "../../scripts/update/index.js";
import type { OperationMeta } from "../../scripts/codegen/model.js";
import { at, baseDocument, edited, list } from "./fixtures.js";

describe("classification", () => {
  const fields = { subject: "x" };

  it("the project's rules class what they find, for two audiences", () => {
    expect(classify("operation.path-changed", fields)).toMatchObject({
      breaking: true,
      facadeBreaking: false,
      classifiedBy: "rule",
    });
    expect(classify("operation.removed", fields)).toMatchObject({
      breaking: true,
      facadeBreaking: true,
    });
    expect(classify("operation.security-renamed", fields).breaking).toBe(false);
  });

  it("a kind with no class is a programming error; a misspelt rule kind does not compile", () => {
    // @ts-expect-error not a kind of the project's rules
    expect(() => classify("operation.path-chaged", fields)).toThrow(/operation\.path-chaged/);
    // A library area compiles with any event, but without a library class it has none.
    expect(() => classify("parameter.now-requierd", fields)).toThrow(/not in RULES nor OVERRIDES/);
  });

  it("what the library could not class is breaking, by rule, saying why", () => {
    expect(classify("response.status-removed", fields, "unclassified")).toMatchObject({
      breaking: true,
      facadeBreaking: true,
      classifiedBy: "rule",
      detail: "api-smart-diff could not classify it (unclassified): breaking to be safe",
    });
    const other = { subject: "x", detail: "[Added] annotation (discriminator)" };
    expect(classify("response.other-changed", other, "unclassified").detail).toBe(
      "[Added] annotation (discriminator); api-smart-diff could not classify it (unclassified): breaking to be safe",
    );
    // The library's `deprecated` class: a deprecation breaks nothing.
    expect(classify("parameter.other-changed", fields, "deprecated")).toMatchObject({
      breaking: false,
      classifiedBy: "api-smart-diff",
    });
  });

  it("a library difference keeps the library's class, save the overrides", () => {
    expect(classify("response.property-added-required", fields, "non-breaking").breaking).toBe(
      false,
    );
    // Overrides: types follow variance; a removed property breaks typed code on both sides.
    expect(classify("request-body.type-widened", fields, "breaking")).toMatchObject({
      breaking: false,
      classifiedBy: "rule",
    });
    expect(classify("response.type-widened", fields, "non-breaking").breaking).toBe(true);
    expect(classify("response.property-removed", fields, "non-breaking").breaking).toBe(true);
    expect(classify("request-body.format-changed", fields, "breaking").breaking).toBe(false);
  });
});

describe("text report", () => {
  it("says so when there is nothing", () => {
    expect(renderText(diffDescriptions(baseDocument(), baseDocument()))).toContain(
      "No differences.",
    );
  });

  it("groups by kind with counts, breaking first, repeated changes folded", () => {
    const after = edited((doc) => {
      at(doc, "components", "schemas", "Item", "properties")["color"] = { type: "string" };
      list(doc, "paths", "/items", "get", "parameters").splice(0, 1);
    });
    const text = renderText(diffDescriptions(baseDocument(), after));
    expect(text).toContain("changes: 1 breaking (1 of them for facade users) · 3 non-breaking");
    expect(text).toContain(
      "BREAKING: Breaks existing calls, through the facade as well.\n" +
        "  ✗ Parameter: removed (1) [api-smart-diff]\n      list_items  query parameter `page`: was integer",
    );
    // `Item` is returned by three operations: one change per operation, one line in the report.
    expect(text).toContain(
      "response 200 application/json `color`: string on 2 operations: get_item, update_item",
    );
    expect(text.indexOf("BREAKING")).toBeLessThan(text.indexOf("NON-BREAKING"));
  });

  it("JSON carries the report, each change's class and what each class means", () => {
    const after = edited((doc) => {
      at(doc, "info")["version"] = "2";
      list(doc, "paths", "/items", "get", "parameters").splice(1, 1);
      at(doc, "paths")["/v2/items"] = at(doc, "paths")["/items"];
      delete at(doc, "paths")["/items"];
    });
    type Classed = { kind: string; class: string };
    const json = JSON.parse(renderJson(diffDescriptions(baseDocument(), after))) as {
      changes: Classed[];
      document: Classed[];
      changed: { changes: Classed[] }[];
      classes: Record<string, string>;
    };
    expect(json.changes.map((c) => [c.kind, c.class])).toEqual([
      ["parameter.removed", "breaking"],
      ["operation.path-changed", "raw"],
      ["document.version-changed", "non-breaking"],
    ]);
    expect(json.document.map((c) => c.class)).toEqual(["non-breaking"]);
    expect(json.changed.flatMap((op) => op.changes.map((c) => c.class))).toEqual([
      "breaking",
      "raw",
    ]);
    expect(Object.keys(json.classes)).toEqual(["breaking", "raw", "non-breaking"]);
  });
});

const meta = (operationId: string, overrides: Partial<OperationMeta> = {}): OperationMeta => ({
  operationId,
  method: "get",
  path: `/${operationId}`,
  tag: "T",
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
  queryParams: [{ name: "page", type: "integer", required: false }],
  paging: null,
  ...overrides,
});

describe("facade impact", () => {
  it("methods added and removed; routes followed; auth unchanged", () => {
    const impact = facadeImpact(
      [meta("a"), meta("b", { auth: "partner" }), meta("gone")],
      [meta("a", { path: "/v1/a" }), meta("b", { auth: "partner" }), meta("new")],
    );
    expect(impact).toMatchObject({
      added: ["new"],
      removed: ["gone"],
      rerouted: 1,
      authChanged: [],
      authLevels: { user: 1, partner: 1 },
      shapeChanges: [],
      breaking: true,
    });
    const text = renderFacadeImpact(impact);
    expect(text).toContain("✗ removed (1): gone");
    expect(text).toContain(
      "✓ auth level unchanged for all 2 methods present in both (partner 1, user 1)",
    );
  });

  it("auth level and call shape changes", () => {
    const impact = facadeImpact(
      [meta("a", { auth: "partner" }), meta("b"), meta("c", { paging: "page-count" })],
      [
        meta("a", { auth: "user" }),
        meta("b", {
          pathParams: [{ name: "id", type: "integer", required: true }],
          queryParams: [
            { name: "page", type: "integer", required: true },
            { name: "q", type: "string", required: false },
          ],
          body: "json",
        }),
        meta("c", { successStatus: 201 }),
      ],
    );
    expect(impact.authChanged).toEqual([{ operationId: "a", from: "partner", to: "user" }]);
    expect(impact.shapeChanges.map((c) => [c.operationId, c.what, c.breaking])).toEqual([
      ["b", "path parameters () → (id)", true],
      ["b", "query parameter page now required", true],
      ["b", "query parameter q added", false],
      ["b", "body none → json", true],
      ["c", "success status 200 → 201", false],
      ["c", "paging page-count → none", true],
    ]);
    expect(renderFacadeImpact(impact)).toContain(
      "✗ auth level changed (1):\n      a: partner → user",
    );
  });
});

describe("tsc output", () => {
  const output = [
    "src/a.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.",
    "  Details on the next line.",
    "test/b.test.ts(10,1): error TS2339: Property 'x' does not exist on type 'Y'.",
    "",
  ].join("\n");

  it("is parsed into errors with their continuation lines", () => {
    expect(parseTscOutput(output)).toEqual([
      {
        file: "src/a.ts",
        line: 3,
        code: "TS2322",
        message: "Type 'string' is not assignable to type 'number'.\n  Details on the next line.",
      },
      {
        file: "test/b.test.ts",
        line: 10,
        code: "TS2339",
        message: "Property 'x' does not exist on type 'Y'.",
      },
    ]);
  });

  it("new errors are those the previous run did not have, wherever their line moved", () => {
    const before = parseTscOutput(output);
    const after = [
      ...before.map((e) => ({ ...e, line: e.line + 5 })),
      { ...before[0]!, file: "src/c.ts" },
    ];
    expect(newErrors(before, after)).toEqual([{ ...before[0]!, file: "src/c.ts" }]);
  });
});

describe("how the new source is recorded in openapi/source.json", () => {
  const config = {
    url: "https://vendor.test/openapi.yaml",
    mirrors: ["../shared/old.yaml", "../shared/next.yaml"],
    pin: { version: "1.0.0", sha256: "0".repeat(64) },
  };

  it("local files relative to the project root, URLs as given", () => {
    expect(mirrorEntry("/work/shared/next.yaml", "/work/main")).toBe("../shared/next.yaml");
    expect(mirrorEntry("file:///work/main/specs/next.yaml", "/work/main")).toBe("specs/next.yaml");
    expect(mirrorEntry("https://mirror.test/next.yaml", "/work/main")).toBe(
      "https://mirror.test/next.yaml",
    );
  });

  it("the new source goes first among the mirrors, once; the vendor URL is not repeated", () => {
    const revision = { version: "1.0.1", sha256: "1".repeat(64) };
    expect(updatedConfig(config, revision, "/work/shared/next.yaml", "/work/main", true)).toEqual({
      url: config.url,
      mirrors: ["../shared/next.yaml", "../shared/old.yaml"],
      pin: revision,
    });
    expect(updatedConfig(config, revision, config.url, "/work/main", true).mirrors).toEqual(
      config.mirrors,
    );
    // Without --mirror, the mirrors are left as they are.
    expect(updatedConfig(config, revision, "/work/shared/next.yaml", "/work/main").mirrors).toEqual(
      config.mirrors,
    );
  });
});
