import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../src/index.js";
import { ACCEPT, LOCATION, call, control, login, startTestSandbox } from "./support/client.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const clientPath = `/client/${LOCATION}/90001`;

describe("partner token", () => {
  it("answers 401 with the error envelope when the partner token is missing", async () => {
    const reply = await call(sandbox, "GET", "/companies", { headers: { accept: ACCEPT } });
    expect(reply.status).toBe(401);
    expect(reply.json).toEqual({
      success: false,
      data: null,
      meta: { message: expect.stringContaining("partner token") },
    });
  });

  it("answers 401 to a wrong partner token, without quoting it", async () => {
    const reply = await call(sandbox, "GET", "/companies", {
      headers: { accept: ACCEPT, authorization: "Bearer not-the-partner-token" },
    });
    expect(reply.status).toBe(401);
    expect(reply.text).not.toContain("not-the-partner-token");
  });

  it("lets a partner-level operation through with the partner token alone", async () => {
    const reply = await call(sandbox, "GET", "/companies");
    expect(reply.status).toBe(200);
    expect(reply.json.success).toBe(true);
  });

  it("requires the partner token on POST /auth too (the corrected description)", async () => {
    const user = sandbox.users[0]!;
    const reply = await call(sandbox, "POST", "/auth", {
      headers: { accept: ACCEPT, "content-type": "application/json" },
      body: { login: user.login, password: user.password },
    });
    expect(reply.status).toBe(401);
  });
});

describe("user login and tokens", () => {
  it("POST /auth answers 201 with the user token and profile", async () => {
    const user = sandbox.users[0]!;
    const reply = await call(sandbox, "POST", "/auth", {
      body: { login: user.login, password: user.password },
    });
    expect(reply.status).toBe(201);
    expect(reply.json).toMatchObject({
      success: true,
      data: {
        id: user.id,
        name: user.name,
        login: user.login,
        email: user.email,
        phone: user.phone,
      },
      meta: [],
    });
    expect(reply.json.data.user_token).toMatch(/^[0-9a-f]{32}$/);
  });

  it("accepts the phone as login as well as the email", async () => {
    const user = sandbox.users[0]!;
    const reply = await call(sandbox, "POST", "/auth", {
      body: { login: user.phone, password: user.password },
    });
    expect(reply.status).toBe(201);
  });

  it("answers 401 with the error envelope to a wrong password", async () => {
    const user = sandbox.users[0]!;
    const reply = await call(sandbox, "POST", "/auth", {
      body: { login: user.login, password: "wrong" },
    });
    expect(reply.status).toBe(401);
    expect(reply.json).toEqual({
      success: false,
      data: null,
      meta: { message: "Incorrect login or password" },
    });
  });

  it("answers 422 naming the missing login field", async () => {
    const reply = await call(sandbox, "POST", "/auth", { body: { password: "x" } });
    expect(reply.status).toBe(422);
    expect(Object.keys(reply.json.meta.errors)).toEqual(["login"]);
  });

  it("a user-level operation needs the user token", async () => {
    const withoutUser = await call(sandbox, "GET", clientPath);
    expect(withoutUser.status).toBe(401);
    expect(withoutUser.json.success).toBe(false);
    const token = await login(sandbox);
    const withUser = await call(sandbox, "GET", clientPath, { user: token });
    expect(withUser.status).toBe(200);
    expect(withUser.json.data.id).toBe(90001);
  });

  it("answers an unknown user token with 401 in the API's second error shape", async () => {
    const reply = await call(sandbox, "GET", clientPath, { user: "0".repeat(32) });
    expect(reply.status).toBe(401);
    expect(reply.json).toEqual({
      errors: { code: 401, message: expect.any(String) },
      meta: { message: expect.any(String) },
    });
  });
});

describe("password change", () => {
  it("invalidates the user's tokens: the old token gets 401, a new login works", async () => {
    const user = sandbox.users[0]!;
    const oldToken = await login(sandbox);
    const other = sandbox.issueUserToken(sandbox.users[1]!.login);
    sandbox.changePassword(user.login, "a-new-password");

    expect((await call(sandbox, "GET", clientPath, { user: oldToken })).status).toBe(401);
    // Other users keep their sessions.
    expect((await call(sandbox, "GET", clientPath, { user: other })).status).toBe(200);
    const oldPassword = await call(sandbox, "POST", "/auth", {
      body: { login: user.login, password: user.password },
    });
    expect(oldPassword.status).toBe(401);
    const relogin = await call(sandbox, "POST", "/auth", {
      body: { login: user.login, password: "a-new-password" },
    });
    expect(relogin.status).toBe(201);
    const fresh = relogin.json.data.user_token as string;
    expect(fresh).not.toBe(oldToken);
    expect((await call(sandbox, "GET", clientPath, { user: fresh })).status).toBe(200);
    expect(sandbox.users[0]!.password).toBe("a-new-password");
  });

  it("works through the HTTP control endpoint as well", async () => {
    const user = sandbox.users[0]!;
    const token = await login(sandbox);
    const changed = await control(sandbox, "POST", "/password", {
      login: user.login,
      password: "via-http",
    });
    expect(changed.status).toBe(200);
    expect((await call(sandbox, "GET", clientPath, { user: token })).status).toBe(401);
    const relogin = await call(sandbox, "POST", "/auth", {
      body: { login: user.login, password: "via-http" },
    });
    expect(relogin.status).toBe(201);
  });

  it("refuses an unknown login or an empty password with a typed error", () => {
    expect(() => sandbox.changePassword("nobody@example.com", "x")).toThrow(/No sandbox user/);
    expect(() => sandbox.changePassword(sandbox.users[0]!.login, "")).toThrow(/empty/);
  });

  it("reset restores the configured passwords and forgets tokens", async () => {
    const token = await login(sandbox);
    sandbox.changePassword(sandbox.users[0]!.login, "changed");
    sandbox.reset();
    expect(sandbox.users[0]!.password).toBe("sandbox-owner-pass");
    expect((await call(sandbox, "GET", clientPath, { user: token })).status).toBe(401);
  });
});
