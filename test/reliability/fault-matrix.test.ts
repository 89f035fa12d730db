/**
 * The fault matrix: a loopback server injects each fault; every case must end in its documented
 * recovery or typed error, with the number of requests the server saw asserted (a write is never
 * sent twice unless it provably did not arrive or got a 429), and no unhandled rejection.
 * Every error and log line produced here is kept and scanned for secrets at the end.
 */
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  AbortedError,
  APIError,
  AuthenticationError,
  ConnectionError,
  createAltegioClient,
  InvalidArgumentError,
  InvalidResponseError,
  operationRegistry,
  PaymentRequiredError,
  QueueFullError,
  RateLimitError,
  ServerError,
  TimeoutError,
  TokenInvalidatedError,
  type AltegioClientOptions,
  type Logger,
} from "../../src/index.js";
import {
  envelope,
  sendJson,
  startLoopback,
  type Handler,
  type LoopbackServer,
} from "../support/loopback.js";
import {
  hang,
  hangAfterHeaders,
  htmlPage,
  ok,
  resetAfterHeaders,
  resetBeforeHeaders,
  sequence,
  status,
  truncatedJson,
} from "./support/faults.js";

const PARTNER = "fm-PARTNER-7f3a9c0d55e1";
const USER_TOKEN = "fm-USERTOKEN-4b2d8e61aa90";
const PASSWORD = "fm-Pa55w0rd-91ce7712";
const SECRETS = [PARTNER, USER_TOKEN, PASSWORD];
const BASE = "/api/v1";
/** How every error of a write that may have reached the server ends (docs/reliability.md). */
const MAY_HAVE_BEEN_APPLIED = /; the write may have been applied\.$/;

/** Everything the suite produced that could leak a secret: scanned by the last test. */
const produced: { errors: unknown[]; logs: string[] } = { errors: [], logs: [] };
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

const logger: Logger = {
  debug: (message, data) => produced.logs.push(`debug ${message} ${JSON.stringify(data)}`),
  info: (message, data) => produced.logs.push(`info ${message} ${JSON.stringify(data)}`),
  warn: (message, data) => produced.logs.push(`warn ${message} ${JSON.stringify(data)}`),
  error: (message, data) => produced.logs.push(`error ${message} ${JSON.stringify(data)}`),
};

let server: LoopbackServer;
beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  server = await startLoopback();
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  arrivals.length = 0;
});
afterEach(async () => {
  // Give stray promises a turn to surface before checking.
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(unhandled).toEqual([]);
});

/** Server-side arrival times (ms) of the requests of the current test. */
const arrivals: number[] = [];
function serve(handler: Handler): void {
  server.setHandler((req, res, raw) => {
    arrivals.push(performance.now());
    return handler(req, res, raw);
  });
}

function client(options: Partial<AltegioClientOptions> = {}) {
  return createAltegioClient({
    partnerToken: PARTNER,
    userToken: USER_TOKEN,
    baseUrl: server.url + BASE,
    rateLimit: false,
    retry: { maxRetries: 2, baseDelayMs: 10, maxDelayMs: 5_000 },
    timeout: 300,
    logger,
    ...options,
  });
}

type Outcome = { value: unknown; error?: undefined } | { error: unknown; value?: undefined };

/** Settles `promise` and records its error for the secrets scan. */
async function settle(promise: Promise<unknown>): Promise<Outcome> {
  try {
    return { value: await promise };
  } catch (error) {
    produced.errors.push(error);
    return { error };
  }
}

const getClient = (c = client()) =>
  settle(c.request("get_client", { path: { location_id: 1, id: 2 } }));
const createClient = (c = client()) =>
  settle(
    c.request("create_client", {
      path: { location_id: 1 },
      body: { name: "Jo", phone: "+13155550175" } as never,
    }),
  );
const updateClient = (c = client()) =>
  settle(
    c.request("update_client", { path: { location_id: 1, id: 2 }, body: { name: "Jo" } as never }),
  );

describe("connection reset before headers", () => {
  it("GET: retried, recovers", async () => {
    serve(sequence(resetBeforeHeaders, ok()));
    const { value } = await getClient();
    expect(value).toEqual({ id: 1 });
    expect(server.requests).toHaveLength(2);
  });

  it("GET: every attempt reset → ConnectionError after maxRetries + 1 attempts", async () => {
    serve(resetBeforeHeaders);
    const { error } = await getClient();
    expect(error).toBeInstanceOf(ConnectionError);
    expect(server.requests).toHaveLength(3);
  });

  it("POST: not repeated; the error says it may have been applied", async () => {
    serve(sequence(resetBeforeHeaders, ok()));
    const { error } = await createClient();
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ mayHaveBeenApplied: true, operationId: "create_client" });
    expect((error as Error).message).toMatch(MAY_HAVE_BEEN_APPLIED);
    expect(server.requests).toHaveLength(1);
  });

  it("POST to a closed port (provably not sent): retried, then ConnectionError, nothing applied", async () => {
    const closed = await startLoopback();
    const url = closed.url;
    await closed.close();
    const { error } = await createClient(client({ baseUrl: url + BASE }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ mayHaveBeenApplied: false });
  });
});

describe("connection reset after headers (mid-body)", () => {
  it("GET: retried, recovers", async () => {
    serve(sequence(resetAfterHeaders, ok({ id: 9 })));
    const { value } = await getClient();
    expect(value).toEqual({ id: 9 });
    expect(server.requests).toHaveLength(2);
  });

  it("PUT (idempotent): retried with its body", async () => {
    serve(sequence(resetAfterHeaders, ok()));
    const { value } = await updateClient();
    expect(value).toEqual({ id: 1 });
    expect(server.requests).toHaveLength(2);
    expect(server.requests.map((r) => r.json)).toEqual([{ name: "Jo" }, { name: "Jo" }]);
  });

  it("POST: not repeated, ConnectionError that may have been applied", async () => {
    serve(sequence(resetAfterHeaders, ok()));
    const { error } = await createClient();
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ mayHaveBeenApplied: true });
    expect((error as Error).message).toMatch(MAY_HAVE_BEEN_APPLIED);
    expect(server.requests).toHaveLength(1);
  });
});

describe("hang past the timeout", () => {
  it("GET: each attempt times out, then TimeoutError", async () => {
    serve(hang);
    const { error } = await getClient(client({ timeout: 100 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 100 });
    expect(server.requests).toHaveLength(3);
  });

  it("GET: a body that stalls after the headers times out too, and is retried", async () => {
    serve(sequence(hangAfterHeaders, ok()));
    const { value } = await getClient(client({ timeout: 150 }));
    expect(value).toEqual({ id: 1 });
    expect(server.requests).toHaveLength(2);
  });

  it("POST: one attempt, TimeoutError that may have been applied", async () => {
    serve(hang);
    const { error } = await createClient(client({ timeout: 100 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ mayHaveBeenApplied: true });
    expect((error as Error).message).toMatch(MAY_HAVE_BEEN_APPLIED);
    expect(server.requests).toHaveLength(1);
  });

  it("total timeout bounds retries; the caller's abort stops a backoff wait", async () => {
    serve(status(503));
    const { error } = await getClient(
      client({ totalTimeout: 250, retry: { maxRetries: 100, baseDelayMs: 40 } }),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 250 });
    const seen = server.requests.length;
    expect(seen).toBeGreaterThanOrEqual(1);

    // Its own id: an attempt the total timeout cut short may still land late on a busy machine.
    const mine = () => server.requests.filter((r) => r.path.endsWith("/client/1/3"));
    const controller = new AbortController();
    const c = client({ retry: { maxRetries: 3, baseDelayMs: 60_000 } });
    const pending = settle(
      c.request("get_client", { path: { location_id: 1, id: 3 } }, { signal: controller.signal }),
    );
    while (mine().length === 0) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 30));
    controller.abort();
    const { error: aborted } = await pending;
    expect(aborted).toBeInstanceOf(AbortedError);
    expect(mine()).toHaveLength(1);
  });
});

describe("5xx bursts", () => {
  it.each([500, 502, 503, 504])("GET: a burst of two %i is absorbed", async (code) => {
    serve(sequence(status(code), status(code), ok()));
    const { value } = await getClient();
    expect(value).toEqual({ id: 1 });
    expect(server.requests).toHaveLength(3);
  });

  it.each([500, 502, 503, 504])("GET: a longer burst of %i ends in ServerError", async (code) => {
    serve(status(code));
    const { error } = await getClient();
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: code, mayHaveBeenApplied: false });
    expect(server.requests).toHaveLength(3);
  });

  it.each([500, 502, 503, 504])(
    "POST: %i is not repeated and may have been applied",
    async (code) => {
      serve(sequence(status(code), ok()));
      const { error } = await createClient();
      expect(error).toBeInstanceOf(ServerError);
      expect(error).toMatchObject({ status: code, mayHaveBeenApplied: true });
      expect((error as Error).message).toMatch(MAY_HAVE_BEEN_APPLIED);
      expect(server.requests).toHaveLength(1);
    },
  );

  it("per-call maxRetries overrides the client's", async () => {
    serve(status(503));
    const c = client();
    const { error } = await settle(
      c.request("get_client", { path: { location_id: 1, id: 2 } }, { maxRetries: 0 }),
    );
    expect(error).toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(1);
  });
});

describe("429", () => {
  it("with Retry-After (seconds): waits that long, then succeeds — POST included", async () => {
    serve(sequence(status(429, { "retry-after": "1" }), ok()));
    const { value } = await createClient(client({ rateLimit: {} }));
    expect(value).toEqual({ id: 1 });
    expect(server.requests).toHaveLength(2);
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(990);
  });

  it("with Retry-After as an HTTP date", async () => {
    // HTTP dates have 1 s resolution: 2 s ahead is at least 1 s away.
    const at = new Date(Date.now() + 2_000).toUTCString();
    serve(sequence(status(429, { "retry-after": at }), ok()));
    const { value } = await getClient();
    expect(value).toEqual({ id: 1 });
    expect(server.requests).toHaveLength(2);
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(900);
  });

  it("without Retry-After: waits at least 1 s (the API's shortest window)", async () => {
    serve(sequence(status(429), ok()));
    const { value } = await getClient();
    expect(value).toEqual({ id: 1 });
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(990);
  });

  it("longer than maxDelayMs: stops at once with RateLimitError carrying retryAfterMs", async () => {
    serve(status(429, { "retry-after": "120" }));
    const { error } = await createClient();
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 120_000 });
    expect(server.requests).toHaveLength(1);
  });

  it("the default limiter keeps a burst of 12 calls under a server enforcing 5/s: zero 429s", async () => {
    serve((req, res) => {
      const now = arrivals.at(-1)!;
      const inLastSecond = arrivals.filter((t) => t > now - 1000).length;
      if (inLastSecond > 5) return sendJson(res, 429, { success: false, data: null, meta: {} });
      sendJson(res, 200, envelope({ path: req.path }));
    });
    const c = client({ rateLimit: {} });
    const results = await Promise.all(Array.from({ length: 12 }, () => getClient(c)));
    expect(results.every((r) => r.error === undefined)).toBe(true);
    expect(server.requests).toHaveLength(12);
  });

  it("a full limiter queue refuses the call with QueueFullError, before sending", async () => {
    serve(ok());
    const c = client({ rateLimit: { perSecond: 1, maxQueue: 1 } });
    const results = await Promise.all([getClient(c), getClient(c), getClient(c)]);
    const errors = results.map((r) => r.error).filter(Boolean);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(QueueFullError);
    expect(server.requests).toHaveLength(2);
  });
});

describe("bodies that are not the promised JSON", () => {
  it("GET: an HTML 502 page is retried, then ServerError with a short excerpt", async () => {
    serve(htmlPage(502));
    const { error } = await getClient();
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).bodyExcerpt).toContain("502 Bad Gateway");
    expect(server.requests).toHaveLength(3);
  });

  it("an HTML page with 200: InvalidResponseError, not retried", async () => {
    serve(htmlPage(200, "Maintenance"));
    const { error } = await getClient();
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(server.requests).toHaveLength(1);
  });

  it("truncated JSON: InvalidResponseError, not retried", async () => {
    serve(truncatedJson);
    const { error } = await getClient();
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as InvalidResponseError).bodyExcerpt).toContain('"name": "Jo');
    expect(server.requests).toHaveLength(1);
  });

  it("200 with success: false is an APIError with the API's message", async () => {
    serve(status(200, {}, { success: false, data: null, meta: { message: "Client not found" } }));
    const { error } = await getClient();
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).message).toBe("Client not found");
    expect(server.requests).toHaveLength(1);
  });
});

describe("401 and 402", () => {
  const unauthorized = status(
    401,
    {},
    { errors: { code: 401, message: "Unauthorized" }, meta: { message: "Unauthorized" } },
  );

  it("401 on every call, with credentials: one re-login, then AuthenticationError, no loop", async () => {
    serve(unauthorized);
    const c = client({ credentials: { login: "+13155550175", password: PASSWORD } });
    const { error } = await getClient(c);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET ${BASE}/client/1/2`,
      `POST ${BASE}/auth`,
    ]);
    await new Promise((r) => setTimeout(r, 100));
    expect(server.requests).toHaveLength(2);
  });

  it("401 on every call, without credentials: TokenInvalidatedError after one request", async () => {
    serve(unauthorized);
    const { error } = await getClient();
    expect(error).toBeInstanceOf(TokenInvalidatedError);
    expect(server.requests).toHaveLength(1);
  });

  it("401 on every call, many concurrent callers: one shared login, each request sent once", async () => {
    const calls = () => server.requests.filter((r) => r.path !== `${BASE}/auth`).length;
    serve(async (req, res, raw) => {
      // The login is answered once all five calls got their 401, so all of them wait on it.
      for (let waited = 0; req.path === `${BASE}/auth` && calls() < 5 && waited < 200; waited += 5)
        await new Promise((r) => setTimeout(r, 5));
      return unauthorized(req, res, raw);
    });
    const c = client({ credentials: { login: "+13155550175", password: PASSWORD } });
    const results = await Promise.all(Array.from({ length: 5 }, () => getClient(c)));
    expect(results.every((r) => r.error instanceof AuthenticationError)).toBe(true);
    const logins = server.requests.filter((r) => r.path === `${BASE}/auth`);
    expect(logins).toHaveLength(1);
    expect(server.requests.length - logins.length).toBe(5);
  });

  it.each([
    ["GET", getClient],
    ["POST", createClient],
  ] as const)("402 licence expired (%s): PaymentRequiredError, not retried", async (_m, call) => {
    serve(status(402, {}, { success: false, data: null, meta: { message: "Licence expired" } }));
    const { error } = await call();
    expect(error).toBeInstanceOf(PaymentRequiredError);
    expect(error).toMatchObject({ status: 402, message: "Licence expired" });
    expect(server.requests).toHaveLength(1);
  });
});

describe("bad input never reaches the wire", () => {
  it.each([
    [{ location_id: 1, id: "../3" }, "id"],
    [{ location_id: "1/../../auth", id: 2 }, "location_id"],
    [{ location_id: 1, id: "%2F" }, "id"],
    [{ location_id: 1, id: "2?x=1" }, "id"],
    [{ location_id: 0, id: 2 }, "location_id"],
    [{ location_id: 1 }, "id"],
  ])("%j → InvalidArgumentError naming %s, 0 requests", async (path, name) => {
    serve(ok());
    const c = client();
    const { error } = await settle(c.request("get_client", { path } as never));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ parameter: name, operationId: "get_client" });
    const raw = await settle(
      c.raw.GET(operationRegistry.get_client.path, { params: { path } as never }),
    );
    expect(raw.error).toBeInstanceOf(InvalidArgumentError);
    expect(server.requests).toHaveLength(0);
  });
});

describe("secrets", () => {
  it("a server that echoes credentials in its error bodies does not leak them into errors", async () => {
    const echo: Handler = (req, res) => {
      const text = `${req.headers.authorization ?? ""} ${req.body.toString("utf8")}`;
      sendJson(res, 422, {
        success: false,
        data: null,
        meta: { message: `rejected: ${text}`, errors: { login: [text] } },
      });
    };
    serve(sequence(echo, htmlPageEcho));
    const c = client({ credentials: { login: "+13155550175", password: PASSWORD } });
    const first = await getClient(c);
    expect(first.error).toBeInstanceOf(APIError);
    // The echo really carried the tokens, and they were scrubbed.
    expect((first.error as Error).message).toContain("[redacted]");
    const second = await getClient(c);
    expect(second.error).toBeInstanceOf(ServerError);
    expect((second.error as ServerError).bodyExcerpt).toContain("[redacted]");
    serve(echo);
    const login = await settle(c.login("+13155550175", PASSWORD));
    expect(login.error).toBeInstanceOf(AuthenticationError);
    expect(JSON.stringify(login.error)).toContain("[redacted]");
  });

  it("scan: no error or log line produced by this suite holds a token or the password", () => {
    expect(produced.errors.length).toBeGreaterThan(40);
    expect(produced.logs.length).toBeGreaterThan(100);
    const texts: string[] = [...produced.logs];
    for (const error of produced.errors) texts.push(...errorTexts(error));
    for (const text of texts) {
      for (const secret of SECRETS) {
        if (text.includes(secret)) throw new Error(`secret leaked in: ${text.slice(0, 300)}`);
      }
    }
  });
});

/** An HTML 503 page that prints the request's headers, as some proxies do. */
const htmlPageEcho: Handler = (req, res) => {
  res.writeHead(503, { "content-type": "text/html" });
  res.end(`<html><body><pre>Authorization: ${req.headers.authorization ?? ""}</pre></body></html>`);
};

/** Every rendering of an error a user or a log collector could see. */
function errorTexts(error: unknown): string[] {
  const texts = [String(error), inspect(error, { depth: 6 })];
  if (error instanceof Error) {
    texts.push(error.message, error.stack ?? "", JSON.stringify(error));
    for (const key of Object.keys(error))
      texts.push(inspect((error as unknown as Record<string, unknown>)[key]));
    let cause: unknown = error.cause;
    for (let depth = 0; cause !== undefined && depth < 5; depth++) {
      texts.push(String(cause), inspect(cause, { depth: 3 }));
      cause = cause instanceof Error ? cause.cause : undefined;
    }
  }
  return texts;
}
