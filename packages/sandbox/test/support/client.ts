/** Plain-fetch helpers for talking to a sandbox in tests (the SDK facade is tested elsewhere). */
import { startSandbox, type Sandbox, type SandboxOptions } from "../../src/index.js";

export const ACCEPT = "application/vnd.api.v2+json";

/** Seeded ids (seed 1): the first location, and one past the last seeded client. */
export const LOCATION = 41001;
export const OTHER_LOCATION = 41002;

export interface CallOptions {
  body?: unknown;
  /** A user token: sends `Bearer <partner>, User <token>`. */
  user?: string;
  /** Replaces the default headers entirely when given. */
  headers?: Record<string, string>;
}

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  json: T;
  text: string;
}

export function startTestSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ rateLimit: false, seedDate: "2026-01-05", ...options });
}

export function authHeader(sandbox: Sandbox, user?: string): string {
  return user ? `Bearer ${sandbox.partnerToken}, User ${user}` : `Bearer ${sandbox.partnerToken}`;
}

export async function call<T = any>(
  sandbox: Sandbox,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = options.headers ?? {
    accept: ACCEPT,
    authorization: authHeader(sandbox, options.user),
  };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!options.headers) headers["content-type"] = "application/json";
  }
  const response = await fetch(`${sandbox.baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

/** Logs the first seeded user in over HTTP and returns the user token. */
export async function login(sandbox: Sandbox): Promise<string> {
  const user = sandbox.users[0]!;
  const reply = await call(sandbox, "POST", "/auth", {
    body: { login: user.login, password: user.password },
  });
  if (reply.status !== 201) throw new Error(`login answered ${reply.status}: ${reply.text}`);
  return reply.json.data.user_token as string;
}

export async function control(
  sandbox: Sandbox,
  method: string,
  path: string,
  body?: unknown,
): Promise<Reply> {
  const response = await fetch(`${sandbox.controlUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text ? JSON.parse(text) : undefined,
    text,
  };
}
