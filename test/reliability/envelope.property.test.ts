/**
 * Property tests of the envelope/error parser (src/envelope.ts) on arbitrary bodies and statuses:
 * it never throws anything but a typed APIError, never loses the status, never lets a known secret
 * through, and reads every well-formed success envelope.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseResponse } from "../../src/core/envelope.js";
import { APIError, RateLimitError, ServerError } from "../../src/core/errors.js";
import { SecretRedactor } from "../../src/core/secrets.js";

const SECRET = "tok-SECRET-5f2e9a71c3";
const redactor = new SecretRedactor();
redactor.remember(SECRET);

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
  const response = new Response(body, {
    status,
    headers: { "content-type": "application/json", "retry-after": "2" },
  });
  try {
    return {
      value: await parseResponse(response, {
        method,
        operationId: "get_client",
        path: "/client/{location_id}/{id}",
        redact: redactor.redact,
      }),
    };
  } catch (error) {
    return { error };
  }
}

describe("parseResponse on arbitrary bodies", () => {
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
