import { describe, expect, it } from "vitest";
import { ConnectionError } from "../../src/core/errors.js";
import {
  loggingPlugin,
  redactHeaders,
  redactValue,
  secretsFromAuthorization,
  type Logger,
} from "../../src/plugins/logging.js";
import { operationOf } from "../../src/core/operation.js";
import type { RequestContext } from "../../src/core/pipeline.js";
import { redactSecrets } from "../../src/core/secrets.js";

const PARTNER = "partner-token-0123456789";
const USER = "user-token-abcdefghij";

function memoryLogger() {
  const lines: { level: string; message: string; data: unknown }[] = [];
  const at =
    (level: string) =>
    (message: string, data?: Record<string, unknown>): void => {
      lines.push({ level, message, data });
    };
  const logger: Logger = {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
  };
  return { logger, lines };
}

const operation = operationOf(
  {
    get_client: {
      method: "get",
      path: "/client/{location_id}/{id}",
      auth: "user",
      pathParams: { location_id: "number", id: "number" },
    },
  },
  "get_client",
);

const ctx = (): RequestContext => ({
  operation,
  options: {},
  signal: undefined,
  attempt: 1,
});

const authed = () =>
  new Request("http://127.0.0.1/client/1/2?phone=%2B13155550175", {
    headers: { authorization: `Bearer ${PARTNER}, User ${USER}`, accept: "application/json" },
  });

describe("redaction helpers", () => {
  it("redactHeaders hides Authorization and cookies, keeps the rest", () => {
    const headers = new Headers({ Authorization: `Bearer ${PARTNER}`, Accept: "x", Cookie: "s=1" });
    expect(redactHeaders(headers)).toEqual({
      authorization: "[redacted]",
      accept: "x",
      cookie: "[redacted]",
    });
    expect(redactHeaders({ Authorization: "Bearer x", "X-Id": "1" })).toEqual({
      Authorization: "[redacted]",
      "X-Id": "1",
    });
  });

  it("redactSecrets removes every occurrence, longest first, and ignores tiny secrets", () => {
    expect(redactSecrets(`a ${PARTNER} b ${PARTNER}`, [PARTNER])).toBe("a [redacted] b [redacted]");
    expect(redactSecrets("abcdef", ["abc", "abcdef"])).toBe("[redacted]");
    expect(redactSecrets("a b c", ["a", undefined])).toBe("a b c");
  });

  it("redactValue hides password/token fields at any depth and scrubs known secrets", () => {
    const value = {
      login: "+13155550175",
      password: "hunter22",
      nested: [{ user_token: "x" }, { note: `token ${USER}` }],
      apiKey: "k",
    };
    expect(redactValue(value, [USER])).toEqual({
      login: "+13155550175",
      password: "[redacted]",
      nested: [{ user_token: "[redacted]" }, { note: "token [redacted]" }],
      apiKey: "[redacted]",
    });
  });

  it("secretsFromAuthorization reads both credentials of the API's header", () => {
    expect(secretsFromAuthorization(`Bearer ${PARTNER}, User ${USER}`)).toEqual([PARTNER, USER]);
    expect(secretsFromAuthorization(null)).toEqual([]);
  });
});

describe("loggingPlugin", () => {
  it("logs the attempt and its answer without a secret or the query string", async () => {
    const { logger, lines } = memoryLogger();
    const send = loggingPlugin(logger)(async () => new Response("{}", { status: 200 }));
    await send(authed(), ctx());
    expect(lines.map((l) => l.level)).toEqual(["debug", "info"]);
    expect(lines[1]).toMatchObject({
      data: {
        method: "GET",
        path: "/client/{location_id}/{id}",
        operationId: "get_client",
        attempt: 1,
        status: 200,
      },
    });
    const text = JSON.stringify(lines);
    expect(text).not.toContain(PARTNER);
    expect(text).not.toContain(USER);
    expect(text).not.toContain("13155550175");
    expect(text).toContain("[redacted]");
  });

  it("warns on error statuses and logs failures scrubbed of the request's tokens", async () => {
    const { logger, lines } = memoryLogger();
    const warn = loggingPlugin(logger)(async () => new Response("", { status: 503 }));
    await warn(authed(), ctx());
    expect(lines.at(-1)?.level).toBe("warn");

    const fail = loggingPlugin(logger)(async () => {
      throw new ConnectionError(`socket hang up; header was Bearer ${PARTNER}`, {
        mayHaveBeenApplied: true,
      });
    });
    await expect(fail(authed(), ctx())).rejects.toBeInstanceOf(ConnectionError);
    const last = lines.at(-1)!;
    expect(last.level).toBe("error");
    expect(last.data).toMatchObject({ error: "connection" });
    expect(JSON.stringify(lines)).not.toContain(PARTNER);
  });

  it("scrubs a failure's message with the client's redactor (it never sees the auth header)", async () => {
    const { logger, lines } = memoryLogger();
    const redact = (text: string) => text.split(USER).join("[redacted]");
    const fail = loggingPlugin(
      logger,
      redact,
    )(async () => {
      throw new TypeError(`fetch failed: User ${USER}`);
    });
    await expect(fail(new Request("http://127.0.0.1/client/1/2"), ctx())).rejects.toThrow();
    expect(lines.at(-1)?.message).toBe(
      "✗ GET /client/{location_id}/{id}: fetch failed: User [redacted]",
    );
  });

  it("a logger that throws does not break the call; no logger costs nothing", async () => {
    const broken: Logger = {
      info() {
        throw new Error("disk full");
      },
    };
    const response = await loggingPlugin(broken)(async () => new Response("ok"))(authed(), ctx());
    expect(response.status).toBe(200);
    const next = async () => new Response("ok");
    expect(loggingPlugin(undefined)(next)).toBe(next);
  });
});
