import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  AbortedError,
  createAltegioClient,
  InvalidArgumentError,
  operationRegistry,
  type AltegioClientOptions,
  type Logger,
  type OperationMeta,
  type Plugin,
} from "../../src/index.js";
import { envelope, sendJson, startLoopback, type LoopbackServer } from "../support/loopback.js";
import {
  BASE_PATH,
  expectNoSecrets,
  LOGIN,
  NEW_TOKEN,
  PARTNER,
  PASSWORD,
  rejectionOf,
  SECRETS,
} from "./fake-altegio.js";

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopback();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.setHandler((_req, res) => sendJson(res, 200, envelope({ ok: true })));
});

function client(options: Partial<AltegioClientOptions> = {}) {
  return createAltegioClient({
    partnerToken: PARTNER,
    userToken: NEW_TOKEN,
    baseUrl: server.url + BASE_PATH,
    rateLimit: false,
    retry: false,
    ...options,
  });
}

describe("request input", () => {
  it("bad path parameters fail before sending, naming the parameter", async () => {
    const c = client();
    const error = await rejectionOf(
      c.request("get_client", { path: { location_id: 1, id: "../../auth" as never } }),
    );
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).parameter).toBe("id");
    const missing = await rejectionOf(
      c.request("get_client", { path: { location_id: 1 } as never }),
    );
    expect((missing as InvalidArgumentError).parameter).toBe("id");
    expect(server.requests).toHaveLength(0);
  });

  it("the raw client validates path parameters too", async () => {
    const error = await rejectionOf(
      client().raw.GET(operationRegistry.get_client.path, {
        params: { path: { location_id: 1, id: "a/b" as never } },
      }),
    );
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(server.requests).toHaveLength(0);
  });

  it("a raw call without params.path is refused, not sent with {id} in its URL", async () => {
    const error = await rejectionOf(
      client().raw.GET(operationRegistry.get_client.path, {} as never),
    );
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ parameter: "location_id", operationId: "get_client" });
    expect(server.requests).toHaveLength(0);
  });

  it("a required body that is missing fails before sending", async () => {
    const error = await rejectionOf(
      client().request("create_appointment", { path: { location_id: 1 } } as never),
    );
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).parameter).toBe("body");
    expect(server.requests).toHaveLength(0);
  });

  it("an unknown operationId is refused", async () => {
    const error = await rejectionOf(client().request("no_such_operation" as never, {} as never));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).parameter).toBe("operationId");
  });

  it("JSON bodies are sent as application/json; query arrays keep their [] names", async () => {
    await client().request("create_client", {
      path: { location_id: 1 },
      body: { name: "Jane", phone: "+13155550175" } as never,
    });
    const [request] = server.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe(
      `${BASE_PATH}/company/1/clients`.replace("/company/1/clients", "/clients/1"),
    );
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.json).toEqual({ name: "Jane", phone: "+13155550175" });

    await client().request("get_membership_type_list_by_id", {
      path: { location_id: 1 },
      query: { "ids[]": [5, 6] as never },
    });
    expect(server.requests[1]?.url).toBe(
      `${BASE_PATH}/company/1/loyalty/abonement_types/fetch?ids[]=5&ids[]=6`,
    );
  });

  it("multipart bodies: Blob, bytes, strings and numbers become form fields", async () => {
    await client().request("upload_client_file", {
      path: { location_id: 1, client_id: 2 },
      body: {
        file: new File([new Uint8Array([9, 8, 7])], "scan.pdf", { type: "application/pdf" }),
        extra: new Uint8Array([1, 2]),
        note: "hello",
        count: 3,
      } as never,
    });
    const [request] = server.requests;
    const text = request!.body.toString("latin1");
    expect(request?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(text).toMatch(/name="file"; filename="scan.pdf"/);
    expect(text).toContain("\x09\x08\x07");
    expect(text).toMatch(/name="extra"; filename="extra"/);
    expect(text).toMatch(/name="note"\r\n\r\nhello/);
    expect(text).toMatch(/name="count"\r\n\r\n3/);
  });

  it("a multipart field that is a nested object is refused before sending", async () => {
    const error = await rejectionOf(
      client().request("upload_client_file", {
        path: { location_id: 1, client_id: 2 },
        body: { file: { nested: true } } as never,
      }),
    );
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).parameter).toBe("file");
    expect(server.requests).toHaveLength(0);
  });
});

describe("hooks and registry", () => {
  it("user plugins run for every attempt and never see the Authorization header", async () => {
    const seen: (string | null)[] = [];
    const spy: Plugin = (next) => async (request, ctx) => {
      seen.push(request.headers.get("authorization"));
      const response = await next(request, ctx);
      seen.push(`status ${response.status} ${ctx.operation?.operationId}`);
      return response;
    };
    await client({ plugins: [spy] }).request("get_client", { path: { location_id: 1, id: 2 } });
    expect(seen).toEqual([null, "status 200 get_client"]);
  });

  it("a retried attempt's user plugins do not see the headers the previous attempt was sent with", async () => {
    let n = 0;
    server.setHandler((_req, res) => sendJson(res, ++n === 1 ? 503 : 200, envelope({ ok: true })));
    const seen: (string | null)[] = [];
    const spy: Plugin = (next) => (request, ctx) => {
      seen.push(request.headers.get("authorization"), request.headers.get("accept"));
      return next(request, ctx);
    };
    await client({ plugins: [spy], retry: { maxRetries: 1, baseDelayMs: 1 } }).request(
      "get_client",
      { path: { location_id: 1, id: 2 } },
    );
    expect(seen).toEqual([null, null, null, null]);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      `Bearer ${PARTNER}, User ${NEW_TOKEN}`,
      `Bearer ${PARTNER}, User ${NEW_TOKEN}`,
    ]);
  });

  it("a replayed body is the one first sent, whatever content type the caller named", async () => {
    let n = 0;
    server.setHandler((_req, res) => sendJson(res, ++n === 1 ? 503 : 200, envelope({ ok: true })));
    await client({ retry: { maxRetries: 1, baseDelayMs: 1 } }).request(
      "update_client",
      { path: { location_id: 1, id: 2 }, body: { name: "Jane", phone: "+13155550175" } as never },
      { headers: { "Content-Type": "application/x-www-form-urlencoded" } },
    );
    const [first, second] = server.requests.map((r) => r.body.toString());
    expect(first).toBe("name=Jane&phone=%2B13155550175");
    expect(second).toBe(first);
  });

  it("the raw client: middleware may replace the request; the route's auth level still applies", async () => {
    const c = client();
    c.raw.use({
      onRequest({ request }) {
        const headers = new Headers(request.headers);
        headers.set("X-Trace", "t1");
        return new Request(request, { headers });
      },
    });
    await c.raw.GET(operationRegistry.get_location.path, { params: { path: { location_id: 1 } } });
    await c.raw.GET(operationRegistry.get_client.path, {
      params: { path: { location_id: 1, id: 2 } },
    });
    expect(server.requests.map((r) => [r.headers.authorization, r.headers["x-trace"]])).toEqual([
      [`Bearer ${PARTNER}`, "t1"],
      [`Bearer ${PARTNER}, User ${NEW_TOKEN}`, "t1"],
    ]);
  });

  it("the raw client: the caller's signal aborts the call", async () => {
    server.setHandler(() => undefined); // never answers
    const controller = new AbortController();
    const pending = client().raw.GET(operationRegistry.get_client.path, {
      params: { path: { location_id: 1, id: 2 } },
      signal: controller.signal,
    });
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    expect(await rejectionOf(pending)).toBeInstanceOf(AbortedError);
  });

  it("the logger gets no secret, login included", async () => {
    const lines: string[] = [];
    const record = (message: string, data?: Record<string, unknown>) =>
      void lines.push(`${message} ${JSON.stringify(data)}`);
    const logger: Logger = { debug: record, info: record, warn: record, error: record };
    server.setHandler((req, res) =>
      req.path.endsWith("/auth")
        ? sendJson(res, 201, envelope({ id: 1, user_token: NEW_TOKEN }))
        : sendJson(res, 200, envelope({ ok: true })),
    );
    const c = client({ logger, userToken: undefined });
    await c.login(LOGIN, PASSWORD);
    await c.request("get_client", { path: { location_id: 1, id: 2 } });
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const line of lines) for (const secret of SECRETS) expect(line).not.toContain(secret);
  });

  it("a tiny hand-written registry replaces the generated one", async () => {
    const registry: Record<string, OperationMeta> = {
      get_client: {
        ...operationRegistry.get_client,
        path: "/v2/customers/{location_id}/{id}",
      },
    };
    server.setHandler((_req, res) => sendJson(res, 200, envelope({ id: 2 }, { count: 1 })));
    const c = client({ registry });
    const result = await c.requestWithResponse("get_client", { path: { location_id: 1, id: 2 } });
    expect(server.requests[0]?.path).toBe(`${BASE_PATH}/v2/customers/1/2`);
    expect(result.data).toEqual({ id: 2 });
    expect(result.meta).toEqual({ count: 1 });
    expect(c.registry).toBe(registry);
  });

  it("errors from a validation failure carry no secrets", async () => {
    const error = await rejectionOf(
      client().request("get_client", { path: { location_id: 0, id: 2 } }),
    );
    expectNoSecrets(error);
  });
});
