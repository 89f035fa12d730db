import { afterEach, describe, expect, it } from "vitest";
import { operationRegistry as registry } from "altegio-sdk";
import {
  basePathOf,
  findSecurityLevels,
  indexOperations,
  loadDescription,
  operationAuthLevel,
} from "../src/description.js";
import type { Sandbox } from "../src/index.js";
import { ACCEPT, call, startTestSandbox } from "./support/client.js";
import { describedEngine } from "./support/conformance.js";

const NEXT = "../shared/altegio/b2b-v1.next.openapi.yaml";

describe("the served description", () => {
  it("asks for the same credentials as the registry, for every operation", async () => {
    const served = indexOperations((await describedEngine()).document, findSecurityLevels());
    // The registry is keyed by operationId.
    const expected = Object.entries(registry).map(([operationId, op]) => [
      operationId,
      op.auth,
      op.method,
      op.path,
    ]);
    const actual = [...served.values()].map((op) => [op.operationId, op.auth, op.method, op.path]);
    expect(actual.sort()).toEqual(expected.sort());
    expect(served.get("authorize_user")!.auth).toBe("partner");
  });

  it("gets the same levels from the schemes alone, without openapi/security.json", async () => {
    const served = indexOperations((await describedEngine()).document, {});
    for (const [operationId, op] of Object.entries(registry))
      expect(served.get(operationId)!.auth).toBe(op.auth);
  });

  it("derives auth levels by the SDK's rule (authLevelOf), with a fallback for unmapped schemes", () => {
    const schemes = {
      p: { type: "http", scheme: "bearer", bearerFormat: "Bearer {PartnerToken}" },
      pu: {
        type: "http",
        scheme: "bearer",
        bearerFormat: "Bearer {PartnerToken}, User {UserToken}",
      },
      u: { type: "apiKey", description: "User {UserToken}" },
    };
    expect(operationAuthLevel([{ p: [] }], schemes, {})).toBe("partner");
    expect(operationAuthLevel([{ pu: [] }], schemes, {})).toBe("user");
    expect(operationAuthLevel([{ p: [], u: [] }], schemes, {})).toBe("user");
    expect(operationAuthLevel([{ pu: [] }, { p: [] }], schemes, {})).toBe("partner");
    expect(operationAuthLevel([{ pu: [] }, {}], schemes, {})).toBe("none");
    expect(operationAuthLevel([], schemes, {})).toBe("none");
    expect(operationAuthLevel([{ pu: [] }], schemes, { pu: "partner" })).toBe("partner");
  });

  it("serves paths under the production server's path", async () => {
    expect(basePathOf(await loadDescription())).toBe("/api/v1");
    expect(
      basePathOf({
        openapi: "3.1.0",
        info: {},
        paths: {},
        servers: [{ url: "https://api.alteg.io/api" }],
      }),
    ).toBe("/api");
  });

  it("refuses what is not an OpenAPI description", async () => {
    await expect(loadDescription({ hello: "world" })).rejects.toThrow(/not an OpenAPI description/);
    await expect(loadDescription("/nonexistent/openapi.json")).rejects.toThrow(/not found/);
  });
});

describe("revision 1.0.1 (paths under /v1, server .../api)", () => {
  let sandbox: Sandbox;
  afterEach(() => sandbox.close());

  it("answers at the same URLs, with the bearer + user scheme pair understood", async () => {
    sandbox = await startTestSandbox({ description: NEXT });
    expect(sandbox.description.version).toBe("1.0.1");
    expect(sandbox.baseUrl).toBe(`${sandbox.url}/api`);
    const partnerOnly = await fetch(`${sandbox.url}/api/v1/companies`, {
      headers: { accept: ACCEPT, authorization: `Bearer ${sandbox.partnerToken}` },
    });
    expect(partnerOnly.status).toBe(200);
    const token = sandbox.issueUserToken(sandbox.users[0]!.login);
    const client = await call(sandbox, "GET", "/v1/client/41001/90001", { user: token });
    expect(client.status).toBe(200);
    expect((await call(sandbox, "GET", "/v1/client/41001/90001")).status).toBe(401);
    expect((await call(sandbox, "GET", "/v1/client_loyalty_nonexistent")).status).toBe(404);
  });
});

describe("start-up", () => {
  it("reports how long it took (printed, not asserted: no timed tests)", async () => {
    const sandbox = await startTestSandbox();
    console.log(`sandbox start-up: ${sandbox.startupMs} ms`);
    expect(sandbox.startupMs).toBeGreaterThan(0);
    await sandbox.close();
  });

  it("listens on loopback only and refuses other hosts", async () => {
    await expect(startTestSandbox({ host: "0.0.0.0" })).rejects.toThrow(/loopback/);
    await expect(startTestSandbox({ port: 70000 })).rejects.toThrow(/port/);
  });

  it("seeds the same data for the same seed, and other data for another", async () => {
    const a = await startTestSandbox({ seed: 3 });
    const b = await startTestSandbox({ seed: 3 });
    const c = await startTestSandbox({ seed: 4 });
    const names = (s: Sandbox) =>
      s.state.clients.all().map((x) => `${x.name} ${x.surname} ${x.phone}`);
    expect(names(a)).toEqual(names(b));
    expect(names(a)).not.toEqual(names(c));
    expect(a.state.clients.all().every((x) => /^\+1\d{10}$/.test(x.phone))).toBe(true);
    expect(new Set(a.state.clients.all().map((x) => x.phone)).size).toBe(a.state.clients.size);
    await Promise.all([a.close(), b.close(), c.close()]);
  });
});
