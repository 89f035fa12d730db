/**
 * A password change while the SDK is in use: the sandbox invalidates the user's tokens (changed
 * over its HTTP control API, as another process would), 50 calls in flight hit 401 together and
 * share a single re-login; a provider that still returns the old password ends in one failed
 * login and a typed error, never a loop.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AuthenticationError, type Credentials, type TokenChangeReason } from "../../src/index.js";
import type { Sandbox } from "altegio-sdk-sandbox";
import { LOCATION, control, countOf, logOf, sdkFor, startTestSandbox } from "./support.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const CALLS = 50;
const FIRST_CLIENT = 90001;

async function changePassword(login: string, password: string): Promise<void> {
  const reply = await control(sandbox, "POST", "/password", { login, password });
  expect(reply.status).toBe(200);
  expect(reply.json.data.tokens_invalidated).toBe(true);
}

describe("password changed in the sandbox while the SDK holds a token", () => {
  it("50 concurrent calls all succeed after exactly one new POST /auth", async () => {
    const user = sandbox.users[0]!;
    let credentials: Credentials = { login: user.login, password: user.password };
    const changes: TokenChangeReason[] = [];
    const altegio = sdkFor(sandbox, {
      credentials: async () => credentials,
      onTokenChange: ({ reason }) => void changes.push(reason),
    });
    await altegio.login();
    expect(countOf(sandbox, "authorize_user")).toBe(1);

    await changePassword(user.login, "new-pass-50");
    credentials = { ...credentials, password: "new-pass-50" };

    const ids = Array.from({ length: CALLS }, (_, i) => FIRST_CLIENT + i);
    const clients = await Promise.all(
      ids.map((id) => altegio.clients.get({ location_id: LOCATION, id })),
    );
    expect(clients.map((c) => c.id)).toEqual(ids);

    expect(countOf(sandbox, "authorize_user")).toBe(2);
    expect(changes).toEqual(["login", "relogin"]);
    const log = logOf(sandbox, "get_client");
    const rejected = log.filter((r) => r.status === 401).length;
    expect(log.filter((r) => r.status === 200)).toHaveLength(CALLS);
    expect(rejected).toBeGreaterThanOrEqual(1);
    expect(log).toHaveLength(CALLS + rejected);
    // Each call was sent at most twice: once with the old token, once after the re-login.
    const perUrl = new Map<string, number>();
    for (const r of log) perUrl.set(r.url, (perUrl.get(r.url) ?? 0) + 1);
    expect(perUrl.size).toBe(CALLS);
    expect(Math.max(...perUrl.values())).toBeLessThanOrEqual(2);
    // The log's order: the one login sits after the 401s that caused it.
    const order = sandbox.requests.map((r) => r.operationId);
    expect(order.lastIndexOf("authorize_user")).toBeGreaterThan(
      sandbox.requests.findIndex((r) => r.status === 401),
    );

    // And the session goes on with the new token: no further login.
    await altegio.clients.get({ location_id: LOCATION, id: FIRST_CLIENT });
    expect(countOf(sandbox, "authorize_user")).toBe(2);
  });

  it("a provider still returning the old password: AuthenticationError after one login", async () => {
    const user = sandbox.users[0]!;
    const stale: Credentials = { login: user.login, password: user.password };
    let provided = 0;
    const altegio = sdkFor(sandbox, {
      credentials: () => {
        provided += 1;
        return stale;
      },
    });
    await altegio.login();
    await changePassword(user.login, "new-pass-unknown-to-the-app");

    const error = await altegio.clients.get({ location_id: LOCATION, id: FIRST_CLIENT }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    const auth = error as AuthenticationError;
    expect(auth.code).toBe("authentication");
    // Named after the user's call; the login's own failure is the cause.
    expect(auth.operationId).toBe("get_client");
    expect(auth.message).toContain("Logging in for get_client failed");
    expect((auth.cause as AuthenticationError).operationId).toBe("authorize_user");
    expect(JSON.stringify(auth)).not.toContain(stale.password);
    expect(auth.message).not.toContain(stale.password);

    expect(provided).toBe(2); // the first login and the one re-login
    expect(countOf(sandbox, "authorize_user")).toBe(2);
    expect(logOf(sandbox, "authorize_user").map((r) => r.status)).toEqual([201, 401]);
    // The call itself went out once: no replay without a token, no loop.
    expect(logOf(sandbox, "get_client").map((r) => r.status)).toEqual([401]);
  });
});
