/**
 * examples/quickstart.ts against the sandbox: in-process (its steps, its result, what the sandbox
 * saw), as a script of its own (sandbox found by GET /__sandbox), behind a server that is not a
 * sandbox (password step skipped), and `npm run demo`'s script as a child process.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { quickstart, type QuickstartEnv } from "../../examples/quickstart.js";
import type { Sandbox } from "altegio-sdk-sandbox";
import { startLoopback, type LoopbackServer } from "../support/loopback.js";
import { LOCATION, countOf, runTsx, startTestSandbox } from "./support.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

function envFor(target: Sandbox, extra: QuickstartEnv = {}): QuickstartEnv {
  const user = target.users[0]!;
  return {
    ALTEGIO_BASE_URL: target.baseUrl,
    ALTEGIO_PARTNER_TOKEN: target.partnerToken,
    ALTEGIO_LOGIN: user.login,
    ALTEGIO_PASSWORD: user.password,
    ...extra,
  };
}

/** Everything a run printed must be free of the partner token and both passwords. */
function expectNoSecrets(output: string, secrets: string[]): void {
  for (const secret of secrets) expect(output).not.toContain(secret);
}

describe("quickstart in-process", () => {
  it("runs every step, changes the password and recovers with one re-login", async () => {
    const oldPassword = sandbox.users[0]!.password;
    const clientsBefore = sandbox.state.clients.where((c) => c.location_id === LOCATION).length;
    const lines: string[] = [];
    const result = await quickstart(
      envFor(sandbox, {
        ALTEGIO_SANDBOX_URL: sandbox.controlUrl,
        ALTEGIO_NEW_PASSWORD: "rotated-by-test-1",
      }),
      (line) => lines.push(line),
    );

    expect(result.locationId).toBe(LOCATION);
    expect(result.locationCount).toBe(2);
    expect(result.passwordChange).toBe("changed");
    expect(result.tokenChanges).toEqual(["login", "relogin"]);
    expect(result.appointmentsThatDay).toBeGreaterThanOrEqual(1);
    expect(result.steps.map((s) => s.match(/^(\d+)\./)?.[1]).filter(Boolean)).toEqual([
      "1",
      "2",
      "3",
      "4",
      "5",
      "6",
      "7",
      "8",
      "9",
      "10",
    ]);
    expect(result.steps.join("\n")).toMatch(
      /9\. clients\.get\(\d+\) succeeded after the automatic re-login \(sandbox saw: get_client 401, authorize_user 201, get_client 200\)/,
    );

    // The sandbox's side: the password really changed, two logins, one 401, nothing left behind.
    expect(sandbox.users[0]!.password).toBe("rotated-by-test-1");
    expect(countOf(sandbox, "authorize_user")).toBe(2);
    expect(sandbox.stats().byStatus["401"]).toBe(1);
    expect(countOf(sandbox, "create_client")).toBe(1);
    expect(countOf(sandbox, "create_appointment")).toBe(1);
    expect(sandbox.state.clients.get(result.clientId)).toBeUndefined();
    expect(sandbox.state.appointments.get(result.appointmentId)?.deleted).toBe(true);
    expect(sandbox.state.clients.where((c) => c.location_id === LOCATION)).toHaveLength(
      clientsBefore,
    );
    expectNoSecrets(lines.join("\n"), [sandbox.partnerToken, oldPassword, "rotated-by-test-1"]);
  });

  it("skips the password change behind a server that is not a sandbox, and says so", async () => {
    // A loopback server that forwards the API to the sandbox but has no /__sandbox: to the
    // quickstart it looks like the real API.
    const proxy = await forwardApiOnly(sandbox);
    try {
      const result = await quickstart(
        envFor(sandbox, { ALTEGIO_BASE_URL: `${proxy.url}/api/v1` }),
        () => undefined,
      );
      expect(result.passwordChange).toBe("skipped");
      expect(result.steps).toContain(
        "8. password change skipped: not a sandbox (set ALTEGIO_SANDBOX_URL to run it)",
      );
      expect(result.tokenChanges).toEqual(["login"]);
      expect(proxy.requests.some((r) => r.path === "/__sandbox")).toBe(true);
      expect(countOf(sandbox, "authorize_user")).toBe(1);
      expect(sandbox.stats().byStatus["401"]).toBeUndefined();
    } finally {
      await proxy.close();
    }
  });

  it("fails with the missing variable's name", async () => {
    await expect(
      quickstart({ ALTEGIO_BASE_URL: sandbox.baseUrl }, () => undefined),
    ).rejects.toThrow("Set ALTEGIO_PARTNER_TOKEN");
  });
});

describe("as scripts (child processes)", () => {
  it("examples/quickstart.ts finds the sandbox by GET /__sandbox and exits 0", async () => {
    const env = envFor(sandbox) as Record<string, string>;
    const child = await runTsx("examples/quickstart.ts", env);
    expect(child.stderr).toBe("");
    expect(child.code).toBe(0);
    expect(child.stdout).toContain("8. changed the user's password through the sandbox");
    expect(child.stdout).toContain("succeeded after the automatic re-login");
    expect(child.stdout).toContain("10. cleaned up");
    expect(countOf(sandbox, "authorize_user")).toBe(2);
    expectNoSecrets(child.stdout, [sandbox.partnerToken, env.ALTEGIO_PASSWORD!]);
  });

  it("npm run demo (scripts/demo.ts) starts a sandbox, runs the quickstart, exits 0", async () => {
    const child = await runTsx("scripts/demo.ts");
    expect(child.stderr).toBe("");
    expect(child.code).toBe(0);
    const out = child.stdout;
    expect(out).toMatch(/^demo: sandbox started in \d+ ms at http:\/\/127\.0\.0\.1:\d+\/api\/v1$/m);
    expect(out).toContain("1. logged in as Sandbox Owner");
    expect(out).toContain("5. clients.findByPhone(");
    expect(out).toContain("6. booked appointment");
    expect(out).toContain("(user token: relogin, a new token replaces the old one)");
    expect(out).toMatch(/demo: quickstart done in \d+ ms: \d+ API requests, 2 logins, 1 x 401/);
    expect(out).toContain("token changes: login → relogin");
    expect(out.trimEnd().endsWith("demo: sandbox stopped; OK")).toBe(true);
    expectNoSecrets(out, [sandbox.partnerToken, "sandbox-owner-pass"]);
  });
});

/** Forwards everything under /api to the sandbox; anything else is a plain 404. */
async function forwardApiOnly(target: Sandbox): Promise<LoopbackServer> {
  return startLoopback(async (req, res) => {
    if (!req.path.startsWith("/api/")) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("Not Found");
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string" && !["host", "content-length", "connection"].includes(name)) {
        headers.set(name, value);
      }
    }
    const answer = await fetch(`${target.url}${req.url}`, {
      method: req.method,
      headers,
      body: req.body.length > 0 ? new Uint8Array(req.body) : undefined,
    });
    const body = Buffer.from(await answer.arrayBuffer());
    res.writeHead(answer.status, {
      "content-type": answer.headers.get("content-type") ?? "application/json",
    });
    res.end(body);
  });
}
