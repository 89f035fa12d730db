/**
 * Looking at an error never throws (issue 11): for every error class the SDK produces,
 * `util.inspect(err, { showHidden: true })`, `util.format("%o", err)` and `JSON.stringify(err)`
 * work, and an API error's `response` body can still be read, with `bodyText` the text the SDK
 * read. Each API error comes from a real answer through the client (openapi-fetch's parsing).
 */
import { format, inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  AbortedError,
  AltegioError,
  APIError,
  ConfigurationError,
  createAltegioClient,
  InvalidArgumentError,
  PaginationError,
  QueueFullError,
  TimeoutError,
  ConnectionError,
} from "../../src/index.js";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const failure = (message: string) => ({ success: false, data: null, meta: { message } });

const answers: Record<string, () => Response> = {
  BadRequestError: () => json(400, failure("bad filter")),
  ValidationError: () =>
    json(422, {
      ...failure("invalid"),
      meta: { message: "invalid", errors: { name: ["required"] } },
    }),
  TokenInvalidatedError: () =>
    json(401, {
      errors: { code: 401, message: "Unauthorized" },
      meta: { message: "Unauthorized" },
    }),
  PaymentRequiredError: () => json(402, failure("licence expired")),
  PermissionDeniedError: () => json(403, failure("no rights")),
  NotFoundError: () => json(404, failure("not found")),
  ConflictError: () => json(409, failure("slot taken")),
  RateLimitError: () =>
    new Response(JSON.stringify(failure("slow down")), {
      status: 429,
      headers: { "retry-after": "1" },
    }),
  ServerError: () =>
    new Response("<html><body>502 Bad Gateway</body></html>", {
      status: 502,
      headers: { "content-type": "text/html" },
    }),
  InvalidResponseError: () =>
    new Response('{"success":true,"data":{"id":', {
      status: 200,
      headers: { "content-type": "application/json" },
    }),
  APIError: () => json(200, { success: false, data: null, meta: { message: "refused" } }),
};

function looksSafe(error: unknown): void {
  expect(error).toBeInstanceOf(AltegioError);
  expect(() => inspect(error, { showHidden: true, depth: 6 })).not.toThrow();
  expect(() => format("%o", error)).not.toThrow();
  expect(() => JSON.stringify(error)).not.toThrow();
}

describe("every error class is safe to inspect", () => {
  for (const [name, answer] of Object.entries(answers)) {
    it(`${name} from a real answer; its response can still be read`, async () => {
      const client = createAltegioClient({
        partnerToken: "partner-token-x",
        userToken: "user-token-x",
        baseUrl: "https://api.example.test/api/v1",
        rateLimit: false,
        retry: false,
        fetch: async () => answer(),
      });
      const error = await client.clients.get({ location_id: 1, id: 2 }).catch((e: unknown) => e);
      expect((error as Error).constructor.name).toBe(name);
      if (name === "TokenInvalidatedError") {
        // And a 401 to a partner-level call: AuthenticationError, reason partner_token.
        const partner = await client.locations.list().catch((e: unknown) => e);
        expect((partner as Error).constructor.name).toBe("AuthenticationError");
        looksSafe(partner);
      }
      looksSafe(error);
      const api = error as APIError;
      const text = await api.response!.text();
      expect(text.length).toBeGreaterThan(0);
      expect(api.bodyText).toBe(text);
      looksSafe(error); // the body read above changes nothing
    });
  }

  it("the errors raised without an answer", async () => {
    const refused = createAltegioClient({
      partnerToken: "partner-token-x",
      userToken: "user-token-x",
      baseUrl: "http://127.0.0.1:9/api/v1",
      rateLimit: false,
      retry: false,
    });
    const connection = await refused.clients
      .get({ location_id: 1, id: 2 })
      .catch((e: unknown) => e);
    expect(connection).toBeInstanceOf(ConnectionError);
    const aborted = await refused.clients
      .get({ location_id: 1, id: 2 }, { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(aborted).toBeInstanceOf(AbortedError);
    const invalid = await refused.clients.get({ location_id: 0, id: 2 }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(InvalidArgumentError);
    for (const error of [
      connection,
      aborted,
      invalid,
      new ConfigurationError("missing"),
      new TimeoutError("slow", { timeoutMs: 5, mayHaveBeenApplied: false }),
      new QueueFullError(10),
      new PaginationError("max_pages", "too many", { pagesRead: 1, itemsRead: 2 }),
    ]) {
      looksSafe(error);
    }
  });
});
