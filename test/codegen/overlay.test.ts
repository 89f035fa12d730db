import { describe, expect, it } from "vitest";
import {
  applyCorrections,
  applyOverlayInPlace,
  CodegenError,
  extractExcluded,
  parseOverlay,
  type OpenApiDocument,
  type OverlayAction,
} from "../../scripts/codegen/index.js";

function doc(): OpenApiDocument {
  return {
    openapi: "3.1.0",
    info: { title: "t", version: "1" },
    tags: [{ name: "a" }, { name: "b" }, { name: "c" }],
    paths: {
      "/x/{id}": {
        get: {
          operationId: "get_x",
          tags: ["a"],
          security: [],
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
          responses: {
            "200": { description: "ok", content: { "application/json": { schema: {} } } },
          },
        },
        put: {
          operationId: "put_x",
          requestBody: {
            content: {
              "text/plain": { schema: { type: "string" } },
              "*/*": { schema: { type: "object", properties: { a: { type: "string" } } } },
            },
          },
          responses: { "204": { description: "none" } },
        },
      },
      "/hook": { post: { operationId: "hook", responses: { "200": { description: "ok" } } } },
    },
  };
}

function overlay(...actions: OverlayAction[]) {
  return parseOverlay({ overlay: "1.0.0", info: { title: "t", version: "1" }, actions });
}

describe("Overlay 1.0 applier", () => {
  it("update merges into a selected object recursively; arrays and scalars replace", () => {
    const d = doc();
    const [report] = applyOverlayInPlace(
      d,
      overlay({
        target: "$.paths.*[?(@.operationId=='get_x')]",
        update: { summary: "Get x", security: [{ S: [] }], parameters: [], "x-a": { b: 1 } },
      }),
    );
    const op = d.paths["/x/{id}"]?.get as Record<string, unknown>;
    expect(report?.matched).toBe(1);
    expect(op.summary).toBe("Get x");
    expect(op.security).toEqual([{ S: [] }]);
    expect(op.parameters).toEqual([]);
    expect(op.tags).toEqual(["a"]);
    applyOverlayInPlace(
      d,
      overlay({ target: "$.paths['/x/{id}'].get", update: { "x-a": { c: 2 } } }),
    );
    expect(op["x-a"]).toEqual({ b: 1, c: 2 });
  });

  it("update appends to a selected array", () => {
    const d = doc();
    applyOverlayInPlace(d, overlay({ target: "$.tags", update: { name: "d" } }));
    expect(d.tags).toEqual([{ name: "a" }, { name: "b" }, { name: "c" }, { name: "d" }]);
  });

  it("update on every node a wildcard selects", () => {
    const d = doc();
    const [report] = applyOverlayInPlace(
      d,
      overlay({ target: "$.paths.*.*.responses", update: { "4XX": { description: "error" } } }),
    );
    expect(report?.matched).toBe(3);
    expect(JSON.stringify(d.paths).match(/"4XX"/g)).toHaveLength(3);
  });

  it("remove deletes selected object members and array entries (several in one array)", () => {
    const d = doc();
    const reports = applyOverlayInPlace(
      d,
      overlay(
        { target: "$.paths['/hook']", remove: true },
        { target: "$.tags[?(@.name=='a' || @.name=='c')]", remove: true },
      ),
    );
    expect(reports.map((r) => r.matched)).toEqual([1, 2]);
    expect(Object.keys(d.paths)).toEqual(["/x/{id}"]);
    expect(d.tags).toEqual([{ name: "b" }]);
  });

  it("remove wins over update, as the spec says", () => {
    const d = doc();
    applyOverlayInPlace(d, overlay({ target: "$.tags", remove: true, update: { name: "z" } }));
    expect(d.tags).toBeUndefined();
  });

  it("actions apply in order: a node removed can be re-added by a later action", () => {
    const d = doc();
    applyOverlayInPlace(
      d,
      overlay(
        { target: "$.paths.*.*.responses.*.content['application/json'].schema", remove: true },
        {
          target: "$.paths.*.*.responses.*.content['application/json']",
          update: { schema: { $ref: "#/components/schemas/X" } },
        },
      ),
    );
    const get = d.paths["/x/{id}"]?.get as { responses: Record<string, unknown> };
    expect(get.responses["200"]).toEqual({
      description: "ok",
      content: { "application/json": { schema: { $ref: "#/components/schemas/X" } } },
    });
  });

  it("reports an action that selects nothing with matched 0, without throwing", () => {
    const reports = applyOverlayInPlace(
      doc(),
      overlay({
        target: "$.paths.*[?(@.operationId=='nope')]",
        update: { a: 1 },
        description: "d",
      }),
    );
    expect(reports).toEqual([
      {
        where: "overlay actions[0]",
        target: "$.paths.*[?(@.operationId=='nope')]",
        description: "d",
        matched: 0,
      },
    ]);
  });

  it("refuses an update that is neither merged into an object nor appended to an array", () => {
    expect(() =>
      applyOverlayInPlace(doc(), overlay({ target: "$.info.title", update: { a: 1 } })),
    ).toThrow(CodegenError);
  });

  it("refuses an overlay document of another version, or an action that does nothing", () => {
    const info = { title: "t", version: "1" };
    expect(() => parseOverlay({ overlay: "2.0.0", info, actions: [] })).toThrow(/1\.0\.x/);
    expect(() => parseOverlay({ overlay: "1.0.0", info, actions: [{ target: "$.a" }] })).toThrow(
      /needs `update`, `remove: true`/,
    );
    expect(() =>
      parseOverlay({ overlay: "1.0.0", info, actions: [{ target: "paths", remove: true }] }),
    ).toThrow(/JSONPath starting with \$/);
  });
});

describe("the extension actions (what Overlay 1.0 cannot express)", () => {
  it("x-rename-key renames the selected members in place, keeping their position", () => {
    const d = doc();
    const [report] = applyOverlayInPlace(
      d,
      overlay({
        target: "$.paths.*.*.requestBody.content['*/*']",
        "x-rename-key": "application/json",
      }),
    );
    expect(report?.matched).toBe(1);
    const put = d.paths["/x/{id}"]?.put as { requestBody: { content: Record<string, unknown> } };
    expect(Object.keys(put.requestBody.content)).toEqual(["text/plain", "application/json"]);
    expect(put.requestBody.content["application/json"]).toEqual({
      schema: { type: "object", properties: { a: { type: "string" } } },
    });
  });

  it("x-rename-key refuses to overwrite an existing member", () => {
    const action = {
      target: "$.paths.*.*.requestBody.content['*/*']",
      "x-rename-key": "text/plain",
    };
    expect(() => applyOverlayInPlace(doc(), overlay(action))).toThrow(/already there/);
  });

  it("x-wrap-in-array wraps each selected schema once", () => {
    const d = doc();
    const wrap = overlay({
      target: "$.paths.*[?(@.operationId=='put_x')].requestBody.content.*.schema",
      "x-wrap-in-array": true,
    });
    expect(applyOverlayInPlace(d, wrap)[0]?.matched).toBe(2);
    const body = (d.paths["/x/{id}"]?.put as { requestBody: Record<string, unknown> }).requestBody;
    expect(body.content).toMatchObject({
      "text/plain": { schema: { type: "array", items: { type: "string" } } },
      "*/*": { schema: { type: "array", items: { type: "object" } } },
    });
    // Already arrays: nothing left to fix, which the pipeline reports as a stale correction.
    expect(applyOverlayInPlace(d, wrap)[0]?.matched).toBe(0);
  });

  it("refuses an extension combined with another verb, or with a bad value", () => {
    const info = { title: "t", version: "1" };
    const parse = (action: Record<string, unknown>) =>
      parseOverlay({ overlay: "1.0.0", info, actions: [{ target: "$.a", ...action }] });
    expect(() => parse({ "x-rename-key": "b", update: {} })).toThrow(/stand alone/);
    expect(() => parse({ "x-rename-key": "b", "x-wrap-in-array": true })).toThrow(/stand alone/);
    expect(() => parse({ "x-rename-key": "" })).toThrow(/must be the new key/);
    expect(() => parse({ "x-wrap-in-array": false })).toThrow(/must be true/);
  });
});

describe("exclusion", () => {
  it("removes operations marked x-sdk-excluded, and their path when nothing is left", () => {
    const d = doc();
    (d.paths["/hook"]?.post as Record<string, unknown>)["x-sdk-excluded"] = "  a  callback\n";
    (d.paths["/x/{id}"]?.put as Record<string, unknown>)["x-sdk-excluded"] = "not ours";
    expect(extractExcluded(d)).toEqual([
      { operationId: "put_x", method: "put", path: "/x/{id}", reason: "not ours" },
      { operationId: "hook", method: "post", path: "/hook", reason: "a callback" },
    ]);
    expect(Object.keys(d.paths)).toEqual(["/x/{id}"]);
    expect(Object.keys(d.paths["/x/{id}"] ?? {})).toEqual(["get"]);
  });

  it("applyCorrections leaves its input untouched and lists unmatched actions", () => {
    const d = doc();
    const before = JSON.stringify(d);
    const result = applyCorrections(d, {
      overlay: overlay(
        { target: "$.paths.*[?(@.operationId=='hook')]", update: { "x-sdk-excluded": "cb" } },
        { target: "$.paths.*[?(@.operationId=='gone')]", remove: true },
      ),
    });
    expect(JSON.stringify(d)).toBe(before);
    expect(result.excluded.map((e) => e.operationId)).toEqual(["hook"]);
    expect(result.unmatched.map((a) => a.target)).toEqual(["$.paths.*[?(@.operationId=='gone')]"]);
    expect(result.document.paths["/hook"]).toBeUndefined();
  });
});
