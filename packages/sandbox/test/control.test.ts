import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../src/index.js";
import { ACCEPT, LOCATION, call, control, login, startTestSandbox } from "./support/client.js";

describe("HTTP control API", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.close());

  it("describes the sandbox without passwords or tokens", async () => {
    const info = await control(sandbox, "GET", "");
    expect(info.status).toBe(200);
    expect(info.json.data).toMatchObject({
      baseUrl: sandbox.baseUrl,
      description: { version: "1.0.0", basePath: "/api/v1" },
    });
    expect(info.text).not.toContain(sandbox.users[0]!.password);
    expect(info.text).not.toContain(sandbox.partnerToken);
  });

  it("counts requests by status and operation, and logs them without headers or bodies", async () => {
    sandbox.reset();
    const token = await login(sandbox);
    await call(sandbox, "GET", `/client/${LOCATION}/90001`, { user: token });
    await call(sandbox, "GET", "/nowhere");
    const stats = await control(sandbox, "GET", "/stats");
    expect(stats.json.data).toMatchObject({
      total: 3,
      byStatus: { "200": 1, "201": 1, "404": 1 },
      byOperation: { authorize_user: 1, get_client: 1 },
      entities: { locations: 2, clients: 66 },
    });
    const log = await control(sandbox, "GET", "/requests");
    expect(log.json.data.map((r: { url: string }) => r.url)).toEqual([
      "/api/v1/auth",
      `/api/v1/client/${LOCATION}/90001`,
      "/api/v1/nowhere",
    ]);
    expect(log.text).not.toContain(token);
    expect(log.text).not.toContain(sandbox.users[0]!.password);
  });

  it("resets data, passwords and counters", async () => {
    const deleted = await call(sandbox, "DELETE", `/company/${LOCATION}`, {
      user: await login(sandbox),
    });
    expect(deleted.status).toBe(202);
    expect(sandbox.state.locations.get(LOCATION)).toBeUndefined();
    const reset = await control(sandbox, "POST", "/reset");
    expect(reset.status).toBe(200);
    expect(sandbox.state.locations.get(LOCATION)).toBeDefined();
    expect(sandbox.stats().total).toBe(0);
  });

  it("answers 404 for an unknown control endpoint and 400 for bad input", async () => {
    expect((await control(sandbox, "GET", "/nope")).status).toBe(404);
    const bad = await control(sandbox, "POST", "/password", { login: "nobody", password: "x" });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({
      success: false,
      meta: { message: expect.stringContaining("login") },
    });
  });
});

describe("CLI", () => {
  it("prints the base URL and test credentials, serves requests, and stops on SIGTERM", async () => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        join(import.meta.dirname, "../src/cli.ts"),
        "--port",
        "0",
        "--no-rate-limit",
      ],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    try {
      const output = await new Promise<string>((resolve, reject) => {
        let text = "";
        const timer = setTimeout(() => reject(new Error(`no banner in time: ${text}`)), 20_000);
        child.stdout.on("data", (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes("Ctrl+C")) {
            clearTimeout(timer);
            resolve(text);
          }
        });
        child.on("exit", (code) => reject(new Error(`exited ${code}: ${text}`)));
      });
      const baseUrl = /baseUrl\s+(\S+)/.exec(output)![1]!;
      expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
      expect(output).toContain("partner token  sandbox-partner-token");
      expect(output).toContain("login owner@sandbox.test  password sandbox-owner-pass");
      expect(output).toMatch(/rate limit\s+off/);
      const response = await fetch(`${baseUrl}/companies`, {
        headers: { accept: ACCEPT, authorization: "Bearer sandbox-partner-token" },
      });
      expect(response.status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
