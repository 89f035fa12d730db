import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../src/index.js";
import { FaultController } from "../src/faults.js";
import {
  ACCEPT,
  LOCATION,
  authHeader,
  call,
  control,
  login,
  startTestSandbox,
} from "./support/client.js";

let sandbox: Sandbox;
let user: string;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  sandbox.reset();
  user = await login(sandbox);
});

const newClient = (phone: string) => ({ name: "Fault", surname: "Test", phone });
const clientCount = () => sandbox.state.clients.where((c) => c.location_id === LOCATION).length;

describe("latency", () => {
  it("delays only the matching operations", async () => {
    // Warm up the other operation (its first call compiles validators), then slow one down.
    await call(sandbox, "GET", `/company/${LOCATION}`);
    sandbox.faults.set({ type: "latency", ms: 300, operations: ["get_location_list"] });
    let started = performance.now();
    expect((await call(sandbox, "GET", "/companies")).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    await call(sandbox, "GET", `/company/${LOCATION}`);
    expect(sandbox.requests.at(-1)!.durationMs).toBeLessThan(290);
  });
});

describe("status bursts", () => {
  it("answers the next N matching requests with the status, then recovers", async () => {
    sandbox.faults.set({ type: "status", status: 503, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(sandbox, "GET", "/companies")).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(sandbox.faults.list()).toEqual([]);
  });

  it("does not apply a write before the fault, and applies it with afterHandler", async () => {
    const before = clientCount();
    sandbox.faults.set({ type: "status", status: 500, times: 1, operations: ["create_client"] });
    const refused = await call(sandbox, "POST", `/clients/${LOCATION}`, {
      user,
      body: newClient("+13155550160"),
    });
    expect(refused.status).toBe(500);
    expect(refused.json).toMatchObject({ success: false, data: null });
    expect(clientCount()).toBe(before);

    sandbox.faults.set({
      type: "status",
      status: 502,
      times: 1,
      operations: ["create_client"],
      afterHandler: true,
    });
    const applied = await call(sandbox, "POST", `/clients/${LOCATION}`, {
      user,
      body: newClient("+13155550161"),
    });
    expect(applied.status).toBe(502);
    expect(clientCount()).toBe(before + 1);
  });

  it("fires with a probability from a seeded generator, so runs repeat", () => {
    const pattern = () => {
      const faults = new FaultController(7);
      faults.set({ type: "status", status: 500, probability: 0.5 });
      return Array.from({ length: 20 }, () => (faults.plan("x").outcome ? 1 : 0)).join("");
    };
    const first = pattern();
    expect(pattern()).toBe(first);
    expect(first).toMatch(/1/);
    expect(first).toMatch(/0/);
  });

  it("refuses rules that make no sense", () => {
    expect(() => sandbox.faults.set({ type: "status", status: 200 })).toThrow(/status/);
    expect(() => sandbox.faults.set({ type: "latency", ms: -1 })).toThrow(/ms/);
    expect(() => sandbox.faults.add({ type: "drop", when: "later" as never })).toThrow(/when/);
    expect(() => sandbox.faults.set({ type: "status", status: 500, times: 0 })).toThrow(/times/);
  });
});

describe("dropped connections", () => {
  it("closes the socket before any header", async () => {
    sandbox.faults.set({ type: "drop", when: "before-headers", times: 1 });
    await expect(
      fetch(`${sandbox.baseUrl}/companies`, { headers: { accept: ACCEPT } }),
    ).rejects.toThrow();
    expect(sandbox.requests.at(-1)).toMatchObject({ status: 0, fault: "drop" });
    expect((await call(sandbox, "GET", "/companies")).status).toBe(200);
  });

  it("closes the socket in the middle of the body", async () => {
    sandbox.faults.set({ type: "drop", when: "mid-body", times: 1 });
    const response = await fetch(`${sandbox.baseUrl}/companies`, {
      headers: { accept: ACCEPT, authorization: authHeader(sandbox) },
    });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });

  it("can drop after a write was applied", async () => {
    const before = clientCount();
    sandbox.faults.set({ type: "drop", when: "before-headers", times: 1, afterHandler: true });
    await expect(
      fetch(`${sandbox.baseUrl}/clients/${LOCATION}`, {
        method: "POST",
        headers: {
          accept: ACCEPT,
          authorization: authHeader(sandbox, user),
          "content-type": "application/json",
        },
        body: JSON.stringify(newClient("+13155550162")),
      }),
    ).rejects.toThrow();
    expect(clientCount()).toBe(before + 1);
  });
});

describe("malformed bodies", () => {
  it("answers an HTML error page", async () => {
    sandbox.faults.set({ type: "malformed", body: "html", times: 1 });
    const reply = await call(sandbox, "GET", "/companies");
    expect(reply.status).toBe(502);
    expect(reply.headers.get("content-type")).toBe("text/html");
    expect(reply.text).toContain("<html>");
  });

  it("answers the real JSON cut in half", async () => {
    sandbox.faults.set({ type: "malformed", body: "truncated-json", times: 1 });
    const reply = await call(sandbox, "GET", "/companies");
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toMatch(/json/);
    expect(reply.text.startsWith('{"success":true')).toBe(true);
    expect(() => JSON.parse(reply.text)).toThrow();
  });
});

describe("429 faults", () => {
  it("answers 429 with Retry-After, or without it when retryAfter is null", async () => {
    sandbox.faults.set([
      { type: "rate-limit", retryAfter: 3, times: 1 },
      { type: "rate-limit", retryAfter: null, times: 1 },
    ]);
    const withHeader = await call(sandbox, "GET", "/companies");
    expect(withHeader.status).toBe(429);
    expect(withHeader.headers.get("retry-after")).toBe("3");
    const without = await call(sandbox, "GET", "/companies");
    expect(without.status).toBe(429);
    expect(without.headers.get("retry-after")).toBeNull();
    expect((await call(sandbox, "GET", "/companies")).status).toBe(200);
  });
});

describe("fault control over HTTP", () => {
  it("sets, adds, lists and clears rules", async () => {
    const set = await control(sandbox, "PUT", "/faults", {
      rules: [{ type: "status", status: 504, times: 1 }],
    });
    expect(set.json.data).toEqual([{ type: "status", status: 504, times: 1, remaining: 1 }]);
    await control(sandbox, "POST", "/faults", { type: "latency", ms: 10 });
    expect((await control(sandbox, "GET", "/faults")).json.data).toHaveLength(2);
    expect((await call(sandbox, "GET", "/companies")).status).toBe(504);
    await control(sandbox, "DELETE", "/faults");
    expect((await control(sandbox, "GET", "/faults")).json.data).toEqual([]);
    const bad = await control(sandbox, "PUT", "/faults", { type: "explode" });
    expect(bad.status).toBe(400);
    expect(bad.json.meta.message).toMatch(/type/);
  });
});
