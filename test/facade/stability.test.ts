/**
 * Names are stable across regenerations: the next revision of the description (1.0.1: every path
 * moved under /v1, one operation added, one removed) gives every operation both revisions share
 * the same namespace and method, and the committed tables still apply to it.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { excludedOperations, operations } from "../../generated/registry.js";
import type { OperationMeta, ParamMeta } from "../../scripts/codegen/model.js";
import { parseMethodNamesConfig, planResources } from "../../scripts/codegen/resource-names.js";
import type { Registry } from "../../src/core/operation.js";

const NEXT = resolve(process.cwd(), "../shared/altegio/b2b-v1.next.openapi.yaml");
const METHODS = new Set(["get", "put", "post", "patch", "delete"]);

interface RawOperation {
  operationId: string;
  tags?: string[];
  parameters?: { name: string; in: string }[];
}

/** Just what naming needs (id, tag, parameter names), read from the YAML as published. */
function nextOperations(): OperationMeta[] {
  const document = parse(readFileSync(NEXT, "utf8")) as {
    paths: Record<string, Record<string, unknown> & { parameters?: RawOperation["parameters"] }>;
  };
  const excluded = new Set(excludedOperations.map((e) => e.operationId));
  const out: OperationMeta[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const operation = value as RawOperation;
      if (excluded.has(operation.operationId)) continue;
      const params = [...(item.parameters ?? []), ...(operation.parameters ?? [])];
      const meta = (where: string): ParamMeta[] =>
        params
          .filter((p) => p.in === where)
          .map((p) => ({ name: p.name, type: "string", required: where === "path" }));
      out.push({
        operationId: operation.operationId,
        method: method as OperationMeta["method"],
        path,
        tag: operation.tags?.[0] ?? "",
        security: [["BearerPartnerUser"]],
        auth: "user",
        deprecated: false,
        summary: "",
        body: null,
        bodyContentType: null,
        bodyRequired: false,
        response: "json",
        successStatus: 200,
        pathParams: meta("path"),
        queryParams: meta("query"),
        paging: null,
      });
    }
  }
  return out;
}

describe("names across revisions", () => {
  const config = parseMethodNamesConfig(
    JSON.parse(readFileSync(resolve(process.cwd(), "openapi/method-names.json"), "utf8")),
    "method-names.json",
  );
  const plan = planResources(nextOperations(), config);
  const next = new Map(
    plan.flatMap((ns) => ns.methods.map((m) => [m.operation.operationId, `${ns.name}.${m.name}`])),
  );
  const current = new Map(
    Object.entries(operations as Registry).flatMap(([id, op]) =>
      op.facade ? [[id, op.facade] as const] : [],
    ),
  );

  it("every operation of both revisions keeps its namespace and method", () => {
    const moved = [...current]
      .filter(([id]) => next.has(id))
      .filter(([id, name]) => next.get(id) !== name);
    expect(moved).toEqual([]);
    expect([...current.keys()].filter((id) => next.has(id))).toHaveLength(260);
  });

  it("the added operation gets a derived name; the removed one is simply gone", () => {
    expect(next.get("get_client_loyalty_summary")).toBe("clients.getLoyaltySummary");
    expect(next.has("deprecated_get_client_list")).toBe(false);
  });
});
