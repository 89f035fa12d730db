/**
 * Errors against the sandbox: which credential a 401 refused (`reason`), and an error that is safe
 * to look at: inspecting it never throws, `response` can still be read, `bodyText` is what the SDK
 * read, scrubbed.
 */
import { inspect, format } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "altegio-sdk-sandbox";
import { AuthenticationError, NotFoundError, TokenInvalidatedError } from "../../src/index.js";
import { LOCATION, sdkFor, startTestSandbox } from "./support.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

describe("AuthenticationError.reason", () => {
  it("partner_token: a 401 to a partner-level call", async () => {
    const altegio = sdkFor(sandbox, { partnerToken: "not-the-partner-token" });
    const error = await altegio.locations.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).reason).toBe("partner_token");
  });

  it("login_rejected: the login refused the credentials", async () => {
    const user = sandbox.users[0]!;
    const altegio = sdkFor(sandbox, { credentials: { login: user.login, password: "wrong-pass" } });
    const error = await altegio.login().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).reason).toBe("login_rejected");
  });

  it("user_token: a refused user token with no way to log in again", async () => {
    const altegio = sdkFor(sandbox, { credentials: undefined, userToken: "stale-user-token" });
    const error = await altegio.services.list({ location_id: LOCATION }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenInvalidatedError);
    expect((error as AuthenticationError).reason).toBe("user_token");
  });
});

describe("an API error is safe to inspect", () => {
  it("inspect and %o never throw; response can be read; bodyText is what was read", async () => {
    const altegio = sdkFor(sandbox);
    const error = await altegio.clients
      .get({ location_id: LOCATION, id: 999_999 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    const notFound = error as NotFoundError;
    expect(() => inspect(notFound, { showHidden: true, depth: 5 })).not.toThrow();
    expect(() => format("%o", notFound)).not.toThrow();
    const body = (await notFound.response!.json()) as { success?: boolean };
    expect(body.success).toBe(false);
    expect(notFound.bodyText).toContain('"success":false');
    expect(JSON.stringify(notFound)).not.toContain("bodyText");
  });
});
