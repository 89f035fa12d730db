/**
 * One request path: middleware added with openapi-fetch's own `altegio.raw.use()` sees every call
 * the client makes (facade methods, `request()`, pagination, helpers, the session's login, raw
 * calls) with its `schemaPath`, and what it adds to the Request reaches the server. It never sees
 * the credentials: the Authorization header is added behind it, per attempt.
 */
import type { Middleware } from "openapi-fetch";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "altegio-sdk-sandbox";
import { operationRegistry } from "../../src/index.js";
import { LOCATION, control, logOf, sdkFor, startTestSandbox } from "./support.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

interface Seen {
  method: string;
  schemaPath: string;
  authorization: string | null;
  status?: number;
}

function recorder(): { seen: Seen[]; middleware: Middleware } {
  const seen: Seen[] = [];
  const ids: string[] = [];
  return {
    seen,
    middleware: {
      onRequest({ request, schemaPath, id }) {
        ids.push(id);
        seen.push({
          method: request.method,
          schemaPath,
          authorization: request.headers.get("authorization"),
        });
        const traced = new Headers(request.headers);
        traced.set("X-Trace", `trace-${seen.length}`);
        return new Request(request, { headers: traced });
      },
      onResponse({ response, id }) {
        seen[ids.indexOf(id)]!.status = response.status;
        return undefined;
      },
    },
  };
}

const op = (id: keyof typeof operationRegistry) =>
  `${operationRegistry[id].method.toUpperCase()} ${operationRegistry[id].path}`;

describe("altegio.raw.use() middleware", () => {
  it("sees the login and every kind of call, with its schemaPath and without credentials", async () => {
    const sent: (string | null)[] = [];
    const altegio = sdkFor(sandbox, {
      fetch: (request) => {
        sent.push(request.headers.get("x-trace"));
        return fetch(request);
      },
    });
    const { seen, middleware } = recorder();
    altegio.raw.use(middleware);

    // The first user-level call logs in by itself: the login goes through the same client.
    await altegio.services.list({ location_id: LOCATION });
    const created = await altegio.clients.create({
      location_id: LOCATION,
      body: { name: "Mia Middleware", phone: "+13155550142" },
    });
    const id = (created as { id: number }).id;
    await altegio.request("get_client", { path: { location_id: LOCATION, id } });
    const found = await altegio.clients.findByPhone({
      location_id: LOCATION,
      phone: "+13155550142",
    });
    expect(found?.id).toBe(id);
    await altegio.collectAll(altegio.clients.list, { location_id: LOCATION, body: {} });
    await altegio.raw.GET(operationRegistry.get_client.path, {
      params: { path: { location_id: LOCATION, id } },
    });

    const calls = seen.map((s) => `${s.method} ${s.schemaPath}`);
    // The user's call first; inside its first attempt, the login it needs.
    expect(calls.slice(0, 2)).toEqual([op("get_service_list"), op("authorize_user")]);
    expect(seen.slice(0, 2).map((s) => s.status)).toEqual([200, 201]);
    expect(calls).toContain(op("create_client"));
    expect(calls).toContain(op("get_client_list"));
    expect(calls.filter((c) => c === op("get_client"))).toHaveLength(3); // request, helper, raw
    // In front of the credentials: the middleware never sees them.
    expect(seen.every((s) => s.authorization === null)).toBe(true);
    // What the middleware added reached the server, on every call, the login's included.
    expect([...sent].sort()).toEqual(seen.map((_, i) => `trace-${i + 1}`).sort());
  });

  it("sees the automatic re-login after a password change, inside the call it serves", async () => {
    const user = sandbox.users[0]!;
    let password = user.password;
    const altegio = sdkFor(sandbox, { credentials: async () => ({ login: user.login, password }) });
    await altegio.login();
    const { seen, middleware } = recorder();
    altegio.raw.use(middleware);

    const reply = await control(sandbox, "POST", "/password", {
      login: user.login,
      password: "changed-pass-1",
    });
    expect(reply.status).toBe(200);
    password = "changed-pass-1";
    await altegio.services.list({ location_id: LOCATION });

    // Middleware runs once per call: the user's call, and within it the re-login.
    expect(seen.map((s) => `${s.method} ${s.schemaPath}`)).toEqual([
      op("get_service_list"),
      op("authorize_user"),
    ]);
    expect(seen.map((s) => s.status)).toEqual([200, 201]);
    expect(logOf(sandbox, "get_service_list")).toHaveLength(2); // 401, then the replay
  });
});
