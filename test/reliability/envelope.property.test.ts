/**
 * Property tests of how an answer becomes data or an error (openapi-fetch's parsing, then
 * src/core/envelope.ts: `unwrap`, `unreadableAnswer`, `errorOfResponse` for a 401) on arbitrary
 * bodies and statuses, through a client whose fetch answers them: it never throws anything but a
 * typed APIError, never loses the status, never lets a known secret through, and reads every
 * well-formed success envelope.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { APIError, RateLimitError, ServerError } from "../../src/core/errors.js";
import type { HttpMethod, Registry } from "../../src/core/operation.js";
import { createAltegioClient, type AltegioClient } from "../../src/index.js";

/** The user token: the client remembers it as a secret. */
const SECRET = "tok-SECRET-5f2e9a71c3";
const PATH = "/client/{location_id}/{id}";

let answer = { status: 200, body: "" };
/** One client per method, each with `get_client` sent with that method. */
const clients = new Map<string, AltegioClient>(
  (["get", "post", "put", "patch", "delete"] as const).map((method: HttpMethod) => {
    const registry: Registry = {
      get_client: {
        method,
        path: PATH,
        auth: "user",
        pathParams: { location_id: "number", id: "number" },
      },
    };
    const client = createAltegioClient({
      partnerToken: "partner-token",
      userToken: SECRET,
      baseUrl: "http://127.0.0.1:9/api",
      registry,
      rateLimit: false,
      retry: false,
      fetch: async () =>
        new Response(answer.body, {
          status: answer.status,
          headers: { "content-type": "application/json", "retry-after": "2" },
        }),
    });
    return [method.toUpperCase(), client];
  }),
);

const statuses = fc.constantFrom(
  200,
  201,
  202,
  400,
  401,
  402,
  403,
  404,
  409,
  422,
  429,
  500,
  502,
  503,
  504,
);

/** A string that sometimes carries the secret. */
const text = fc.oneof(
  fc.string(),
  fc.tuple(fc.string(), fc.string()).map(([a, b]) => `${a}${SECRET}${b}`),
);

/** Bodies shaped like the API's envelopes, and not quite. */
const envelopeLike = fc.record(
  {
    success: fc.oneof(fc.boolean(), fc.constant(null), fc.string(), fc.integer()),
    data: fc.oneof(fc.constant(null), fc.jsonValue(), text),
    meta: fc.oneof(
      fc.constant([]),
      fc.jsonValue(),
      fc.record(
        {
          message: fc.oneof(text, fc.integer(), fc.constant(null)),
          errors: fc.oneof(
            fc.dictionary(fc.string(), fc.oneof(fc.array(text), text, fc.jsonValue())),
            fc.jsonValue(),
          ),
          total_count: fc.integer(),
        },
        { requiredKeys: [] },
      ),
    ),
    errors: fc.oneof(
      fc.record(
        { code: fc.oneof(statuses, fc.integer()), message: fc.oneof(text, fc.jsonValue()) },
        { requiredKeys: [] },
      ),
      fc.jsonValue(),
    ),
  },
  { requiredKeys: [] },
);

const bodies = fc.oneof(
  envelopeLike.map((b) => JSON.stringify(b)),
  fc.jsonValue().map((b) => JSON.stringify(b)),
  text,
  // Truncated JSON.
  fc.tuple(envelopeLike, fc.nat()).map(([b, cut]) => {
    const json = JSON.stringify(b);
    return json.slice(0, cut % Math.max(1, json.length));
  }),
  text.map((t) => `<html><body><h1>Error</h1><p>${t}</p></body></html>`),
);

const methods = fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE");

async function outcome(status: number, body: string, method: string) {
  answer = { status, body };
  try {
    return {
      value: await clients
        .get(method)!
        .requestWithResponse("get_client" as never, { path: { location_id: 1, id: 2 } } as never),
    };
  } catch (error) {
    return { error };
  }
}

describe("answers on arbitrary bodies", () => {
  it("property: only typed APIErrors, status kept, no secret in any error", async () => {
    await fc.assert(
      fc.asyncProperty(statuses, bodies, methods, async (status, body, method) => {
        const result = await outcome(status, body, method);
        if (status >= 400) expect(result.error).toBeDefined();
        if (result.error === undefined) return;
        const error = result.error;
        expect(error).toBeInstanceOf(APIError);
        const apiError = error as APIError;
        expect(apiError.status).toBe(status);
        expect(typeof apiError.message).toBe("string");
        expect(apiError.message.length).toBeGreaterThan(0);
        expect(apiError.operationId).toBe("get_client");
        for (const [field, messages] of Object.entries(apiError.fieldErrors)) {
          expect(typeof field).toBe("string");
          expect(Array.isArray(messages) && messages.every((m) => typeof m === "string")).toBe(
            true,
          );
        }
        if (apiError.bodyExcerpt !== undefined)
          expect(apiError.bodyExcerpt.length).toBeLessThanOrEqual(201);
        if (status === 429) {
          expect(error).toBeInstanceOf(RateLimitError);
          expect((error as RateLimitError).retryAfterMs).toBe(2000);
        }
        if (status >= 500) {
          expect(error).toBeInstanceOf(ServerError);
          expect((error as ServerError).mayHaveBeenApplied).toBe(
            method === "POST" || method === "PATCH",
          );
        }
        const rendered = [JSON.stringify(error), String(error), apiError.stack ?? ""].join("\n");
        expect(rendered).not.toContain(SECRET);
      }),
      { numRuns: 1500 },
    );
  });

  it("property: a well-formed success envelope gives back its data, and meta as an object", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(200, 201, 202),
        fc.jsonValue(),
        fc.oneof(fc.constant([]), fc.dictionary(fc.string(), fc.jsonValue())),
        async (status, data, meta) => {
          const body = JSON.stringify({ success: true, data, meta });
          const result = await outcome(status, body, "GET");
          expect(result.error).toBeUndefined();
          expect(result.value!.data).toEqual(JSON.parse(JSON.stringify(data)));
          expect(result.value!.meta).toEqual(
            Array.isArray(meta) ? {} : JSON.parse(JSON.stringify(meta)),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it("property: a 2xx with success: false is always an error", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(200, 201), envelopeLike, async (status, body) => {
        const result = await outcome(status, JSON.stringify({ ...body, success: false }), "GET");
        expect(result.error).toBeInstanceOf(APIError);
      }),
      { numRuns: 500 },
    );
  });
});
