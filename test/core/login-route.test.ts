/**
 * The session logs in through the registry's `authorize_user`, wherever the revision puts it:
 * 1.0.1 moves every path under `/v1` (server `https://api.alteg.io/api`), so `POST /auth` is
 * `POST /v1/auth` there. A lookup by the 1.0.0 path would fall back to `/auth` and miss it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createAltegioClient,
  operationRegistry,
  type OperationMeta,
  type Registry,
} from "../../src/index.js";
import { envelope, sendJson, startLoopback, type LoopbackServer } from "../support/loopback.js";

const PARTNER = "route-PARTNER-51c9e2";
const PASSWORD = "route-Pa55-0b7f31";
const TOKEN = "route-USERTOKEN-a83d";

/** The pinned registry with every path moved under `/v1`, as revision 1.0.1 has it. */
const movedRegistry: Registry = Object.fromEntries(
  Object.entries(operationRegistry as Record<string, OperationMeta>).map(([id, op]) => [
    id,
    { ...op, path: `/v1${op.path}` },
  ]),
);

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopback((req, res) => {
    if (req.method === "POST" && req.path === "/api/v1/auth") {
      sendJson(res, 201, envelope({ id: 1, name: "Owner", user_token: TOKEN }));
    } else if (req.path === "/api/v1/client/1/2") {
      sendJson(res, 200, envelope({ id: 2, name: "Jane" }));
    } else {
      sendJson(res, 404, {
        errors: { code: 404, message: "No route" },
        meta: { message: "No route" },
      });
    }
  });
});
afterAll(() => server.close());

describe("login on a revision whose paths moved", () => {
  it("posts to the registry's authorize_user path, then uses the new token", async () => {
    const altegio = createAltegioClient({
      partnerToken: PARTNER,
      credentials: { login: "owner@example.test", password: PASSWORD },
      baseUrl: `${server.url}/api`,
      registry: movedRegistry,
      rateLimit: false,
      retry: false,
    });
    await expect(altegio.login()).resolves.toMatchObject({ id: 1, name: "Owner" });
    await expect(altegio.clients.get({ location_id: 1, id: 2 })).resolves.toMatchObject({ id: 2 });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /api/v1/auth",
      "GET /api/v1/client/1/2",
    ]);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${PARTNER}`);
    expect(server.requests[1]?.headers.authorization).toBe(`Bearer ${PARTNER}, User ${TOKEN}`);
  });
});
