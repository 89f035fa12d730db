import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../src/index.js";
import {
  findSecurityLevels,
  indexOperations,
  loadDescription,
  type SandboxOperation,
} from "../src/description.js";
import { statefulHandlers } from "../src/handlers/index.js";
import {
  ACCEPT,
  LOCATION,
  authHeader,
  login,
  startTestSandbox,
  type Reply,
} from "./support/client.js";
import { describedEngine, expectConforms } from "./support/conformance.js";
import { sample } from "./support/sample.js";

let sandbox: Sandbox;
let user: string;
let operations: SandboxOperation[];
beforeAll(async () => {
  sandbox = await startTestSandbox();
  user = await login(sandbox);
  const engine = await describedEngine();
  operations = [...indexOperations(engine.document, findSecurityLevels()).values()];
});
afterAll(() => sandbox.close());

type Param = { name: string; in: string; required?: boolean; schema?: unknown };

function urlFor(op: SandboxOperation): string {
  const params = (op.raw.parameters ?? []) as Param[];
  let path = op.path;
  for (const p of params.filter((p) => p.in === "path")) {
    const value = ["location_id", "company_id", "salon_id"].includes(p.name)
      ? LOCATION
      : sample(p.schema);
    path = path.replace(`{${p.name}}`, encodeURIComponent(String(value)));
  }
  const query = new URLSearchParams();
  for (const p of params.filter((p) => p.in === "query" && p.required)) {
    const value = sample(p.schema);
    for (const v of Array.isArray(value) ? value : [value]) query.append(p.name, String(v));
  }
  const qs = query.toString();
  return `${sandbox.baseUrl}${path}${qs ? `?${qs}` : ""}`;
}

function bodyFor(op: SandboxOperation): { body?: BodyInit; contentType?: string } {
  const content = ((op.raw.requestBody as { content?: Record<string, { schema?: unknown }> })
    ?.content ?? {}) as Record<
    string,
    { schema?: { properties?: Record<string, { format?: string }> } }
  >;
  if (content["multipart/form-data"]) {
    const schema = content["multipart/form-data"].schema ?? {};
    const form = new FormData();
    const values = sample(schema) as Record<string, unknown>;
    for (const [name, value] of Object.entries(values)) {
      if (["file", "image"].includes(name) || schema.properties?.[name]?.format === "binary") {
        form.append(
          name,
          new Blob([new Uint8Array([1, 2, 3])], { type: "image/png" }),
          `${name}.png`,
        );
      } else {
        form.append(name, String(value));
      }
    }
    return { body: form };
  }
  const json = content["application/json"] ?? content["*/*"];
  if (!json) return {};
  return { body: JSON.stringify(sample(json.schema)), contentType: "application/json" };
}

async function send(op: SandboxOperation): Promise<Reply> {
  const { body, contentType } = bodyFor(op);
  const headers: Record<string, string> = {
    accept: op.responseType === "application/pdf" ? `${ACCEPT}, application/pdf` : ACCEPT,
    authorization: authHeader(sandbox, user),
  };
  if (contentType) headers["content-type"] = contentType;
  const response = await fetch(urlFor(op), { method: op.method.toUpperCase(), headers, body });
  const text = response.headers.get("content-type")?.includes("json") ? await response.text() : "";
  if (!text) await response.arrayBuffer();
  return {
    status: response.status,
    headers: response.headers,
    json: text ? JSON.parse(text) : undefined,
    text,
  };
}

describe("every operation of the description", () => {
  it("is routed to itself, never answers 5xx, and mocked ones answer their success status", async () => {
    expect(operations.length).toBeGreaterThan(250);
    const failures: string[] = [];
    for (const op of operations) {
      const reply = await send(op);
      if (op.method === "delete") {
        // A delete may remove the seeded location the next operations use.
        sandbox.reset();
        user = sandbox.issueUserToken(sandbox.users[0]!.login);
      }
      const routedTo = reply.headers.get("x-sandbox-operation-id");
      const stateful = op.operationId in statefulHandlers;
      if (routedTo !== op.operationId) failures.push(`${op.operationId}: routed to ${routedTo}`);
      else if (reply.status >= 500)
        failures.push(`${op.operationId}: ${reply.status} ${reply.text}`);
      else if (!stateful && reply.status !== op.successStatus) {
        failures.push(`${op.operationId}: ${reply.status} ${reply.text.slice(0, 200)}`);
      } else if (reply.json !== undefined) {
        const issues = (await describedEngine()).checkResponse(
          op.operationId,
          reply.status,
          reply.json,
        );
        if (issues.length > 0)
          failures.push(`${op.operationId}: answer breaks schema ${JSON.stringify(issues)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 180_000);

  it("answers the PDF receipt as application/pdf", async () => {
    const op = operations.find((o) => o.responseType === "application/pdf")!;
    const response = await fetch(urlFor(op), {
      headers: { accept: "application/pdf", authorization: authHeader(sandbox, user) },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
  });

  it("answers a schema-conformant mock envelope for an operation without state", async () => {
    const response = await fetch(`${sandbox.baseUrl}/goods/${LOCATION}`, {
      headers: { accept: ACCEPT, authorization: authHeader(sandbox, user) },
    });
    const json = await response.json();
    expect(json.success).toBe(true);
    expect(Array.isArray(json.data)).toBe(true);
    expect(json.meta).toEqual({ total_count: json.data.length });
    await expectConforms("get_products_list", {
      status: response.status,
      headers: response.headers,
      json,
      text: JSON.stringify(json),
    });
  });
});
