import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  createAltegioClient,
  InvalidResponseError,
  NotFoundError,
  PaymentRequiredError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  ValidationError,
  type AltegioClientOptions,
} from "../../src/index.js";
import { envelope, sendJson, startLoopback, type LoopbackServer } from "../support/loopback.js";
import { BASE_PATH, expectNoSecrets, NEW_TOKEN, PARTNER, rejectionOf } from "./fake-altegio.js";

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopback();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
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

function answer(write: (res: ServerResponse) => void) {
  server.setHandler((_req, res) => write(res));
}

const shapeA = (message: string, errors: Record<string, string[]> = {}) => ({
  success: false,
  data: null,
  meta: { message, errors },
});
const shapeB = (code: number, message: string) => ({
  errors: { code, message },
  meta: { message },
});

const getClient = (c = client()) => c.request("get_client", { path: { location_id: 1, id: 2 } });
const getLocation = (c = client()) => c.request("get_location", { path: { location_id: 1 } });
const createClientCall = (c = client()) =>
  c.request("create_client", {
    path: { location_id: 1 },
    body: { name: "Jane", phone: "+13155550175" },
  });

describe("envelope: success", () => {
  it("gives data, and meta through requestWithResponse ([] meta becomes {})", async () => {
    answer((res) => sendJson(res, 200, envelope([{ id: 1 }, { id: 2 }], { total_count: 2 })));
    const c = client();
    const result = await c.requestWithResponse("get_client", { path: { location_id: 1, id: 2 } });
    expect(result.data).toEqual([{ id: 1 }, { id: 2 }]);
    expect(result.meta).toEqual({ total_count: 2 });
    expect(result.response.status).toBe(200);
    answer((res) => sendJson(res, 200, envelope({ id: 3 }, [])));
    const again = await c.requestWithResponse("get_client", { path: { location_id: 1, id: 2 } });
    expect(again.meta).toEqual({});
  });

  it("204 gives undefined without failing", async () => {
    answer((res) => {
      res.writeHead(204);
      res.end();
    });
    await expect(
      client().request("delete_client", { path: { location_id: 1, id: 2 } }),
    ).resolves.toBeUndefined();
  });

  it("a binary answer (PDF) is a Blob", async () => {
    const pdf = Buffer.from("%PDF-1.4 fake receipt");
    answer((res) => {
      res.writeHead(200, { "content-type": "application/pdf" });
      res.end(pdf);
    });
    const data = (await client().request("get_visit_receipt_pdf", {
      path: { visit_id: 5 },
    })) as unknown;
    expect(data).toBeInstanceOf(Blob);
    expect(Buffer.from(await (data as Blob).arrayBuffer()).equals(pdf)).toBe(true);
  });
});

describe("envelope: errors", () => {
  const cases: {
    name: string;
    status: number;
    body: unknown;
    type: new (...args: never[]) => APIError;
    message: string;
    fieldErrors?: Record<string, string[]>;
    /** A partner-level call, where a 401 is not a session matter (see session.test.ts). */
    partnerLevel?: boolean;
  }[] = [
    {
      name: "400 bad filter",
      status: 400,
      body: shapeA("Bad filter"),
      type: BadRequestError,
      message: "Bad filter",
    },
    {
      name: "400 with field errors",
      status: 400,
      body: shapeA("Invalid data", { phone: ["Wrong phone"] }),
      type: ValidationError,
      message: "Invalid data",
      fieldErrors: { phone: ["Wrong phone"] },
    },
    {
      name: "401 shape B",
      status: 401,
      body: shapeB(401, "Unauthorized"),
      type: AuthenticationError,
      message: "Unauthorized",
      partnerLevel: true,
    },
    {
      name: "401 shape A",
      status: 401,
      body: shapeA("Partner token is invalid"),
      type: AuthenticationError,
      message: "Partner token is invalid",
      partnerLevel: true,
    },
    {
      name: "402 licence",
      status: 402,
      body: shapeA("Licence expired"),
      type: PaymentRequiredError,
      message: "Licence expired",
    },
    {
      name: "403 rights",
      status: 403,
      body: shapeA("No rights"),
      type: PermissionDeniedError,
      message: "No rights",
    },
    {
      name: "404 shape A",
      status: 404,
      body: shapeA("Client not found"),
      type: NotFoundError,
      message: "Client not found",
    },
    {
      name: "404 shape B",
      status: 404,
      body: shapeB(404, "Not found"),
      type: NotFoundError,
      message: "Not found",
    },
    {
      name: "409 slot",
      status: 409,
      body: shapeA("The slot is taken"),
      type: ConflictError,
      message: "The slot is taken",
    },
    {
      name: "422 validation",
      status: 422,
      body: shapeA("Validation failed", { name: ["Required"], email: ["Invalid", "Too long"] }),
      type: ValidationError,
      message: "Validation failed",
      fieldErrors: { name: ["Required"], email: ["Invalid", "Too long"] },
    },
    { name: "418 other", status: 418, body: shapeA("Teapot"), type: APIError, message: "Teapot" },
    {
      name: "500",
      status: 500,
      body: shapeA("Internal error"),
      type: ServerError,
      message: "Internal error",
    },
    {
      name: "503 non-envelope JSON",
      status: 503,
      body: { message: "Maintenance" },
      type: ServerError,
      message: "Maintenance",
    },
  ];

  for (const testCase of cases) {
    it(`${testCase.name} → ${testCase.type.name}`, async () => {
      // The user-level call: the partner token and the user token are both in the request.
      answer((res) => sendJson(res, testCase.status, testCase.body));
      const error = await rejectionOf(testCase.partnerLevel ? getLocation() : getClient());
      expect(error).toBeInstanceOf(testCase.type);
      const apiError = error as APIError;
      expect(apiError.constructor).toBe(testCase.type);
      expect(apiError.status).toBe(testCase.status);
      expect(apiError.message).toBe(testCase.message);
      expect(apiError.fieldErrors).toEqual(testCase.fieldErrors ?? {});
      expect(apiError.operationId).toBe(testCase.partnerLevel ? "get_location" : "get_client");
      expect(apiError.method).toBe("GET");
      expect(apiError.path).toBe(
        testCase.partnerLevel ? "/company/{location_id}" : "/client/{location_id}/{id}",
      );
      expect(apiError.response?.status).toBe(testCase.status);
      expectNoSecrets(error);
    });
  }

  it("HTTP 200 with success: false is an error", async () => {
    answer((res) => sendJson(res, 200, shapeA("Something is wrong")));
    const error = await rejectionOf(getClient());
    expect((error as APIError).constructor).toBe(APIError);
    expect((error as APIError).status).toBe(200);
    expect((error as APIError).message).toBe("Something is wrong");

    answer((res) => sendJson(res, 200, shapeA("Invalid", { name: ["Required"] })));
    expect(await rejectionOf(getClient())).toBeInstanceOf(ValidationError);

    answer((res) => sendJson(res, 200, shapeB(404, "Not found")));
    const notFound = await rejectionOf(getClient());
    expect(notFound).toBeInstanceOf(NotFoundError);
    expect((notFound as APIError).status).toBe(200);
  });

  it("429 → RateLimitError with Retry-After in seconds or as an HTTP date", async () => {
    answer((res) => sendJson(res, 429, shapeA("Too many requests"), { "retry-after": "7" }));
    const seconds = await rejectionOf(getClient());
    expect(seconds).toBeInstanceOf(RateLimitError);
    expect((seconds as RateLimitError).retryAfterMs).toBe(7000);

    const at = new Date(Date.now() + 30_000).toUTCString();
    answer((res) => sendJson(res, 429, shapeA("Too many requests"), { "retry-after": at }));
    const date = (await rejectionOf(getClient())) as RateLimitError;
    expect(date.retryAfterMs).toBeGreaterThan(25_000);
    expect(date.retryAfterMs).toBeLessThanOrEqual(30_000);

    answer((res) => sendJson(res, 429, shapeA("Too many requests")));
    expect(((await rejectionOf(getClient())) as RateLimitError).retryAfterMs).toBeUndefined();
  });

  it("5xx: mayHaveBeenApplied is true for POST, false for GET", async () => {
    answer((res) => sendJson(res, 500, shapeA("Oops")));
    const get = (await rejectionOf(getClient())) as ServerError;
    expect(get.mayHaveBeenApplied).toBe(false);
    expect(get.message).toBe("Oops");
    const post = (await rejectionOf(createClientCall())) as ServerError;
    expect(post).toBeInstanceOf(ServerError);
    expect(post.mayHaveBeenApplied).toBe(true);
    expect(post.method).toBe("POST");
    // The wording ConnectionError and TimeoutError use for a write too.
    expect(post.message).toBe("Oops; the write may have been applied.");
  });

  it("5xx on a PATCH, and with an HTML page: the message says the write may have been applied", async () => {
    answer((res) => sendJson(res, 503, shapeA("Try later.")));
    const patch = (await rejectionOf(
      client().request("patch_service", {
        path: { location_id: 1, service_id: 2 },
        body: { title: "Cut" } as never,
      }),
    )) as ServerError;
    expect(patch).toMatchObject({ method: "PATCH", mayHaveBeenApplied: true });
    expect(patch.message).toBe("Try later; the write may have been applied.");

    answer((res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html>502 Bad Gateway</html>");
    });
    const page = (await rejectionOf(createClientCall())) as ServerError;
    expect(page.message).toMatch(/not valid JSON: .*; the write may have been applied\.$/);

    answer((res) => {
      res.writeHead(500);
      res.end();
    });
    const empty = (await rejectionOf(createClientCall())) as ServerError;
    expect(empty.message).toBe(
      "The API answered HTTP 500 with an empty body; the write may have been applied.",
    );
  });

  it("an HTML 502 page: ServerError with the status and a short excerpt", async () => {
    const page = `<html><head><title>502 Bad Gateway</title></head><body>${"x".repeat(5000)}</body></html>`;
    answer((res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end(page);
    });
    const error = (await rejectionOf(getClient())) as ServerError;
    expect(error).toBeInstanceOf(ServerError);
    expect(error.status).toBe(502);
    expect(error.bodyExcerpt).toMatch(/^<html><head><title>502 Bad Gateway/);
    expect(error.bodyExcerpt!.length).toBeLessThanOrEqual(201);
    expect(error.message).toMatch(/502/);
    expect(error.message).toMatch(/not valid JSON/);
    expectNoSecrets(error);
  });

  it("truncated JSON on 200: InvalidResponseError with the status and an excerpt", async () => {
    answer((res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"success":true,"data":{"id":1,"na');
    });
    const error = (await rejectionOf(getClient())) as InvalidResponseError;
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.code).toBe("invalid_response");
    expect(error.status).toBe(200);
    expect(error.bodyExcerpt).toBe('{"success":true,"data":{"id":1,"na');
  });

  it("secrets echoed by the server (a proxy error page, a message) are redacted", async () => {
    answer((res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end(`<pre>Authorization: Bearer ${PARTNER}, User ${NEW_TOKEN}</pre>`);
    });
    const page = (await rejectionOf(getClient())) as ServerError;
    expect(page.bodyExcerpt).toBe("<pre>Authorization: Bearer [redacted], User [redacted]</pre>");
    expectNoSecrets(page);

    answer((res) =>
      sendJson(res, 422, shapeA(`token ${NEW_TOKEN} is bad`, { token: [`${PARTNER}`] })),
    );
    const validation = (await rejectionOf(getClient())) as ValidationError;
    expect(validation.message).toBe("token [redacted] is bad");
    expect(validation.fieldErrors).toEqual({ token: ["[redacted]"] });
    expectNoSecrets(validation);
  });

  it("an empty error body still maps by status", async () => {
    answer((res) => {
      res.writeHead(404);
      res.end();
    });
    const error = (await rejectionOf(getClient())) as NotFoundError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toMatch(/404/);
  });
});
