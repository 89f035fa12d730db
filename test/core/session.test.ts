import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  AuthenticationError,
  ConfigurationError,
  createAltegioClient,
  createMemoryTokenStore,
  operationRegistry,
  TokenInvalidatedError,
  TwoFactorRequiredError,
  type AltegioClientOptions,
  type TokenChange,
} from "../../src/index.js";
import { envelope, sendJson, startLoopback, type LoopbackServer } from "../support/loopback.js";
import {
  BASE_PATH,
  expectNoSecrets,
  fakeAltegio,
  fakeState,
  LOGIN,
  NEW_PASSWORD,
  NEW_TOKEN,
  OLD_TOKEN,
  PARTNER,
  PASSWORD,
  rejectionOf,
  type FakeState,
} from "./fake-altegio.js";

let server: LoopbackServer;
let state: FakeState;

beforeAll(async () => {
  server = await startLoopback();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  state = fakeState();
  server.setHandler(fakeAltegio(state));
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

const authRequests = () =>
  server.requests.filter((r) => r.method === "POST" && r.path === `${BASE_PATH}/auth`);
const clientRequests = () =>
  server.requests.filter((r) => r.path.startsWith(`${BASE_PATH}/client/`));

describe("login", () => {
  it("POST /auth answers 201: keeps the token, returns the profile without it", async () => {
    const changes: TokenChange[] = [];
    const c = client({ onTokenChange: (change) => void changes.push(change) });
    const profile = await c.login(LOGIN, PASSWORD);
    expect(profile).toEqual({ id: 7, name: "Jane", login: LOGIN });
    expect(await c.session.getToken()).toBe(NEW_TOKEN);
    expect(changes).toEqual([{ token: NEW_TOKEN, reason: "login" }]);
    const [auth] = authRequests();
    expect(auth?.headers.authorization).toBe(`Bearer ${PARTNER}`);
    expect(auth?.headers.accept).toBe("application/vnd.api.v2+json");
    expect(auth?.json).toEqual({ login: LOGIN, password: PASSWORD });

    await c.request("get_client", { path: { location_id: 1, id: 2 } });
    expect(clientRequests()[0]?.headers.authorization).toBe(`Bearer ${PARTNER}, User ${NEW_TOKEN}`);
  });

  it("wrong credentials: AuthenticationError with the API's message, no password anywhere", async () => {
    const error = await rejectionOf(client().login(LOGIN, "WRONG-PASSWORD-SECRET"));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).message).toBe("Incorrect login or password");
    expect((error as AuthenticationError).status).toBe(401);
    expect((error as AuthenticationError).operationId).toBe("authorize_user");
    expectNoSecrets(error);
    expect(JSON.stringify(error)).not.toContain("WRONG-PASSWORD-SECRET");
  });

  it("a 422 refusal of the credentials is an AuthenticationError too; the echoed password is redacted", async () => {
    server.setHandler((_req, res) =>
      sendJson(res, 422, {
        success: false,
        data: null,
        meta: {
          message: `Password ${PASSWORD} is not valid`,
          errors: { password: [`${PASSWORD} is wrong`] },
        },
      }),
    );
    const error = await rejectionOf(client().login(LOGIN, PASSWORD));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).status).toBe(422);
    expect((error as AuthenticationError).message).toBe("Password [redacted] is not valid");
    expect((error as AuthenticationError).fieldErrors).toEqual({
      password: ["[redacted] is wrong"],
    });
    expectNoSecrets(error);
  });

  it("HTTP 200 with success: false at login is an AuthenticationError", async () => {
    server.setHandler((_req, res) =>
      sendJson(res, 200, { success: false, data: null, meta: { message: "Account is blocked" } }),
    );
    const error = await rejectionOf(client().login(LOGIN, PASSWORD));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).message).toBe("Account is blocked");
    expectNoSecrets(error);
  });

  it("a login answered without a user token is a TwoFactorRequiredError carrying the challenge", async () => {
    state.authAnswer = (res) =>
      sendJson(res, 201, envelope({ id: 7, is_2fa_required: true, confirmation_channel: "sms" }));
    const c = client();
    const error = await rejectionOf(c.login(LOGIN, PASSWORD));
    expect(error).toBeInstanceOf(TwoFactorRequiredError);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as TwoFactorRequiredError).code).toBe("two_factor_required");
    expect((error as TwoFactorRequiredError).challenge).toEqual({
      id: 7,
      is_2fa_required: true,
      confirmation_channel: "sms",
    });
    expect(await c.session.getToken()).toBeUndefined();
    expectNoSecrets(error);
  });

  it("login() without arguments uses the credentials source; logout() forgets the token", async () => {
    const changes: TokenChange[] = [];
    const c = client({
      credentials: { login: LOGIN, password: PASSWORD },
      onTokenChange: (change) => void changes.push(change),
    });
    await c.login();
    expect(await c.session.getToken()).toBe(NEW_TOKEN);
    await c.logout();
    expect(await c.session.getToken()).toBeUndefined();
    expect(changes.map((x) => x.reason)).toEqual(["login", "logout"]);
    await expect(client().login()).rejects.toBeInstanceOf(ConfigurationError);
  });

  it("a user-level call with only credentials logs in first", async () => {
    const c = client({ credentials: { login: LOGIN, password: PASSWORD } });
    await expect(c.request("get_client", { path: { location_id: 1, id: 2 } })).resolves.toEqual({
      id: 1,
    });
    expect(authRequests()).toHaveLength(1);
    expect(clientRequests()).toHaveLength(1);
  });

  it("50 concurrent first calls with only credentials share one login", async () => {
    state.authDelayMs = 50;
    const c = client({ credentials: { login: LOGIN, password: PASSWORD } });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        c.request("get_client", { path: { location_id: 1, id: i + 1 } }),
      ),
    );
    expect(results).toHaveLength(50);
    expect(authRequests()).toHaveLength(1);
    expect(clientRequests()).toHaveLength(50);
  });
});

describe("token refresh after a password change", () => {
  it("50 concurrent calls right after the token is rotated: one POST /auth, 50 successes, each request at most twice", async () => {
    state.authDelayMs = 30; // the API regenerated the token: OLD_TOKEN now gets 401
    const changes: TokenChange[] = [];
    const c = client({
      userToken: OLD_TOKEN,
      credentials: { login: LOGIN, password: PASSWORD },
      onTokenChange: (change) => void changes.push(change),
    });
    server.setHandler(
      fakeAltegio(state, (req, res) =>
        sendJson(res, 200, envelope({ id: Number(req.path.split("/").pop()) })),
      ),
    );
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        c.request("get_client", { path: { location_id: 1, id: i + 1 } }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 50 }, (_, i) => ({ id: i + 1 })));
    expect(authRequests()).toHaveLength(1);
    const seen = new Map<string, string[]>();
    for (const r of clientRequests()) {
      const tokens = seen.get(r.path) ?? [];
      tokens.push(String(r.headers.authorization));
      seen.set(r.path, tokens);
    }
    expect(seen.size).toBe(50);
    for (const tokens of seen.values()) {
      expect(tokens.length).toBeLessThanOrEqual(2);
      expect(tokens.at(-1)).toBe(`Bearer ${PARTNER}, User ${NEW_TOKEN}`);
    }
    expect(changes).toEqual([{ token: NEW_TOKEN, reason: "relogin" }]);
    expect(await c.session.getToken()).toBe(NEW_TOKEN);
  });

  it("replays JSON and multipart bodies unchanged after the re-login", async () => {
    const c = client({ userToken: OLD_TOKEN, credentials: { login: LOGIN, password: PASSWORD } });
    await c.request("update_client", {
      path: { location_id: 1, id: 2 },
      body: { name: "Jane", phone: "+13155550175" },
    });
    const updates = clientRequests();
    expect(updates).toHaveLength(2);
    expect(updates.map((r) => r.json)).toEqual([
      { name: "Jane", phone: "+13155550175" },
      { name: "Jane", phone: "+13155550175" },
    ]);

    server.requests.length = 0;
    state.validToken = "USER-TOKEN-ROTATED-AGAIN";
    state.nextToken = "USER-TOKEN-ROTATED-AGAIN";
    state.userPaths = /^\/(client|company)\//;
    const bytes = new Uint8Array([1, 2, 3, 4, 250]);
    await c.request("upload_client_file", {
      path: { location_id: 1, client_id: 2 },
      body: { file: new Blob([bytes], { type: "application/octet-stream" }) },
    });
    const uploads = server.requests.filter((r) => r.path.includes("/clients/files/"));
    expect(uploads).toHaveLength(2);
    expect(uploads[0]?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(uploads[1]?.body.equals(uploads[0]!.body)).toBe(true);
    expect(uploads[1]?.body.includes(Buffer.from(bytes))).toBe(true);
    expect(authRequests()).toHaveLength(1);
  });

  it("the credentials provider is asked again at re-login and may return a new password", async () => {
    let calls = 0;
    state.password = NEW_PASSWORD; // the user changed the password
    const c = client({
      userToken: OLD_TOKEN,
      credentials: async () => {
        calls += 1;
        return { login: LOGIN, password: NEW_PASSWORD };
      },
    });
    await c.request("get_client", { path: { location_id: 1, id: 2 } });
    expect(calls).toBe(1);
    expect((authRequests()[0]?.json as { password: string }).password).toBe(NEW_PASSWORD);
  });

  it("wrong password at re-login: AuthenticationError after exactly one attempt", async () => {
    state.password = NEW_PASSWORD; // changed elsewhere; the client still has the old one
    const c = client({ userToken: OLD_TOKEN, credentials: { login: LOGIN, password: PASSWORD } });
    const error = await rejectionOf(c.request("get_client", { path: { location_id: 1, id: 2 } }));
    expect(error).toBeInstanceOf(AuthenticationError);
    // Named after the user's call, the login's own failure kept as the cause (issue 11).
    expect(error).toMatchObject({ operationId: "get_client" });
    expect((error as AuthenticationError).message).toBe(
      "Logging in for get_client failed: Incorrect login or password",
    );
    expect(((error as Error).cause as Error).message).toBe("Incorrect login or password");
    expect(authRequests()).toHaveLength(1);
    expect(clientRequests()).toHaveLength(1);
    expectNoSecrets(error);
  });

  it("a second 401 after the new login ends in an error, with no loop", async () => {
    // The API issues a token and then rejects it anyway.
    state.nextToken = "USER-TOKEN-NEW-222-BUT-REJECTED";
    server.setHandler(async (req, res, raw) => {
      await fakeAltegio(state)(req, res, raw);
      state.validToken = "USER-TOKEN-NOBODY-HAS";
    });
    const c = client({ userToken: OLD_TOKEN, credentials: { login: LOGIN, password: PASSWORD } });
    const error = await rejectionOf(c.request("get_client", { path: { location_id: 1, id: 2 } }));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).code).toBe("authentication");
    expect((error as AuthenticationError).message).toMatch(/again after logging in anew/);
    expect(authRequests()).toHaveLength(1);
    expect(clientRequests()).toHaveLength(2);
    expectNoSecrets(error);
    expect(JSON.stringify(error)).not.toContain("USER-TOKEN-NEW-222-BUT-REJECTED");
  });

  it("a token just obtained by the first login and rejected: error, no second login", async () => {
    state.nextToken = "USER-TOKEN-ISSUED-BUT-REJECTED";
    server.setHandler(async (req, res, raw) => {
      await fakeAltegio(state)(req, res, raw);
      state.validToken = "USER-TOKEN-NOBODY-HAS";
    });
    const c = client({ credentials: { login: LOGIN, password: PASSWORD } });
    const error = await rejectionOf(c.request("get_client", { path: { location_id: 1, id: 2 } }));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(authRequests()).toHaveLength(1);
    expect(clientRequests()).toHaveLength(1);
    expectNoSecrets(error);
  });

  it("a static user token without credentials: TokenInvalidatedError that says how to enable re-login", async () => {
    const c = client({ userToken: OLD_TOKEN });
    const error = await rejectionOf(c.request("get_client", { path: { location_id: 1, id: 2 } }));
    expect(error).toBeInstanceOf(TokenInvalidatedError);
    expect(error).toBeInstanceOf(AuthenticationError);
    const message = (error as Error).message;
    expect(message).toMatch(/password/);
    expect(message).toMatch(/credentials/);
    expect((error as TokenInvalidatedError).status).toBe(401);
    expect((error as TokenInvalidatedError).operationId).toBe("get_client");
    expect(authRequests()).toHaveLength(0);
    expect(clientRequests()).toHaveLength(1);
    expectNoSecrets(error);
  });

  it("a shared token store: a token refreshed elsewhere is used without logging in", async () => {
    const store = createMemoryTokenStore(OLD_TOKEN);
    const c = client({ tokenStore: store, credentials: { login: LOGIN, password: PASSWORD } });
    let first = true;
    server.setHandler(async (req, res, raw) => {
      if (first && req.path.startsWith(`${BASE_PATH}/client/`)) {
        first = false;
        store.set(NEW_TOKEN); // another process logged in meanwhile
      }
      await fakeAltegio(state)(req, res, raw);
    });
    await c.request("get_client", { path: { location_id: 1, id: 2 } });
    expect(authRequests()).toHaveLength(0);
    expect(clientRequests().map((r) => r.headers.authorization)).toEqual([
      `Bearer ${PARTNER}, User ${OLD_TOKEN}`,
      `Bearer ${PARTNER}, User ${NEW_TOKEN}`,
    ]);
  });

  it("an async token store (say Redis) seeded by userToken gets the new token; onTokenChange is told", async () => {
    let stored: string | undefined;
    const writes: (string | undefined)[] = [];
    const store = {
      get: async () => stored,
      set: async (token: string | undefined) => {
        await new Promise((r) => setTimeout(r, 1));
        writes.push(token);
        stored = token;
      },
    };
    const changes: TokenChange[] = [];
    const c = client({
      tokenStore: store,
      userToken: OLD_TOKEN,
      credentials: { login: LOGIN, password: PASSWORD },
      onTokenChange: async (change) => {
        changes.push(change);
        throw new Error("persisting failed"); // must not break the call
      },
    });
    await c.request("get_client", { path: { location_id: 1, id: 2 } });
    expect(clientRequests().map((r) => r.headers.authorization)).toEqual([
      `Bearer ${PARTNER}, User ${OLD_TOKEN}`,
      `Bearer ${PARTNER}, User ${NEW_TOKEN}`,
    ]);
    expect(writes).toEqual([NEW_TOKEN]);
    expect(changes).toEqual([{ token: NEW_TOKEN, reason: "relogin" }]);
    await c.logout();
    expect(await c.session.getToken()).toBeUndefined(); // the static userToken does not come back
  });

  it("partner-level calls never trigger a login", async () => {
    const c = client({ credentials: { login: LOGIN, password: PASSWORD } });
    await c.request("get_location", { path: { location_id: 1 } });
    expect(authRequests()).toHaveLength(0);
  });

  it("the raw client re-logs in the same way", async () => {
    const c = client({ userToken: OLD_TOKEN, credentials: { login: LOGIN, password: PASSWORD } });
    const { data, response } = await c.raw.GET(operationRegistry.get_client.path, {
      params: { path: { location_id: 1, id: 2 } },
    });
    expect(response.status).toBe(200);
    expect(data).toEqual({ success: true, data: { id: 1 }, meta: { total_count: 1 } });
    expect(authRequests()).toHaveLength(1);
    expect(clientRequests()).toHaveLength(2);
  });
});
