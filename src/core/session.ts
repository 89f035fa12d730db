/**
 * The user session: the user token (in a TokenStore), login with `POST /auth`, and logging in
 * again when the API rejects the token — which it does after the user changes the password,
 * because the API then regenerates the user token.
 *
 * Re-login is single-flight: requests that hit 401 together share one `POST /auth`. Each request
 * is replayed at most once; a failing login or a second 401 ends in an error, never a loop.
 */
import {
  APIError,
  AuthenticationError,
  ConfigurationError,
  TokenInvalidatedError,
  TwoFactorRequiredError,
  type ErrorContext,
} from "./errors.js";
import { parseResponse } from "./envelope.js";
import type { OperationMeta } from "./operation.js";
import { forAttempt, type Plugin, type RequestContext } from "./pipeline.js";
import type { SecretRedactor } from "./secrets.js";
import type { TokenStore } from "./token-store.js";

export interface Credentials {
  /** Phone in international format (`+13155550175`) or email. */
  login: string;
  password: string;
}

/** Called at each login, so it may return new credentials (e.g. after a password change). */
export type CredentialsProvider = () => Credentials | Promise<Credentials>;

export type CredentialsSource = Credentials | CredentialsProvider;

export type TokenChangeReason = "login" | "relogin" | "logout" | "set";

export interface TokenChange {
  /** The new user token; undefined after logout. */
  token: string | undefined;
  reason: TokenChangeReason;
}

/** `data` of `POST /auth` without the user token. */
export interface UserProfile {
  id?: number;
  name?: string;
  phone?: string;
  email?: string;
  login?: string;
  avatar?: string;
  is_approved?: boolean;
  is_email_confirmed?: boolean;
  [key: string]: unknown;
}

/** Sends `POST /auth` through the pipeline; resolves to the envelope's data and the status. */
export type Authenticate = (credentials: Credentials) => Promise<{ data: unknown; status: number }>;

export interface SessionOptions {
  store: TokenStore;
  credentials?: CredentialsSource | undefined;
  authenticate: Authenticate;
  redactor: SecretRedactor;
  onTokenChange?: ((change: TokenChange) => void | Promise<void>) | undefined;
  /** Told when `onTokenChange` throws: the new token is kept regardless. */
  onCallbackError?: ((error: unknown) => void) | undefined;
  /** The `POST /auth` operation, to name it in errors. */
  authOperation: ErrorContext;
}

interface Flight {
  token: string;
  /** False when the flight found a newer token in the store and did not log in. */
  loggedIn: boolean;
}

/** Statuses with which `POST /auth` says the credentials were not accepted. */
const LOGIN_REJECTED = new Set([400, 401, 403, 404, 422]);

export class Session {
  private inflight: Promise<Flight> | undefined;
  /** The user token each call's latest attempt was sent with (read by the relogin plugin). */
  private readonly tokenUsed = new WeakMap<RequestContext, string>();

  constructor(private readonly options: SessionOptions) {}

  /** True when the client can log in by itself (credentials or a provider were given). */
  get canLogin(): boolean {
    return this.options.credentials !== undefined;
  }

  async getToken(): Promise<string | undefined> {
    return this.storedToken();
  }

  /**
   * Like `getToken`, without a promise when the store answers synchronously (the memory store):
   * the plugins ask for the token on every call.
   */
  storedToken(): string | undefined | Promise<string | undefined> {
    const stored = this.options.store.get();
    return isPromiseLike(stored) ? Promise.resolve(stored).then(this.accept) : this.accept(stored);
  }

  private readonly accept = (token: string | undefined): string | undefined => {
    if (token === undefined || token === "") return undefined;
    this.options.redactor.remember(token);
    return token;
  };

  async setToken(token: string | undefined, reason: TokenChangeReason = "set"): Promise<void> {
    if (token !== undefined) this.options.redactor.remember(token);
    await this.options.store.set(token);
    if (!this.options.onTokenChange) return;
    try {
      await this.options.onTokenChange({ token, reason });
    } catch (error) {
      this.options.onCallbackError?.(error);
    }
  }

  /** Logs in with explicit credentials; they are not kept for later re-logins. */
  async login(login: string, password: string): Promise<UserProfile> {
    const { profile } = await this.loginWith({ login, password }, "login");
    return profile;
  }

  /** Logs in with the configured credentials source. */
  async loginFromSource(): Promise<UserProfile> {
    const source = this.options.credentials;
    if (source === undefined) {
      throw new ConfigurationError(
        "login() without arguments needs `credentials` in the client options; or call login(login, password).",
        this.options.authOperation,
      );
    }
    const credentials = typeof source === "function" ? await source() : source;
    const { profile } = await this.loginWith(credentials, "login");
    return profile;
  }

  async logout(): Promise<void> {
    await this.setToken(undefined, "logout");
  }

  recordTokenUse(ctx: RequestContext, token: string): void {
    // Only a re-login needs it; a WeakMap entry per call is not free.
    if (this.canLogin) this.tokenUsed.set(ctx, token);
  }

  tokenUsedBy(ctx: RequestContext): string | undefined {
    return this.tokenUsed.get(ctx);
  }

  /**
   * The token to send: the stored one, or one from a login with the credentials source
   * (shared with concurrent callers). `fresh` tells the caller it came from a login just now.
   */
  async ensureToken(context: ErrorContext): Promise<{ token: string; fresh: boolean }> {
    const token = await this.getToken();
    if (token !== undefined) return { token, fresh: false };
    if (!this.canLogin) throw missingUserCredentials(context);
    return { token: await this.refresh(undefined), fresh: true };
  }

  /**
   * A token newer than `stale`: one another caller already obtained, or one from a new login.
   * Concurrent callers share the login in flight.
   */
  async refresh(stale: string | undefined): Promise<string> {
    const flight = await this.join(stale);
    // Joined a flight started for an older token that found ours in the store: log in for ours.
    if (flight.token === stale && !flight.loggedIn) return (await this.join(stale)).token;
    return flight.token;
  }

  private join(stale: string | undefined): Promise<Flight> {
    if (!this.inflight) {
      const flight = this.refreshUnlessChanged(stale);
      this.inflight = flight;
      const clear = (): void => {
        if (this.inflight === flight) this.inflight = undefined;
      };
      flight.then(clear, clear);
    }
    return this.inflight;
  }

  private async refreshUnlessChanged(stale: string | undefined): Promise<Flight> {
    const current = await this.getToken();
    if (current !== undefined && current !== stale) return { token: current, loggedIn: false };
    const source = this.options.credentials;
    if (source === undefined) throw missingUserCredentials(this.options.authOperation);
    const credentials = typeof source === "function" ? await source() : source;
    const { token } = await this.loginWith(credentials, stale === undefined ? "login" : "relogin");
    return { token, loggedIn: true };
  }

  private async loginWith(
    credentials: Credentials,
    reason: TokenChangeReason,
  ): Promise<{ token: string; profile: UserProfile }> {
    validateCredentials(credentials, this.options.authOperation);
    const { redactor } = this.options;
    redactor.hold(credentials.password);
    let answer: { data: unknown; status: number };
    try {
      answer = await this.options.authenticate(credentials);
    } catch (error) {
      throw loginRejected(error, redactor.redact);
    } finally {
      redactor.release(credentials.password);
    }
    const data = isRecord(answer.data) ? answer.data : {};
    const token = data["user_token"];
    if (typeof token !== "string" || token === "") {
      throw new TwoFactorRequiredError({
        ...this.options.authOperation,
        status: answer.status,
        message:
          "The API answered the login without a user token: the account needs a second " +
          "authentication factor (see `challenge`). Complete it, then pass the user token as " +
          "`userToken` or to `client.session.setToken()`.",
        challenge: withoutSecrets(data),
      });
    }
    await this.setToken(token, reason);
    const { user_token: _omitted, ...profile } = data;
    return { token, profile };
  }
}

/**
 * Plugin: makes sure a user-level call has a user token (logging in from the credentials source
 * if needed), and after a 401 logs in again once and replays the request once.
 */
export function reloginPlugin(session: Session, redact: (text: string) => string): Plugin {
  return (next) => async (request, ctx) => {
    const operation = ctx.operation;
    if (operation?.auth !== "user") return next(request, ctx);
    const stored = session.storedToken();
    const fresh =
      (isPromiseLike(stored) ? await stored : stored) === undefined &&
      (await session.ensureToken(operationContext(operation))).fresh;

    const first = await next(forAttempt(request), ctx);
    if (first.status !== 401) return first;
    const context = operationContext(operation);
    const rejected = await authErrorOf(first, context, redact);
    const stale = session.tokenUsedBy(ctx);

    if (!session.canLogin) {
      throw new TokenInvalidatedError({
        ...context,
        status: 401,
        fieldErrors: rejected.fieldErrors,
        message:
          `The API rejected the user token (401: ${rejected.message}). It was invalidated, for ` +
          "example because the user changed the password. Pass `credentials` ({ login, password } " +
          "or an async provider) to createAltegioClient to log in again automatically, or call " +
          "client.login(login, password) and retry.",
      });
    }
    if (fresh) {
      throw new AuthenticationError({
        ...context,
        status: 401,
        fieldErrors: rejected.fieldErrors,
        message: `The API rejected a user token obtained by logging in just now (401: ${rejected.message}); not logging in again.`,
      });
    }

    await session.refresh(stale);
    const second = await next(forAttempt(request), ctx);
    if (second.status !== 401) return second;
    const again = await authErrorOf(second, context, redact);
    throw new AuthenticationError({
      ...context,
      status: 401,
      fieldErrors: again.fieldErrors,
      message: `The API rejected the user token again after logging in anew (401: ${again.message}); not retrying.`,
    });
  };
}

/** The error a user-level call gets when the client has no way to get a user token. */
export function missingUserCredentials(context: ErrorContext): ConfigurationError {
  const where = context.operationId
    ? `${context.operationId} (${context.method ?? ""} ${context.path ?? ""})`
    : "This call";
  return new ConfigurationError(
    `${where} acts on business data and needs a user token. Pass \`userToken\`, or ` +
      "`credentials` ({ login, password } or an async provider) to createAltegioClient, or call " +
      "client.login(login, password) first.",
    context,
  );
}

export function operationContext(
  operation: OperationMeta,
): ErrorContext & { operationId: string; method: string; path: string } {
  return {
    operationId: operation.operationId,
    method: operation.method.toUpperCase(),
    path: operation.path,
  };
}

/** Reads a 401 answer into its error (message and field errors), consuming the body. */
async function authErrorOf(
  response: Response,
  context: ErrorContext,
  redact: (text: string) => string,
): Promise<APIError> {
  try {
    await parseResponse(response, { ...context, method: context.method ?? "GET", redact });
  } catch (error) {
    if (error instanceof APIError) return error;
    throw error;
  }
  return new AuthenticationError({ ...context, status: 401, message: "Unauthorized" });
}

/** A refused login becomes an AuthenticationError carrying the API's message. */
function loginRejected(error: unknown, redact: (text: string) => string): unknown {
  if (!(error instanceof APIError) || error instanceof AuthenticationError) return error;
  // A 2xx with `success: false` is a refusal too; 402, 429 and 5xx keep their own meaning.
  if (!LOGIN_REJECTED.has(error.status) && error.status >= 300) return error;
  return new AuthenticationError({
    operationId: error.operationId,
    method: error.method,
    path: error.path,
    status: error.status,
    message: redact(error.message),
    fieldErrors: error.fieldErrors,
    response: error.response,
  });
}

function validateCredentials(credentials: Credentials, context: ErrorContext): void {
  if (
    !isRecord(credentials) ||
    typeof credentials.login !== "string" ||
    credentials.login.trim() === "" ||
    typeof credentials.password !== "string" ||
    credentials.password === ""
  ) {
    throw new ConfigurationError(
      "Login needs credentials { login, password } with a non-empty login (phone or email) and password.",
      context,
    );
  }
}

/** The challenge payload minus anything that looks like a secret. */
function withoutSecrets(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (!/token|password|secret/i.test(key)) out[key] = value;
  }
  return out;
}

export function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | undefined)?.then === "function";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
