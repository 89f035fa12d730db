/**
 * Faults on the automatic login. Logging in is safe to repeat, so a 503, an HTML 502, a dropped
 * connection or a 429 on `POST /auth` is retried like a read; the user's call then succeeds, and
 * no error ever says a login "may have been applied". When the login keeps failing, the user's
 * call fails with an error named after it, the login's failure as its cause.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "altegio-sdk-sandbox";
import { AltegioError, ServerError } from "../../src/index.js";
import { LOCATION, countOf, sdkFor, startTestSandbox } from "./support.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const retry = { maxRetries: 3, baseDelayMs: 10, maxDelayMs: 50 };

describe("a transient fault on the automatic login", () => {
  for (const [name, rule] of [
    ["503", { type: "status", status: 503 }],
    ["an HTML 502", { type: "malformed", body: "html", status: 502 }],
    ["a dropped connection", { type: "drop", when: "before-headers" }],
    ["a 429", { type: "rate-limit", retryAfter: 0 }],
  ] as const) {
    it(`${name} is retried; the user's call succeeds`, async () => {
      sandbox.faults.add({ ...rule, operations: ["authorize_user"], times: 2 });
      const altegio = sdkFor(sandbox, { retry });
      const services = await altegio.services.list({ location_id: LOCATION });
      expect(Array.isArray(services)).toBe(true);
      expect(countOf(sandbox, "authorize_user")).toBe(3);
    });
  }

  it("a login that keeps failing: the user's call's error, never 'may have been applied'", async () => {
    sandbox.faults.add({ type: "status", status: 503, operations: ["authorize_user"] });
    const altegio = sdkFor(sandbox, { retry });
    const error = await altegio.services
      .list({ location_id: LOCATION })
      .catch((e: unknown) => e as AltegioError);
    expect(error).toBeInstanceOf(ServerError);
    const server = error as ServerError;
    expect(server.operationId).toBe("get_service_list");
    expect(server.mayHaveBeenApplied).toBe(false);
    expect(server.message).not.toMatch(/may have been applied/);
    expect((server.cause as ServerError).operationId).toBe("authorize_user");
    expect(countOf(sandbox, "authorize_user")).toBe(4); // the first try and 3 retries
  });
});
