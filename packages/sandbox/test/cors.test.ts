/**
 * The opt-in CORS mode (docs/sandbox.md, "Developing a browser app"): off by default; `cors: true`
 * answers preflights and lets any origin read the answers; a list of origins lets only those.
 * test/runtimes runs the SDK in headless Chromium against it from a page of another origin.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../src/index.js";
import { ACCEPT, authHeader, startTestSandbox } from "./support/client.js";

const PAGE = "http://localhost:5173";
let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

function preflight(sandbox: Sandbox, path: string, origin = PAGE): Promise<Response> {
  return fetch(`${sandbox.url}${path}`, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": "accept,authorization,content-type",
    },
  });
}

function get(sandbox: Sandbox, path: string, origin = PAGE): Promise<Response> {
  return fetch(`${sandbox.url}${path}`, {
    headers: { origin, accept: ACCEPT, authorization: authHeader(sandbox) },
  });
}

describe("CORS mode", () => {
  it("is off by default: no CORS headers, a preflight is not approved", async () => {
    sandbox = await startTestSandbox();
    const pre = await preflight(sandbox, "/api/v1/auth");
    expect(pre.headers.get("access-control-allow-origin")).toBeNull();
    expect(pre.status).not.toBe(204);
    const answer = await get(sandbox, "/api/v1/companies");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("cors: true approves any origin's preflight and lets it read every answer", async () => {
    sandbox = await startTestSandbox({ cors: true });
    const pre = await preflight(sandbox, "/api/v1/auth");
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("*");
    expect(pre.headers.get("access-control-allow-headers")).toBe(
      "accept,authorization,content-type",
    );
    expect(pre.headers.get("access-control-allow-methods")).toContain("DELETE");
    // Preflights are not API requests: not logged, counted or rate limited.
    expect(sandbox.stats().total).toBe(0);

    const ok = await get(sandbox, "/api/v1/companies");
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe("*");
    expect(ok.headers.get("access-control-expose-headers")).toBe("*");
    const denied = await fetch(`${sandbox.url}/api/v1/companies`, {
      headers: { origin: PAGE, accept: ACCEPT },
    });
    expect(denied.status).toBe(401);
    expect(denied.headers.get("access-control-allow-origin")).toBe("*");
    const control = await fetch(`${sandbox.controlUrl}/stats`, { headers: { origin: PAGE } });
    expect(control.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("a list of origins: those get their origin back (Vary: Origin), others nothing", async () => {
    sandbox = await startTestSandbox({ cors: [PAGE] });
    const pre = await preflight(sandbox, "/api/v1/auth");
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe(PAGE);
    expect(pre.headers.get("vary")).toBe("Origin");
    const other = await get(sandbox, "/api/v1/companies", "http://evil.test");
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    const otherPre = await preflight(sandbox, "/api/v1/auth", "http://evil.test");
    expect(otherPre.status).not.toBe(204);
  });
});
