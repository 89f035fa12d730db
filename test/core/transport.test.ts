import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  AbortedError,
  ConnectionError,
  createAltegioClient,
  TimeoutError,
  type AltegioClientOptions,
  type FetchLike,
} from "../../src/index.js";
import { envelope, sendJson, startLoopback, type LoopbackServer } from "../support/loopback.js";
import { BASE_PATH, expectNoSecrets, NEW_TOKEN, PARTNER, rejectionOf } from "./fake-altegio.js";

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopback();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.setHandler((_req, res) => sendJson(res, 200, envelope({ ok: true })));
});

function client(options: Partial<AltegioClientOptions> = {}) {
  return createAltegioClient({
    partnerToken: PARTNER,
    userToken: NEW_TOKEN,
    baseUrl: server.url + BASE_PATH,
    rateLimit: false,
    retry: false,
    ...options,
  });
}

describe("transport", () => {
  it("connection refused: ConnectionError, mayHaveBeenApplied false", async () => {
    const closed = await startLoopback();
    const url = closed.url;
    await closed.close();
    const c = client({ baseUrl: url + BASE_PATH });
    const error = await rejectionOf(
      c.request("create_client", {
        path: { location_id: 1 },
        body: { name: "J", phone: "+13155550175" },
      }),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).mayHaveBeenApplied).toBe(false);
    expect((error as ConnectionError).operationId).toBe("create_client");
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    expectNoSecrets(error);
  });

  it("connection dropped after the request arrived: ConnectionError, mayHaveBeenApplied true", async () => {
    server.setHandler((_req, _res, raw) => {
      raw.socket.destroy();
    });
    const error = await rejectionOf(
      client().request("create_client", {
        path: { location_id: 1 },
        body: { name: "J", phone: "+13155550175" },
      }),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).mayHaveBeenApplied).toBe(true);
    expect(server.requests).toHaveLength(1);
    expectNoSecrets(error);
  });

  it("the caller's abort: AbortedError", async () => {
    server.setHandler(() => undefined); // never answers
    const controller = new AbortController();
    const pending = client().request(
      "get_client",
      { path: { location_id: 1, id: 2 } },
      { signal: controller.signal },
    );
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    const error = await rejectionOf(pending);
    expect(error).toBeInstanceOf(AbortedError);
    expectNoSecrets(error);
  });

  it("an attempt timeout surfaces as the TimeoutError, not as a generic abort", async () => {
    server.setHandler(() => undefined);
    const error = await rejectionOf(
      client({ timeout: 50 }).request("get_client", { path: { location_id: 1, id: 2 } }),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(50);
    expectNoSecrets(error);
  });

  it("uses the fetch given in the options", async () => {
    const seen: string[] = [];
    const fetch: FetchLike = (request) => {
      seen.push(`${request.method} ${new URL(request.url).pathname}`);
      return globalThis.fetch(request);
    };
    await client({ fetch }).request("get_location", { path: { location_id: 3 } });
    expect(seen).toEqual([`GET ${BASE_PATH}/company/3`]);
    // Only this test's route: a previous test's timed-out request may still land on a busy machine.
    expect(server.requests.filter((r) => r.path === `${BASE_PATH}/company/3`)).toHaveLength(1);
  });

  it("a transport that throws an unrelated error gives a ConnectionError: a write may have been applied", async () => {
    const fetch: FetchLike = () => Promise.reject(new TypeError("fetch failed"));
    const write = await rejectionOf(
      client({ fetch }).request("create_client", {
        path: { location_id: 1 },
        body: { name: "J", phone: "+13155550175" },
      }),
    );
    expect(write).toBeInstanceOf(ConnectionError);
    expect((write as ConnectionError).mayHaveBeenApplied).toBe(true);
    // The flag is for writes only (README): a read says nothing of it.
    const read = await rejectionOf(
      client({ fetch }).request("get_location", { path: { location_id: 3 } }),
    );
    expect(read).toBeInstanceOf(ConnectionError);
    expect((read as ConnectionError).mayHaveBeenApplied).toBe(false);
  });
});
