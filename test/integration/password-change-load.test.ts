/**
 * A password change under load, against the sandbox's own rate limit (the API's: 5/s, 200/min)
 * with the SDK's limiter on: 50 concurrent calls right after the password changed. Once a 401 has
 * shown the token stale, no waiting call is sent with it; the login goes ahead of the queue and
 * the waiting calls follow with the new token. So: the few calls already in flight, one login,
 * 50 successes (≤ 56 requests), in the time the rate limit sets (about 10 s), with no 429.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "altegio-sdk-sandbox";
import { LOCATION, control, countOf, logOf, sdkFor, startTestSandbox } from "./support.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ rateLimit: { perSecond: 5, perMinute: 200 } });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const CALLS = 50;
const FIRST_CLIENT = 90001;

describe("password changed while 50 calls wait in the rate limiter", () => {
  it("≤ 56 requests, 1 login, 50 successes, no 429, in the time the rate limit sets", async () => {
    const user = sandbox.users[0]!;
    let password = user.password;
    const altegio = sdkFor(sandbox, {
      credentials: async () => ({ login: user.login, password }),
      rateLimit: { perSecond: 5, perMinute: 200 },
    });
    await altegio.login();
    const reply = await control(sandbox, "POST", "/password", {
      login: user.login,
      password: "changed-under-load",
    });
    expect(reply.status).toBe(200);
    password = "changed-under-load";
    const before = sandbox.stats().total;
    const loginsBefore = countOf(sandbox, "authorize_user");
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // a full rate-limit second

    const started = performance.now();
    const ids = Array.from({ length: CALLS }, (_, i) => FIRST_CLIENT + i);
    const clients = await Promise.all(
      ids.map((id) => altegio.clients.get({ location_id: LOCATION, id })),
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `50 calls after a password change: ${sandbox.stats().total - before} requests in ${seconds.toFixed(1)} s`,
    );
    expect(clients.map((c) => c.id)).toEqual(ids);

    const sent = sandbox.stats().total - before;
    const stale = logOf(sandbox, "get_client").filter((r) => r.status === 401).length;
    expect(countOf(sandbox, "authorize_user") - loginsBefore).toBe(1);
    expect(logOf(sandbox, "get_client").filter((r) => r.status === 200)).toHaveLength(CALLS);
    expect(stale).toBeLessThanOrEqual(5); // only calls already in flight met the stale token
    expect(sent).toBeLessThanOrEqual(56);
    expect(sandbox.stats().rateLimited).toBe(0);
    // 51 requests at 5/s after the first burst: about 10 s; well under the 21 s of sending stale.
    expect(seconds).toBeLessThan(14);
  }, 40_000);
});
