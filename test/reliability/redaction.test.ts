/**
 * Text taken from a low-level error goes through the client's redactor before it reaches an SDK
 * error or a log line: a fetch whose failure quotes the request (its Authorization header, the
 * login body), a body stream that breaks with such a message. The logging plugin runs before the
 * auth headers are set, so only the client's redactor (which knows the partner token, the user
 * tokens and a password during login) can scrub these.
 */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  ConnectionError,
  createAltegioClient,
  type AltegioClientOptions,
  type FetchLike,
  type Logger,
} from "../../src/index.js";

const PARTNER = "rd-PARTNER-2c94e1b7a0f3";
const USER = "rd-USERTOKEN-5e07d3c9b1a8";
const PASSWORD = "rd-Pa55w0rd-8a1f4c2e";
const LOGIN = "+13155550175";
const SECRETS = [PARTNER, USER, PASSWORD];

/** What the probe fetch saw, to prove the secrets really were in what it echoed. */
const echoed: string[] = [];

/** A fetch that fails the way a proxy agent might: its message quotes the request. */
const echoingFetch: FetchLike = async (request) => {
  const body = request.body ? await request.text() : "";
  const text = `fetch failed: ${request.headers.get("authorization") ?? ""} ${body}`;
  echoed.push(text);
  throw new TypeError(text);
};

/** Same, with a code (so the message shows the code) and the echo one cause down. */
const codedFetch: FetchLike = async (request) => {
  const text = `socket hang up: ${request.headers.get("authorization") ?? ""}`;
  echoed.push(text);
  const socket = Object.assign(new Error(text), { code: "ECONNRESET" });
  throw new TypeError(`fetch failed: ${text}`, { cause: socket });
};

/** Headers arrive, then the body stream breaks with a message that quotes the request. */
const brokenBodyFetch: FetchLike = async (request) => {
  const text = `body stream broke: ${request.headers.get("authorization") ?? ""}`;
  echoed.push(text);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"success": true'));
      setTimeout(() => controller.error(new TypeError(text)), 5);
    },
  });
  return new Response(body, { status: 200, headers: { "content-type": "application/json" } });
};

function setup(options: Partial<AltegioClientOptions>) {
  const lines: string[] = [];
  const at =
    (level: string) =>
    (message: string, data?: Record<string, unknown>): void => {
      lines.push(`${level} ${message} ${JSON.stringify(data)}`);
    };
  const logger: Logger = {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
  };
  const altegio = createAltegioClient({
    partnerToken: PARTNER,
    baseUrl: "http://127.0.0.1:9/api/v1",
    rateLimit: false,
    retry: false,
    logger,
    ...options,
  });
  return { altegio, lines };
}

/** Every rendering of an error a caller or a log collector could see, its causes included. */
function renderings(error: unknown): string[] {
  expect(error).toBeInstanceOf(Error);
  const err = error as Error;
  const texts = [err.message, JSON.stringify(err), String(err), err.stack ?? "", inspect(err)];
  for (const key of Object.keys(err)) {
    texts.push(inspect((err as unknown as Record<string, unknown>)[key], { depth: 6 }));
  }
  let cause: unknown = err.cause;
  for (let depth = 0; cause !== undefined && depth < 6; depth++) {
    texts.push(String(cause), inspect(cause, { depth: 6 }));
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return texts;
}

function expectScrubbed(error: unknown, lines: readonly string[], mustHide: readonly string[]) {
  // The probe really echoed what must be hidden, so a clean result means it was scrubbed.
  for (const secret of mustHide) expect(echoed.some((text) => text.includes(secret))).toBe(true);
  expect(lines.some((line) => line.startsWith("error "))).toBe(true);
  for (const text of [...renderings(error), ...lines]) {
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  }
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error,
  );
}

describe("secrets in low-level error messages", () => {
  it("a GET whose fetch error quotes the Authorization header", async () => {
    echoed.length = 0;
    const { altegio, lines } = setup({ userToken: USER, fetch: echoingFetch });
    const error = await failure(altegio.request("get_client", { path: { location_id: 1, id: 2 } }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toContain("fetch failed: Bearer [redacted], User [redacted]");
    expectScrubbed(error, lines, [PARTNER, USER]);
  });

  it("the raw client: same error, same scrubbing", async () => {
    echoed.length = 0;
    const { altegio, lines } = setup({ userToken: USER, fetch: echoingFetch });
    const error = await failure(
      altegio.raw.GET(
        "/client/{location_id}/{id}" as never,
        {
          params: { path: { location_id: 1, id: 2 } },
        } as never,
      ),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expectScrubbed(error, lines, [PARTNER, USER]);
  });

  it("an error with a code: the code stays, the echo in its cause is scrubbed", async () => {
    echoed.length = 0;
    const { altegio, lines } = setup({ userToken: USER, fetch: codedFetch });
    const error = await failure(altegio.request("get_client", { path: { location_id: 1, id: 2 } }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/ECONNRESET/);
    const cause = (error as Error).cause as Error & { cause?: Error & { code?: string } };
    expect(cause).toBeInstanceOf(Error);
    expect(cause.name).toBe("TypeError");
    expect(cause.cause?.code).toBe("ECONNRESET");
    expect(cause.message).toContain("[redacted]");
    expectScrubbed(error, lines, [PARTNER, USER]);
  });

  it("a body stream that breaks with a message quoting the request", async () => {
    echoed.length = 0;
    const { altegio, lines } = setup({ userToken: USER, fetch: brokenBodyFetch });
    const error = await failure(altegio.request("get_client", { path: { location_id: 1, id: 2 } }));
    expect(error).toBeInstanceOf(ConnectionError);
    expectScrubbed(error, lines, [PARTNER, USER]);
  });

  it("login() with the configured credentials: the password in the echoed body", async () => {
    echoed.length = 0;
    const { altegio, lines } = setup({
      credentials: { login: LOGIN, password: PASSWORD },
      fetch: echoingFetch,
    });
    const error = await failure(altegio.login());
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toContain('"password":"[redacted]"');
    expectScrubbed(error, lines, [PARTNER, PASSWORD]);
  });

  it("login(login, password) with explicit credentials", async () => {
    echoed.length = 0;
    const { altegio, lines } = setup({ fetch: echoingFetch });
    const error = await failure(altegio.login(LOGIN, PASSWORD));
    expect(error).toBeInstanceOf(ConnectionError);
    expectScrubbed(error, lines, [PARTNER, PASSWORD]);
  });

  it("a foreign error that holds no secret is kept as the cause, as it is", async () => {
    const original = Object.assign(new TypeError("fetch failed"), { code: "ECONNRESET" });
    const { altegio } = setup({ userToken: USER, fetch: () => Promise.reject(original) });
    const error = await failure(altegio.request("get_client", { path: { location_id: 1, id: 2 } }));
    expect((error as Error).cause).toBe(original);
  });
});
