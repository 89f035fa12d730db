/**
 * After the update to 1.0.1, every facade method still works at run time. The updated copy's own
 * SDK (its src/index.ts over its regenerated generated/) is imported and each method of its
 * resource table is called against a recording loopback server, with the default base URL of
 * 1.0.1 (https://api.alteg.io/api, reached through a fetch that forwards to the loopback). The
 * expected route and credentials are read from the 1.0.1 description itself, not from the
 * registry under test: `/api` + the 1.0.1 path with the sample values, and `Bearer <partner>` or
 * `Bearer <partner>, User <user>` per the operation's security (bearer + user → user level).
 */
import { readFile } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadPagingOverrides } from "../../scripts/codegen/paging.js";
import { parseDescription } from "../../scripts/codegen/parse.js";
import { deref } from "../../scripts/codegen/refs.js";
import { buildRegistry } from "../../scripts/codegen/registry.js";
import { loadSecurityLevels } from "../../scripts/codegen/security.js";
import type { OperationMeta, ParamMeta } from "../../scripts/codegen/model.js";
import { sample } from "../sandbox/support/sample.js";
import {
  envelope,
  sendJson,
  startLoopback,
  type LoopbackServer,
  type SeenRequest,
} from "../support/loopback.js";
import {
  createUpdatedCopy,
  NEXT_SOURCE,
  PROJECT_ROOT,
  type UpdatedCopy,
} from "./support/project-copy.js";

const PARTNER = "next-PARTNER-5c1e07aa93d2";
const USER = "next-USERTOKEN-8f40b2d6c71e";
const HTTP = ["get", "put", "post", "patch", "delete"];
const EXCLUDED = ["fiscalize_document", "handle_fiscalization_callback"];

type Method = ((params?: unknown) => Promise<unknown>) & { readonly operationId: string };

/** The parts of the copy's modules this test uses (they are 1.0.1 code, typed loosely here). */
interface CopySdk {
  createAltegioClient(options: Record<string, unknown>): Record<string, unknown>;
  operations: Record<string, OperationMeta>;
  resourceTable: Record<string, Record<string, string>>;
  descriptionInfo: { version: string; servers: readonly { url: string }[] };
  /** The copy's corrected description (generated/openapi.json), for body schemas. */
  corrected: { paths: Record<string, Record<string, Record<string, unknown>>> };
}

/** What the 1.0.1 description says of one operation. */
interface Described {
  method: string;
  path: string;
  auth: "partner" | "user";
}

interface DescribedRevision {
  servers: { url: string }[];
  operations: Map<string, Described>;
}

let updated: UpdatedCopy;
let server: LoopbackServer;
let sdk: CopySdk;
let next: DescribedRevision;
/** The URL each request had when it left the SDK, before the forwarding fetch. */
const sentTo: string[] = [];

beforeAll(async () => {
  [updated, server, next] = await Promise.all([
    createUpdatedCopy({ typecheck: false }),
    startLoopback(),
    describedRevision(),
  ]);
  sdk = await importCopy(updated.root);
}, 180_000);

afterAll(async () => {
  await server?.close();
  await updated?.removeCopy();
});

describe("createUpdatedCopy (the helper other areas use to test against 1.0.1)", () => {
  it("gives a copy on 1.0.1, type-check left to the caller", () => {
    expect(updated.result.status).toBe("updated");
    expect(updated.result.typecheck).toBeUndefined();
    expect(sdk.descriptionInfo.version).toBe("1.0.1");
    expect(Object.keys(sdk.operations)).toContain("get_client_loyalty_summary");
  });
});

describe("every facade method of the updated copy, called on 1.0.1", () => {
  it("there is one method per operation of 1.0.1: get_client_loyalty_summary in, deprecated_get_client_list out", () => {
    const methods = facadeMethods(client());
    const ids = methods.map((m) => m.operationId).sort();
    expect(ids).toEqual([...next.operations.keys()].sort());
    expect(ids).toHaveLength(261);
    expect(methods.find((m) => m.operationId === "get_client_loyalty_summary")).toMatchObject({
      namespace: "clients",
      name: "getLoyaltySummary",
    });
    expect(ids).not.toContain("deprecated_get_client_list");
    const clients = client().clients as Record<string, unknown>;
    expect(clients).not.toHaveProperty("listDeprecated");
  });

  it("the default base URL is the 1.0.1 server, https://api.alteg.io/api", () => {
    expect(next.servers[0]?.url).toBe("https://api.alteg.io/api");
    expect(sdk.descriptionInfo.servers[0]?.url).toBe(next.servers[0]?.url);
  });

  it("each call sends its 1.0.1 route below /api, with the credentials its 1.0.1 security asks for", async () => {
    const c = client();
    const base = next.servers[0]!.url; // https://api.alteg.io/api, checked above
    const problems: string[] = [];
    let called = 0;
    for (const { namespace, name, operationId, method } of facadeMethods(c)) {
      const described = next.operations.get(operationId);
      const meta = sdk.operations[operationId];
      if (!described || !meta) {
        problems.push(`${namespace}.${name}: ${operationId} is not an operation of 1.0.1`);
        continue;
      }
      const call = sampleCall(meta);
      server.requests.length = 0;
      sentTo.length = 0;
      server.setHandler((_req, res) => answer(meta, res));
      let result: unknown;
      try {
        result = await method(call.params);
      } catch (error) {
        problems.push(`${namespace}.${name}: rejected with ${String(error)}`);
        continue;
      }
      called += 1;
      const request = server.requests[0];
      const expected = {
        requests: 1,
        method: described.method.toUpperCase(),
        path: `${new URL(base).pathname}${fill(described.path, call.pathValues)}`,
        sentTo: `${base}${fill(described.path, call.pathValues)}`,
        authorization:
          described.auth === "user" ? "Bearer <partner>, User <user>" : "Bearer <partner>",
        query: call.query,
        body:
          meta.body === "multipart"
            ? { fields: Object.keys(call.body as object).sort() }
            : call.body,
        result: expectedResult(meta),
      };
      const seen = {
        requests: server.requests.length,
        method: request?.method,
        path: request?.path,
        sentTo: sentTo[0]?.split("?")[0],
        // Tokens shown by name, so a failure message holds no secret.
        authorization: request?.headers.authorization
          ?.replaceAll(PARTNER, "<partner>")
          .replaceAll(USER, "<user>"),
        query: Object.fromEntries(
          Object.keys(call.query).map((key) => [key, request?.query.getAll(key)]),
        ),
        body: bodyOf(meta, request),
        result: result instanceof Blob ? "blob" : result,
      };
      if (JSON.stringify(seen) !== JSON.stringify(expected)) {
        problems.push(
          `${namespace}.${name} (${operationId}):\n  expected ${JSON.stringify(expected)}\n  seen     ${JSON.stringify(seen)}`,
        );
      }
    }
    expect(problems).toEqual([]);
    expect(called).toBe(next.operations.size);
  }, 60_000);

  it("clients.getLoyaltySummary (new in 1.0.1) is a user-level GET of /api/v1/client/{location_id}/{id}/loyalty_summary", async () => {
    server.requests.length = 0;
    server.setHandler((_req, res) => sendJson(res, 200, envelope({ points: 12 })));
    const clients = client().clients as Record<string, Method>;
    await expect(clients.getLoyaltySummary!({ location_id: 7, id: 9 })).resolves.toEqual({
      points: 12,
    });
    expect(server.requests.map((r) => [r.method, r.path])).toEqual([
      ["GET", "/api/v1/client/7/9/loyalty_summary"],
    ]);
    expect(server.requests[0]?.headers.authorization === `Bearer ${PARTNER}, User ${USER}`).toBe(
      true,
    );
  });
});

describe("a session on 1.0.1", () => {
  it("logs in at /api/v1/auth, and after a password change logs in again and replays the call", async () => {
    server.requests.length = 0;
    let issued = 0;
    let valid = "next-token-1";
    server.setHandler((req, res) => {
      if (req.method === "POST" && req.path === "/api/v1/auth") {
        issued += 1;
        return sendJson(res, 201, envelope({ id: 1, user_token: `next-token-${issued}` }));
      }
      if (req.headers.authorization === `Bearer ${PARTNER}, User ${valid}`) {
        return sendJson(res, 200, envelope({ id: 9 }));
      }
      sendJson(res, 401, {
        errors: { code: 401, message: "Unauthorized" },
        meta: { message: "Unauthorized" },
      });
    });
    const c = client({
      userToken: undefined,
      credentials: { login: "owner@example.test", password: "next-Pa55-1" },
    });
    const clients = c.clients as Record<string, Method>;
    await expect(clients.get!({ location_id: 7, id: 9 })).resolves.toEqual({ id: 9 });
    // The password changes: the API regenerates the token, the old one gets 401.
    valid = "next-token-2";
    await expect(clients.get!({ location_id: 7, id: 9 })).resolves.toEqual({ id: 9 });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /api/v1/auth",
      "GET /api/v1/client/7/9",
      "GET /api/v1/client/7/9",
      "POST /api/v1/auth",
      "GET /api/v1/client/7/9",
    ]);
    expect(server.requests[0]?.headers.authorization === `Bearer ${PARTNER}`).toBe(true);
  });
});

/** A client of the copy's SDK with its default base URL; requests go to the loopback server. */
function client(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return sdk.createAltegioClient({
    partnerToken: PARTNER,
    userToken: USER,
    rateLimit: false,
    retry: false,
    ...overrides,
    fetch: async (request: Request) => {
      sentTo.push(request.url);
      const url = new URL(request.url);
      const body = request.body ? await request.arrayBuffer() : undefined;
      return fetch(`${server.url}${url.pathname}${url.search}`, {
        method: request.method,
        headers: request.headers,
        body,
        signal: request.signal,
      });
    },
  });
}

function facadeMethods(
  c: Record<string, unknown>,
): { namespace: string; name: string; operationId: string; method: Method }[] {
  return Object.entries(sdk.resourceTable).flatMap(([namespace, members]) =>
    Object.entries(members).map(([name, operationId]) => {
      const method = (c[namespace] as Record<string, Method>)[name]!;
      expect(method.operationId, `${namespace}.${name}`).toBe(operationId);
      return { namespace, name, operationId, method };
    }),
  );
}

interface SampleCall {
  /** The facade's flat params: path and query values, `body` when the operation has one. */
  params: Record<string, unknown>;
  pathValues: Record<string, string | number>;
  /** Required query parameters as they should arrive: serialised name → values. */
  query: Record<string, string[]>;
  body: unknown;
}

/** Valid params for an operation: its path parameters, its required query ones, its body. */
function sampleCall(meta: OperationMeta): SampleCall {
  const params: Record<string, unknown> = {};
  const pathValues: Record<string, string | number> = {};
  meta.pathParams.forEach((p, i) => {
    pathValues[p.name] = sampleValue(p, 10 + i) as string | number;
    params[p.name] = pathValues[p.name];
  });
  const query: Record<string, string[]> = {};
  for (const p of meta.queryParams.filter((q) => q.required && !(q.name in params))) {
    const value = sampleValue(p, 3);
    params[p.name] = value;
    const values = Array.isArray(value) ? value : [value];
    const key = Array.isArray(value) && !p.name.endsWith("[]") ? `${p.name}[]` : p.name;
    query[key] = values.map((v) => (typeof v === "boolean" ? (v ? "1" : "0") : String(v)));
  }
  const body = meta.body ? sampleBody(meta) : undefined;
  if (body !== undefined) params.body = body;
  return { params, pathValues, query, body };
}

function sampleValue(p: ParamMeta, n: number): unknown {
  if (p.name === "phone") return "+13155550175";
  if (/(^|_)(date|from|till|after|before)$|^date_|^(start|end)_date$/.test(p.name))
    return "2026-03-02";
  switch (p.type) {
    case "integer":
    case "number":
      return n;
    case "boolean":
      return true;
    case "array":
      return p.itemType === "integer" || p.itemType === "number" ? [n, n + 1] : ["a", "b"];
    default:
      return `s${n}`;
  }
}

/** A body of the operation's kind, sampled from its schema in the copy's corrected description. */
function sampleBody(meta: OperationMeta): unknown {
  const operation = sdk.corrected.paths[meta.path]?.[meta.method];
  const content = (deref(sdk.corrected, operation?.requestBody) as { content?: object })?.content;
  const media = (content ?? {}) as Record<string, { schema?: unknown }>;
  if (meta.body === "multipart") {
    const schema = inline(media["multipart/form-data"]?.schema) as {
      properties?: Record<string, { format?: string }>;
    };
    const fields = { ...(sample(schema) as Record<string, unknown>) };
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      if (property.format === "binary") fields[name] = new Uint8Array([1, 2, 3]);
    }
    return fields;
  }
  const json = Object.keys(media).find((type) => type.includes("json"));
  return sample(inline(json ? media[json]?.schema : {}));
}

/** `$ref`s followed to a bounded depth (the sampler reads plain schemas). */
function inline(node: unknown, depth = 0): unknown {
  const value = deref(sdk.corrected, node);
  if (depth > 16) return {};
  if (Array.isArray(value)) return value.map((v) => inline(v, depth + 1));
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inline(v, depth + 1)]));
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{([^{}]+)\}/g, (_m, name: string) =>
    encodeURIComponent(String(values[name])),
  );
}

/** The loopback's answer: the operation's success status with a body of its response kind. */
function answer(meta: OperationMeta, res: ServerResponse): void {
  if (meta.response === "none") {
    res.writeHead(meta.successStatus).end();
  } else if (meta.response === "binary") {
    res.writeHead(meta.successStatus, { "content-type": "application/pdf" }).end("%PDF-1.4");
  } else {
    sendJson(res, meta.successStatus, envelope({ answered: meta.operationId }));
  }
}

function expectedResult(meta: OperationMeta): unknown {
  if (meta.response === "none") return undefined;
  if (meta.response === "binary") return "blob";
  return { answered: meta.operationId };
}

/** What arrived as the body: the JSON, or for multipart the names of the form's fields. */
function bodyOf(meta: OperationMeta, request: SeenRequest | undefined): unknown {
  if (!meta.body || !request) return undefined;
  const type = String(request.headers["content-type"]);
  if (meta.body === "multipart") {
    if (!type.startsWith("multipart/form-data; boundary=")) return type;
    const names = [...request.body.toString("latin1").matchAll(/; name="([^"]+)"/g)];
    return { fields: names.map((m) => m[1]).sort() };
  }
  return type === "application/json" ? request.json : type;
}

async function importCopy(root: string): Promise<CopySdk> {
  const load = (file: string) => import(/* @vite-ignore */ pathToFileURL(join(root, file)).href);
  const [index, corrected] = await Promise.all([
    load("src/index.ts"),
    readFile(join(root, "generated/openapi.json"), "utf8"),
  ]);
  // generated/resources.ts is types only: the table is each registry entry's `facade` name.
  const resourceTable: Record<string, Record<string, string>> = {};
  for (const [operationId, op] of Object.entries(
    index.operationRegistry as Record<string, { facade: string }>,
  )) {
    const [namespace = "", name = ""] = op.facade.split(".");
    (resourceTable[namespace] ??= {})[name] = operationId;
  }
  // The runtime registry is lean: the full metadata (parameter lists, required flags) comes from
  // the codegen's in-memory registry over the copy's corrected description.
  const full = buildRegistry(parseDescription(corrected), {
    sha256: "",
    securityLevels: await loadSecurityLevels(root),
    pagingOverrides: await loadPagingOverrides(root),
  });
  return {
    createAltegioClient: index.createAltegioClient,
    operations: Object.fromEntries(full.operations.map((op) => [op.operationId, op])),
    descriptionInfo: index.descriptionInfo,
    resourceTable,
    corrected: JSON.parse(corrected),
  };
}

/** The 1.0.1 description as published: servers, and each operation's route and security. */
async function describedRevision(): Promise<DescribedRevision> {
  const doc = parse(await readFile(join(PROJECT_ROOT, NEXT_SOURCE), "utf8")) as {
    servers: { url: string }[];
    security?: Record<string, string[]>[];
    paths: Record<string, Record<string, { operationId: string; security?: object[] }>>;
  };
  const operations = new Map<string, Described>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!HTTP.includes(method) || EXCLUDED.includes(op.operationId)) continue;
      const schemes = (op.security ?? doc.security ?? []).flatMap((r) => Object.keys(r)).sort();
      // POST /auth states no security, yet needs the partner token: the one exception.
      if (schemes.length === 0) expect(`${method} ${path}`).toBe("post /v1/auth");
      const auth = schemes.join("+") === "bearer+user" ? "user" : "partner";
      operations.set(op.operationId, { method, path, auth });
    }
  }
  return { servers: doc.servers, operations };
}
