/**
 * The user session: the user token (in a TokenStore) and `POST /auth`. The API regenerates the
 * token when the user changes the password, so a 401 means "log in again" (plugins/relogin.ts).
 * Logins are single-flight: callers that need a new token together share one `POST /auth`.
 */
import {
  APIError,
  AuthenticationError,
  ConfigurationError,
  InvalidResponseError,
  TwoFactorRequiredError,
  type ErrorContext,
} from "./errors.js";
import { describeCall } from "./abort.js";
import { isRecord } from "./envelope.js";
import { isSecretName, type SecretRedactor } from "./secrets.js";

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

/** Where the client keeps the user token: memory by default, or yours to share it between processes. */
export interface TokenStore {
  get(): string | undefined | Promise<string | undefined>;
  /** Replaces the user token; undefined forgets it (logout). */
  set(token: string | undefined): void | Promise<void>;
  /**
   * Optional, for a store shared by several processes: a token newer than `stale`, with `login`
   * run by one caller among all that share the store (a lock), the others handed its token.
   */
  refresh?(stale: string | undefined, login: () => Promise<string>): Promise<string>;
}

/** A token store in memory, optionally seeded with a token. */
export function createMemoryTokenStore(initial?: string): TokenStore {
  let token = initial;
  return {
    get: () => token,
    set: (next) => {
      token = next;
    },
  };
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

interface SessionOptions {
  store: TokenStore;
  credentials?: CredentialsSource | undefined;
  /** Sends `POST /auth` through the client; resolves to the envelope's data and the status. */
  authenticate: (credentials: Credentials) => Promise<{ data: unknown; status: number }>;
  redactor: SecretRedactor;
  onTokenChange?: ((change: TokenChange) => void | Promise<void>) | undefined;
  /** Told when `onTokenChange` throws: the new token is kept regardless. */
  onCallbackError?: ((error: unknown) => void) | undefined;
  /** The login operation, to name it in errors. */
  authContext: ErrorContext;
}

/** Statuses with which `POST /auth` says the credentials were not accepted. */
const LOGIN_REJECTED = new Set([400, 401, 403, 404, 422]);

export class Session {
  private inflight: Promise<{ token: string; loggedIn: boolean }> | undefined;

  constructor(private readonly options: SessionOptions) {}

  /** True when the client can log in by itself (credentials or a provider were given). */
  get canLogin(): boolean {
    return this.options.credentials !== undefined;
  }

  /** True while a login runs: a token read now may be about to be replaced. */
  get refreshing(): boolean {
    return this.inflight !== undefined;
  }

  /** Resolves once no login is under way (at once when none is); never rejects. */
  settled(): Promise<void> | void {
    return this.inflight?.then(ignore, ignore);
  }

  /** The stored token, without a promise when the store answers synchronously (every call asks). */
  token(): string | undefined | Promise<string | undefined> {
    const stored = this.options.store.get();
    return isPromiseLike(stored) ? Promise.resolve(stored).then(this.accept) : this.accept(stored);
  }

  private readonly accept = (token: string | undefined): string | undefined => {
    if (token) this.options.redactor.remember(token);
    return token || undefined;
  };

  async setToken(token: string | undefined, reason: TokenChangeReason = "set"): Promise<void> {
    if (token !== undefined) this.options.redactor.remember(token);
    await this.options.store.set(token);
    try {
      await this.options.onTokenChange?.({ token, reason });
    } catch (error) {
      this.options.onCallbackError?.(error);
    }
  }

  /** Logs in with the given credentials, or the configured source; explicit ones are not kept. */
  async login(credentials?: Credentials): Promise<UserProfile> {
    if (!credentials && !this.canLogin) {
      throw new ConfigurationError(
        "login() without arguments needs `credentials` in the client options; or call login(login, password).",
        this.options.authContext,
      );
    }
    return (await this.loginWith(credentials ?? (await this.credentials()), "login")).profile;
  }

  /** A token newer than `stale` (undefined: none yet), shared with concurrent callers. */
  async refresh(stale: string | undefined, context: ErrorContext): Promise<string> {
    const flight = await this.join(stale, context);
    // Joined a flight started for an older token that found ours in the store: log in for ours.
    if (flight.token === stale && !flight.loggedIn) return (await this.join(stale, context)).token;
    return flight.token;
  }

  private join(stale: string | undefined, context: ErrorContext) {
    if (!this.inflight) {
      const clear = () => {
        this.inflight = undefined;
      };
      this.inflight = this.refreshUnlessChanged(stale, context);
      this.inflight.then(clear, clear);
    }
    return this.inflight;
  }

  private async refreshUnlessChanged(stale: string | undefined, context: ErrorContext) {
    const login = async () => {
      if (!this.canLogin) throw missingUserCredentials(context);
      const reason = stale === undefined ? "login" : "relogin";
      return (await this.loginWith(await this.credentials(), reason)).token;
    };
    const { store } = this.options;
    if (store.refresh) {
      return { token: this.accept(await store.refresh(stale, login))!, loggedIn: true };
    }
    const current = await this.token();
    if (current !== undefined && current !== stale) return { token: current, loggedIn: false };
    return { token: await login(), loggedIn: true };
  }

  private async credentials(): Promise<Credentials> {
    const source = this.options.credentials!;
    return typeof source === "function" ? source() : source;
  }

  private async loginWith(credentials: Credentials, reason: TokenChangeReason) {
    const { authContext: context, redactor } = this.options;
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
    redactor.hold(credentials.password);
    let answer: { data: unknown; status: number };
    try {
      answer = await this.options.authenticate(credentials);
    } catch (error) {
      throw loginRejected(error);
    } finally {
      redactor.release(credentials.password);
    }
    const { user_token: token, ...profile } = isRecord(answer.data) ? answer.data : {};
    if (typeof token !== "string" || token === "") {
      throw new TwoFactorRequiredError({
        ...context,
        status: answer.status,
        message:
          "The API answered the login without a user token: the account needs a second " +
          "authentication factor (see `challenge`). Complete it, then pass the user token as " +
          "`userToken` or to `client.session.setToken()`.",
        challenge: Object.fromEntries(Object.entries(profile).filter(([k]) => !isSecretName(k))),
      });
    }
    await this.setToken(token, reason);
    return { token, profile };
  }
}

/** The error a user-level call gets when the client has no way to get a user token. */
function missingUserCredentials(context: ErrorContext): ConfigurationError {
  const where = context.operationId ? describeCall(context) : "This call";
  return new ConfigurationError(
    `${where} acts on business data and needs a user token. Pass \`userToken\`, or ` +
      "`credentials` ({ login, password } or an async provider) to createAltegioClient, or call " +
      "client.login(login, password) first.",
    context,
  );
}

/** A refused login (4xx, or a 2xx with `success: false`) becomes an AuthenticationError. */
function loginRejected(error: unknown): unknown {
  // 402, 429, 5xx and an unreadable answer keep their own meaning: they refuse nothing.
  if (!(error instanceof APIError) || error instanceof InvalidResponseError) return error;
  const refused =
    error instanceof AuthenticationError
      ? error.reason !== "login_rejected"
      : error.status < 300 || LOGIN_REJECTED.has(error.status);
  if (!refused) return error;
  const { response, bodyText, message } = error;
  return new AuthenticationError({
    ...error,
    message,
    response,
    bodyText,
    reason: "login_rejected",
  });
}

function ignore(): void {}

export function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | undefined)?.then === "function";
}
