import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ConfigurationError,
  createAltegioClient,
  operationRegistry,
  type AltegioClientOptions,
  type OperationId,
  type OperationMeta,
} from "../../src/index.js";
import { startLoopback, type LoopbackServer } from "../support/loopback.js";
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
    baseUrl: server.url + BASE_PATH,
    rateLimit: false,
    retry: false,
    ...options,
  });
}

const ACCEPT = "application/vnd.api.v2+json";

/** A GET operation of the registry at each auth level, with its path parameters filled in. */
function sampleGet(auth: "partner" | "user"): { id: OperationId; path: Record<string, number> } {
  const found = Object.entries(operationRegistry as Record<string, OperationMeta>).find(
    ([, op]) =>
      op.auth === auth &&
      op.method === "get" &&
      Object.values(op.pathParams ?? {}).every((type) => type === "integer" || type === "number"),
  );
  if (!found) throw new Error(`no ${auth}-level GET in the registry`);
  const [id, operation] = found;
  const path = Object.fromEntries(Object.keys(operation.pathParams ?? {}).map((name) => [name, 1]));
  return { id: id as OperationId, path };
}

describe("Authorization per the registry", () => {
  it("the registry has both levels and POST /auth", () => {
    const levels = new Set(Object.values(operationRegistry).map((op) => op.auth));
    expect(levels.has("user")).toBe(true);
    expect(levels.has("partner")).toBe(true);
    expect(operationRegistry.get_client.auth).toBe("user");
    expect(operationRegistry.get_location.auth).toBe("partner");
  });

  it("partner-level: Bearer <partner> only, even when a user token is known", async () => {
    const c = client({ userToken: NEW_TOKEN });
    await c.request("get_location", { path: { location_id: 1 } });
    const sample = sampleGet("partner");
    await c.request(sample.id as "get_location", { path: sample.path as { location_id: number } });
    for (const request of server.requests) {
      expect(request.headers.authorization).toBe(`Bearer ${PARTNER}`);
      expect(request.headers.accept).toBe(ACCEPT);
    }
    expect(server.requests).toHaveLength(2);
  });

  it("user-level: Bearer <partner>, User <user>", async () => {
    const c = client({ userToken: NEW_TOKEN });
    await c.request("get_client", { path: { location_id: 1, id: 2 } });
    const sample = sampleGet("user");
    await c.request(sample.id as "get_client", {
      path: sample.path as { location_id: number; id: number },
    });
    for (const request of server.requests) {
      expect(request.headers.authorization).toBe(`Bearer ${PARTNER}, User ${NEW_TOKEN}`);
      expect(request.headers.accept).toBe(ACCEPT);
    }
    expect(server.requests).toHaveLength(2);
  });

  it("the raw client follows the same rules", async () => {
    const c = client({ userToken: NEW_TOKEN });
    // Paths from the registry: raw-client literals move with the description (1.0.1: under /v1).
    await c.raw.GET(operationRegistry.get_location.path, { params: { path: { location_id: 1 } } });
    await c.raw.GET(operationRegistry.get_client.path, {
      params: { path: { location_id: 1, id: 2 } },
    });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      `Bearer ${PARTNER}`,
      `Bearer ${PARTNER}, User ${NEW_TOKEN}`,
    ]);
    expect(server.requests.every((r) => r.headers.accept === ACCEPT)).toBe(true);
  });

  it("a user-level call with neither token nor credentials fails before sending, saying what to supply", async () => {
    const c = client();
    const error = await rejectionOf(c.request("get_client", { path: { location_id: 1, id: 2 } }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/userToken/);
    expect((error as Error).message).toMatch(/credentials/);
    expect((error as ConfigurationError).operationId).toBe("get_client");
    const raw = await rejectionOf(
      c.raw.GET(operationRegistry.get_client.path, { params: { path: { location_id: 1, id: 2 } } }),
    );
    expect(raw).toBeInstanceOf(ConfigurationError);
    expect(server.requests).toHaveLength(0);
    expectNoSecrets(error);
    // A partner-level call still works without a user token.
    await c.request("get_location", { path: { location_id: 1 } });
    expect(server.requests).toHaveLength(1);
  });

  it("a hand-written registry decides the level", async () => {
    const registry: Record<string, OperationMeta> = {
      get_client: { ...operationRegistry.get_client, auth: "partner" },
    };
    const c = client({ registry, userToken: NEW_TOKEN });
    await c.request("get_client", { path: { location_id: 1, id: 2 } });
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${PARTNER}`);
    await expect(c.request("get_location", { path: { location_id: 1 } })).rejects.toThrow(
      /Unknown operation "get_location"/,
    );
  });

  it("per-call headers cannot override Accept or Authorization", async () => {
    const c = client({ userToken: NEW_TOKEN });
    await c.request(
      "get_location",
      { path: { location_id: 1 } },
      { headers: { Authorization: "Bearer nope", Accept: "text/html", "X-Trace": "abc" } },
    );
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${PARTNER}`);
    expect(server.requests[0]?.headers.accept).toBe(ACCEPT);
    expect(server.requests[0]?.headers["x-trace"]).toBe("abc");
  });
});

describe("client options", () => {
  it("refuses a missing partner token and bad credentials before anything is sent", () => {
    expect(() => createAltegioClient({ partnerToken: "" })).toThrow(ConfigurationError);
    expect(() =>
      createAltegioClient({
        partnerToken: PARTNER,
        credentials: { login: "x" } as never,
      }),
    ).toThrow(/credentials/);
    expect(() => createAltegioClient({ partnerToken: PARTNER, baseUrl: "not a url" })).toThrow(
      ConfigurationError,
    );
  });

  it("defaults to the production server of the description", () => {
    const c = createAltegioClient({ partnerToken: PARTNER });
    expect(c.baseUrl).toBe("https://api.alteg.io/api/v1");
  });
});
