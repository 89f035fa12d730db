/**
 * The suite-wide secrets scan (test/support/secret-scan.ts) is wired in and can fail: it learns
 * the secrets a client is given, sees the errors and log lines the SDK produces, and reports a
 * secret that shows in one of them.
 */
import { afterEach, describe, expect, it } from "vitest";
import { AltegioError, createAltegioClient } from "../../src/index.js";
import { collector } from "../support/secret-scan.js";
import { sendJson, startLoopback, type LoopbackServer } from "../support/loopback.js";

const PARTNER = "scan-PARTNER-3e81c0aa";
const PASSWORD = "scan-Pa55word-77d2";

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("the suite-wide secrets scan", () => {
  it("learns the partner token and the password, and sees the SDK's errors and log lines", async () => {
    server = await startLoopback((_req, res) => {
      sendJson(res, 401, { success: false, data: null, meta: { message: "Wrong login" } });
    });
    const logged: string[] = [];
    const altegio = createAltegioClient({
      partnerToken: PARTNER,
      credentials: { login: "owner@example.test", password: PASSWORD },
      baseUrl: server.url,
      rateLimit: false,
      retry: false,
      logger: { warn: (message) => logged.push(message) },
    });
    const error = await altegio.login().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AltegioError);
    expect(collector.secrets).toContain(PARTNER);
    expect(collector.secrets).toContain(PASSWORD);
    expect(collector.errors).toContain(error);
    expect(logged.length).toBeGreaterThan(0);
    expect(collector.lines.some((l) => l.startsWith("logger.warn: ") && l.includes("401"))).toBe(
      true,
    );
    expect(collector.leaks()).toEqual([]);
  });

  it("reports a secret in an error message, an enumerable property or a console line", () => {
    const secret = "scan-USERTOKEN-9b41f0";
    collector.diagnostics.secret?.(secret);
    const inMessage = new AltegioError("api", `token ${secret} refused`);
    const inProperty = Object.assign(new AltegioError("api", "refused"), { header: secret });
    console.log(`Authorization: User ${secret}`);
    try {
      const leaks = collector.leaks().filter((l) => l.secret === secret);
      expect(leaks.map((l) => l.where)).toEqual([
        "AltegioError: token <it> refused",
        "AltegioError: refused",
        "console.log: Authorization: User <it>",
      ]);
    } finally {
      // These leaks were planted: take them back out so the file itself passes the scan.
      collector.errors.delete(inMessage);
      collector.errors.delete(inProperty);
      collector.secrets.delete(secret);
    }
  });
});
