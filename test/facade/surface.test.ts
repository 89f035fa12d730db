/**
 * The facade covers the whole API: every operation of the description (the pinned file itself,
 * minus the excluded callbacks) has exactly one method, and there is nothing else.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { excludedOperations, operations } from "../../generated/registry.js";
import type { OperationMeta as CodegenOperation } from "../../scripts/codegen/model.js";
import { CLIENT_MEMBERS } from "../../scripts/codegen/resource-names.js";
import type { Registry } from "../../src/core/operation.js";
import { createAltegioClient } from "../../src/index.js";
import { codegenOperations } from "./support.js";

const DESCRIPTION = resolve(process.cwd(), "../shared/altegio/b2b-v1.openapi.yaml");
const NAMES = JSON.parse(
  readFileSync(resolve(process.cwd(), "openapi/method-names.json"), "utf8"),
) as {
  methods: Record<string, string>;
  helpers: Record<string, string[]>;
};
const HTTP = new Set(["get", "put", "post", "patch", "delete", "options", "head", "trace"]);

function describedOperationIds(): string[] {
  const document = parse(readFileSync(DESCRIPTION, "utf8")) as {
    paths: Record<string, Record<string, { operationId?: string }>>;
  };
  const ids: string[] = [];
  for (const item of Object.values(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (HTTP.has(method) && operation.operationId) ids.push(operation.operationId);
    }
  }
  return ids;
}

type Walked = { namespace: string; name: string; operationId: string };

/** The facade's namespaces: those the registry names, and the helpers'. */
const NAMESPACES = [
  ...new Set([
    ...Object.values(operations as Registry).flatMap((op) =>
      op.facade ? [op.facade.split(".")[0]!] : [],
    ),
    ...Object.keys(NAMES.helpers),
  ]),
];

/** The codegen's view of each operation (tag, summary, deprecated): not in the runtime registry. */
let codegen: Map<string, CodegenOperation>;
beforeAll(async () => {
  codegen = new Map((await codegenOperations()).map((op) => [op.operationId, op]));
});

function walkClient(): { methods: Walked[]; others: string[] } {
  const altegio = createAltegioClient({ partnerToken: "p", baseUrl: "http://127.0.0.1:9" });
  const methods: Walked[] = [];
  const others: string[] = [];
  for (const namespace of NAMESPACES) {
    const group = (altegio as unknown as Record<string, Record<string, unknown>>)[namespace];
    // Members are built on first use from the namespace's prototype: walk inherited ones too.
    for (const name in group) {
      const value = group![name];
      const operationId = (value as { operationId?: unknown }).operationId;
      if (typeof value === "function" && typeof operationId === "string") {
        methods.push({ namespace, name, operationId });
      } else others.push(`${namespace}.${name}`);
    }
  }
  return { methods, others };
}

describe("facade surface", () => {
  const described = describedOperationIds();
  const excluded = new Set(excludedOperations.map((e) => e.operationId));
  const expected = described.filter((id) => !excluded.has(id)).sort();
  const { methods, others } = walkClient();

  it("the description has 263 operations, 2 of them excluded callbacks", () => {
    expect(described).toHaveLength(263);
    expect([...excluded].every((id) => described.includes(id))).toBe(true);
    expect(expected).toHaveLength(261);
  });

  it("every non-excluded operation has exactly one method, and no method calls anything else", () => {
    const counts = new Map<string, number>();
    for (const m of methods) counts.set(m.operationId, (counts.get(m.operationId) ?? 0) + 1);
    const missing = expected.filter((id) => !counts.has(id));
    const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
    const extra = [...counts.keys()].filter((id) => !expected.includes(id));
    expect({ missing, twice, extra }).toEqual({ missing: [], twice: [], extra: [] });
    expect(methods).toHaveLength(261);
  });

  it("each method sits in the namespace of its operation's tag", () => {
    const namespacesByTag = new Map<string, Set<string>>();
    for (const m of methods) {
      const tag = codegen.get(m.operationId)!.tag;
      namespacesByTag.set(tag, (namespacesByTag.get(tag) ?? new Set()).add(m.namespace));
    }
    expect([...namespacesByTag.values()].every((s) => s.size === 1)).toBe(true);
    expect(namespacesByTag.size).toBe(new Set(methods.map((m) => m.namespace)).size);
  });

  it("the only other members of the namespaces are the declared helpers", () => {
    const declared = Object.entries(NAMES.helpers).flatMap(([ns, names]) =>
      names.map((n) => `${ns}.${n}`),
    );
    expect(others.sort()).toEqual(declared.sort());
  });

  it("no namespace hides a member of the client", () => {
    expect(NAMESPACES.filter((ns) => CLIENT_MEMBERS.includes(ns))).toEqual([]);
    const altegio = createAltegioClient({ partnerToken: "p", baseUrl: "http://127.0.0.1:9" });
    expect(typeof altegio.request).toBe("function");
    expect(typeof altegio.paginate).toBe("function");
    expect(typeof altegio.collectAll).toBe("function");
    expect(typeof altegio.raw.GET).toBe("function");
  });

  it("every rename-table entry is used, under its name", () => {
    for (const [operationId, name] of Object.entries(NAMES.methods)) {
      expect(methods.find((m) => m.operationId === operationId)?.name).toBe(name);
    }
  });

  it("the issue's examples exist", () => {
    const find = (id: string) => methods.find((m) => m.operationId === id);
    expect(find("get_client")).toMatchObject({ namespace: "clients", name: "get" });
    expect(find("get_client_list")).toMatchObject({ namespace: "clients", name: "list" });
    expect(find("create_client")).toMatchObject({ namespace: "clients", name: "create" });
    expect(find("bulk_create_clients")).toMatchObject({ namespace: "clients", name: "bulkCreate" });
    expect(find("deprecated_get_client_list")).toMatchObject({ name: "listDeprecated" });
    expect(find("get_appointment_list")).toMatchObject({ namespace: "appointments", name: "list" });
    expect(find("authorize_user")).toMatchObject({ namespace: "auth" });
    expect(find("get_team_member")).toMatchObject({ namespace: "teamMembers", name: "get" });
  });
});

describe("generated JSDoc", () => {
  const source = readFileSync(resolve(process.cwd(), "generated/resources.ts"), "utf8");

  /** The JSDoc block right above `readonly <name>: "<id>";`. */
  function docOf(operationId: string): string {
    const at = source.indexOf(`: "${operationId}";`);
    const start = source.lastIndexOf("/**", at);
    return source.slice(start, source.indexOf("*/", start));
  }

  it("deprecated operations, and only those, carry @deprecated", () => {
    for (const op of codegen.values()) {
      expect(docOf(op.operationId).includes("@deprecated"), op.operationId).toBe(op.deprecated);
    }
  });

  it("each method's JSDoc has the summary, method and path, and operationId", () => {
    for (const op of codegen.values()) {
      const doc = docOf(op.operationId);
      expect(doc).toContain(`\`${op.method.toUpperCase()} ${op.path}\``);
      expect(doc).toContain(`\`${op.operationId}\``);
      if (op.summary) expect(doc).toContain(op.summary.replace(/\*\//g, "*\\/").slice(0, 30));
    }
  });
});
