/**
 * A fake of the Altegio API's authentication rules, for the loopback server: the partner token
 * is required everywhere, `POST /auth` issues user tokens, and a user-level route accepts only the
 * current user token (the old one gets 401 after a "password change").
 */
import { expect } from "vitest";
import { envelope, sendJson, type Handler, type SeenRequest } from "../support/loopback.js";
import type { ServerResponse } from "node:http";

export const PARTNER = "PARTNER-SECRET-123";
export const PASSWORD = "PASSWORD-SECRET-456";
export const NEW_PASSWORD = "PASSWORD-SECRET-NEW-789";
export const OLD_TOKEN = "USER-TOKEN-OLD-111";
export const NEW_TOKEN = "USER-TOKEN-NEW-222";
export const LOGIN = "+13155550175";
export const SECRETS = [PARTNER, PASSWORD, NEW_PASSWORD, OLD_TOKEN, NEW_TOKEN];

export const BASE_PATH = "/api/v1";

export interface FakeState {
  /** The user token the API accepts now. */
  validToken: string;
  /** The password `POST /auth` accepts now. */
  password: string;
  /** What the next successful `POST /auth` issues (and makes valid). */
  nextToken: string;
  /** Delay before answering `POST /auth`, so concurrent 401s pile up behind one login. */
  authDelayMs: number;
  /** Answer to a successful login, instead of the default profile. */
  authAnswer?: (res: ServerResponse) => void;
  /** Paths (below BASE_PATH) that act on business data and need the user token. */
  userPaths: RegExp;
}

export function fakeState(overrides: Partial<FakeState> = {}): FakeState {
  return {
    validToken: NEW_TOKEN,
    password: PASSWORD,
    nextToken: NEW_TOKEN,
    authDelayMs: 0,
    userPaths: /^\/client\//,
    ...overrides,
  };
}

/** The second error shape of the API, as seen on 401. */
export function unauthorized(res: ServerResponse): void {
  sendJson(res, 401, {
    errors: { code: 401, message: "Unauthorized" },
    meta: { message: "Unauthorized" },
  });
}

/** Parses `Bearer <partner>[, User <user>]`. */
export function parseAuthorization(header: string | undefined): {
  partner?: string;
  user?: string;
} {
  const out: { partner?: string; user?: string } = {};
  for (const part of (header ?? "").split(",")) {
    const match = /^\s*(Bearer|User)\s+(\S+)\s*$/.exec(part);
    if (match?.[1] === "Bearer") out.partner = match[2];
    if (match?.[1] === "User") out.user = match[2];
  }
  return out;
}

export function fakeAltegio(
  state: FakeState,
  route: Handler = (_req, res) => sendJson(res, 200, envelope({ id: 1 }, { total_count: 1 })),
): Handler {
  return async (req: SeenRequest, res, raw) => {
    const auth = parseAuthorization(req.headers.authorization);
    if (auth.partner !== PARTNER) return unauthorized(res);
    const path = req.path.startsWith(BASE_PATH) ? req.path.slice(BASE_PATH.length) : req.path;
    if (req.method === "POST" && path === "/auth") {
      if (state.authDelayMs > 0) await new Promise((r) => setTimeout(r, state.authDelayMs));
      const body = req.json as { login?: string; password?: string } | undefined;
      if (body?.login !== LOGIN || body.password !== state.password) {
        return sendJson(res, 401, {
          success: false,
          data: null,
          meta: { message: "Incorrect login or password" },
        });
      }
      if (state.authAnswer) return state.authAnswer(res);
      state.validToken = state.nextToken;
      return sendJson(
        res,
        201,
        envelope({ id: 7, name: "Jane", login: LOGIN, user_token: state.nextToken }),
      );
    }
    if (state.userPaths.test(path) && auth.user !== state.validToken) return unauthorized(res);
    return route(req, res, raw);
  };
}

/** Asserts that nothing reachable from the error holds a secret. */
export function expectNoSecrets(error: unknown): void {
  expect(error).toBeInstanceOf(Error);
  const err = error as Error;
  const texts = [JSON.stringify(err), String(err), err.stack ?? "", err.message];
  for (const key of Object.getOwnPropertyNames(err)) {
    const value = (err as unknown as Record<string, unknown>)[key];
    if (value instanceof Response) continue; // a Response holds no request headers
    texts.push(safeString(value));
  }
  for (const text of texts) {
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  }
}

function safeString(value: unknown): string {
  try {
    return typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    return String(value);
  }
}

/** Catches the rejection of `promise` (failing the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject, but it resolved");
}
