/**
 * `createAltegioClient`: one openapi-fetch client (`altegio.raw`) per AltegioClient, with the
 * attempt pipeline (core/pipeline.ts, plugins/) as its `fetch`. Members live on a shared prototype
 * and the facade's namespaces are built on first use, so a client is light. Every export of this
 * file is public: index.ts re-exports them all.
 */
import createClient, { type Client } from "openapi-fetch";
import { descriptionInfo, operations as generatedRegistry } from "../generated/registry.js";
import type { OperationId } from "../generated/registry.js";
import type { paths } from "../generated/schema.js";
import type { Envelope } from "./core/envelope.js";
import { ConfigurationError, InvalidArgumentError } from "./core/errors.js";
import { createInvoker, createRouteMatcher } from "./core/invoke.js";
import { operationOf, type Operation, type Registry } from "./core/operation.js";
import {
  checkedPathSerializer,
  checkPathFilled,
  serializeQuery,
  splitParams,
  type SplitInput,
} from "./core/params.js";
import { compose, type CallOptions, type Plugin } from "./core/pipeline.js";
import { SecretRedactor } from "./core/secrets.js";
import {
  createMemoryTokenStore,
  Session,
  type CredentialsSource,
  type TokenChange,
  type TokenStore,
  type UserProfile,
} from "./core/session.js";
import { defineNamespaces } from "./facade/namespaces.js";
import { createPagination, type PaginationMethods } from "./facade/pagination.js";
import type { AppointmentHelpers, ClientHelpers } from "./facade/helpers/index.js";
import type {
  ApiResult,
  GeneratedResources,
  InputIsOptional,
  RequestInput,
  ResponseData,
} from "./facade/types.js";
import { authPlugin } from "./plugins/auth.js";
import { loggingPlugin, type Logger } from "./plugins/logging.js";
import {
  createRateLimiter,
  rateLimitPlugin,
  sharedRateLimiter,
  type RateLimiter,
  type RateLimitOptions,
} from "./plugins/rate-limit.js";
import { reloginPlugin } from "./plugins/relogin.js";
import { userTokenPlugin } from "./plugins/user-token.js";
import { retryPlugin, type RetryOptions } from "./plugins/retry.js";
import { attemptTimeoutPlugin, totalTimeoutPlugin } from "./plugins/timeout.js";
import { createTransport, type FetchLike } from "./plugins/transport.js";

export interface AltegioClientOptions {
  /** The partner token (developer account). Sent with every call. */
  partnerToken: string;
  /** A user token, if you have one. Used until the API rejects it. */
  userToken?: string;
  /**
   * How to log in when there is no user token or the API rejected it (e.g. after a password
   * change): `{ login, password }`, or a function called at each login that may return new ones.
   */
  credentials?: CredentialsSource;
  /** Where the user token lives; in memory by default. Seeded with `userToken` when it is empty. */
  tokenStore?: TokenStore;
  /** Told each time the user token changes (login, re-login, logout), e.g. to persist it. */
  onTokenChange?: (change: TokenChange) => void | Promise<void>;
  /**
   * Default: the production server of the description. A path ending with the segment every
   * operation path starts with (`/v1` on revision 1.0.1) is refused: each call would carry it twice.
   */
  baseUrl?: string;
  /** A fetch to use instead of the global one (proxies, test doubles). */
  fetch?: FetchLike;
  /**
   * Client-side rate limit. Default: the limiter shared by every client of this process that
   * calls the same origin (5/s and 200/min: the API counts per IP address). Options make a limiter
   * of this client's own; a `RateLimiter` is used as given; `false` turns limiting off.
   */
  rateLimit?: RateLimitOptions | RateLimiter | false;
  /** Retries of idempotent calls (and of writes provably not applied); `false` turns them off. */
  retry?: RetryOptions | false;
  /** Ms for one attempt, body included; default 30,000. */
  timeout?: number;
  /** Ms for a whole call, waits and retries included; default none. */
  totalTimeout?: number;
  logger?: Logger;
  /**
   * Your own plugins, run for every attempt after rate limiting and logging, before the auth
   * header is added (so they never see credentials). For per-call hooks, openapi-fetch's
   * middleware: `altegio.raw.use({ onRequest, onResponse })` sees every call.
   */
  plugins?: readonly Plugin[];
  /** Operation metadata to use instead of the generated registry (tests, other revisions). */
  registry?: Registry;
}

/** Access to the user token, for applications that persist or share it. */
export interface SessionHandle {
  getToken(): Promise<string | undefined>;
  /** Sets (or with undefined, forgets) the user token; `onTokenChange` is told. */
  setToken(token: string | undefined): Promise<void>;
  /** True when the client can log in again by itself after a 401 (credentials were given). */
  readonly canRelogin: boolean;
}

type RequestArgs<Id extends OperationId> =
  InputIsOptional<Id> extends true
    ? [input?: RequestInput<Id>, options?: CallOptions]
    : [input: RequestInput<Id>, options?: CallOptions];

/** Every namespace of the facade, with the helpers on `clients` and `appointments`. */
export interface AltegioResources extends GeneratedResources {
  /** Tag "Clients", plus the helper `findByPhone`. */
  readonly clients: GeneratedResources["clients"] & ClientHelpers;
  /** Tag "Appointments", plus the helpers `listInRange` and `book`. */
  readonly appointments: GeneratedResources["appointments"] & AppointmentHelpers;
}

/** What the client has besides its core members: the namespaces, `paginate` and `collectAll`. */
export type AltegioFacade = AltegioResources & PaginationMethods;

export interface AltegioClient extends AltegioFacade {
  /** Calls an operation; resolves to the `data` of the envelope, rejects with an AltegioError. */
  request<Id extends OperationId>(
    operationId: Id,
    ...args: RequestArgs<Id>
  ): Promise<ResponseData<Id>>;
  /** Like `request`, with the envelope's `meta` and the Response. */
  requestWithResponse<Id extends OperationId>(
    operationId: Id,
    ...args: RequestArgs<Id>
  ): Promise<ApiResult<Id>>;
  /**
   * `POST /auth`: keeps the user token and resolves to the user's profile (without the token).
   * Without arguments, logs in with the configured `credentials`. Explicit credentials are not
   * kept for later re-logins. Rejects with AuthenticationError (wrong credentials) or
   * TwoFactorRequiredError (the account needs a second factor).
   */
  login(login?: string, password?: string): Promise<UserProfile>;
  /** Forgets the user token (locally; the API has no logout call). */
  logout(): Promise<void>;
  readonly session: SessionHandle;
  /**
   * The openapi-fetch client every call of this client goes through (auth, re-login, retry,
   * rate limit, timeouts). Its middleware (`raw.use()`) sees every call, the facade's and the
   * login included. Its own calls answer `{ data, error, response }` with the raw envelope.
   */
  readonly raw: Client<paths>;
  readonly baseUrl: string;
  readonly registry: Registry;
}

export function createAltegioClient(options: AltegioClientOptions): AltegioClient {
  return new AltegioClientImpl(options) as unknown as AltegioClient;
}

/** The login for a registry without `authorize_user` (a hand-written test registry, say). */
const FALLBACK_LOGIN: Registry = {
  authorize_user: { method: "post", path: "/auth", auth: "partner", body: "json" },
};

let namespacesDefined = false;

class AltegioClientImpl {
  readonly raw: Client<paths>;
  readonly baseUrl: string;
  readonly registry: Registry;
  readonly session: SessionHandle;
  // `#` fields rather than symbol keys: bundlers can then drop the class when it is unused.
  readonly #invoke: ReturnType<typeof createInvoker>;
  readonly #session: Session;
  #pagination: PaginationMethods | undefined;

  constructor(options: AltegioClientOptions) {
    if (!namespacesDefined) {
      defineNamespaces(AltegioClientImpl.prototype);
      namespacesDefined = true;
    }
    checkOptions(options);
    const registry = (this.registry = options.registry ?? (generatedRegistry as Registry));
    const baseUrl = (this.baseUrl = resolveBaseUrl(options.baseUrl, registry));
    const redactor = new SecretRedactor();
    redactor.remember(options.partnerToken);
    if (options.userToken) redactor.remember(options.userToken);

    // By operationId, not path: revisions move paths (1.0.1 has `/v1/auth`). Logging in is safe to
    // repeat: retried on transient faults like a read, never "may have been applied".
    const found = operationOf(
      Object.hasOwn(registry, "authorize_user") ? registry : FALLBACK_LOGIN,
      "authorize_user",
    );
    const context = { ...found.context, idempotent: true };
    const login = { ...found, auth: "partner" as const, context };
    const session = (this.#session = new Session({
      store: seededStore(options.tokenStore, options.userToken),
      credentials: options.credentials,
      redactor,
      onTokenChange: options.onTokenChange,
      onCallbackError: (error) =>
        options.logger?.warn?.("onTokenChange threw; the new token is kept in the token store.", {
          error: error instanceof Error ? error.name : typeof error,
        }),
      authContext: login.context,
      authenticate: async (credentials) => {
        const { data, response } = await this.#invoke(login, { body: credentials }, {});
        return { data, status: response.status };
      },
    }));

    const send = compose(
      [
        totalTimeoutPlugin({ timeout: options.timeout, totalTimeout: options.totalTimeout }),
        ...(options.retry === false ? [] : [retryPlugin(options.retry ?? {})]),
        reloginPlugin(session, redactor.redact),
        rateLimitPlugin(rateLimiterOf(options.rateLimit, baseUrl)),
        userTokenPlugin(session),
        loggingPlugin(options.logger, redactor.redact),
        ...(options.plugins ?? []),
        authPlugin(options.partnerToken),
        attemptTimeoutPlugin({ timeout: options.timeout }, { redact: redactor.redact }),
      ],
      createTransport(options.fetch, redactor.redact),
    );
    const routeOf = createRouteMatcher(registry, baseUrl);
    this.raw = createClient<paths>({
      baseUrl,
      querySerializer: serializeQuery,
      pathSerializer: checkedPathSerializer(registry),
      // A raw call: its operation found by URL, its signal the Request's.
      fetch: (request: Request) => {
        const operation = routeOf(request.method, request.url);
        checkPathFilled(request.url, operation?.context);
        const { signal } = request;
        return send(request, { operation, options: { signal }, signal, attempt: 0 });
      },
    });
    this.#invoke = createInvoker(this.raw, send, redactor.redact);
    this.session = {
      getToken: async () => session.token(),
      setToken: (token) => session.setToken(token, token ? "set" : "logout"),
      get canRelogin() {
        return session.canLogin;
      },
    };
  }

  request(operationId: string, input?: unknown, options?: CallOptions): Promise<unknown> {
    return this.requestWithResponse(operationId, input, options).then((r) => r.data);
  }

  requestWithResponse(operationId: string, input?: unknown, options?: CallOptions) {
    return this.#call(operationId, options, (operation) => {
      if (input === undefined) return {};
      if (typeof input === "object" && input !== null) return input as SplitInput;
      throw new InvalidArgumentError(
        "input",
        `The input of ${operationId} must be an object { path?, query?, body? }.`,
        operation.context,
      );
    });
  }

  /** A facade method's call: flat `params` split by the operation's parameter lists. */
  callFlat(operationId: string, params: unknown, options?: CallOptions): Promise<Envelope> {
    return this.#call(operationId, options, (operation) => splitParams(operation, params));
  }

  /** Errors before the request (unknown operation, bad input) reject rather than throw. */
  #call(
    operationId: string,
    options: CallOptions | undefined,
    inputOf: (operation: Operation) => SplitInput,
  ): Promise<Envelope> {
    try {
      const operation = operationOf(this.registry, operationId);
      return this.#invoke(operation, inputOf(operation), options ?? {});
    } catch (error) {
      return Promise.reject(error);
    }
  }

  login(login?: string, password?: string): Promise<UserProfile> {
    const explicit = login !== undefined || password !== undefined;
    return this.#session.login(
      explicit ? { login: login ?? "", password: password ?? "" } : undefined,
    );
  }

  logout(): Promise<void> {
    return this.#session.setToken(undefined, "logout");
  }

  paginate(...args: Parameters<PaginationMethods["paginate"]>) {
    return this.#paginationMethods().paginate(...args);
  }

  collectAll(...args: Parameters<PaginationMethods["collectAll"]>) {
    return this.#paginationMethods().collectAll(...args);
  }

  #paginationMethods(): PaginationMethods {
    return (this.#pagination ??= createPagination({
      operation: (operationId) => operationOf(this.registry, operationId),
      call: (operationId, params, options) => this.callFlat(operationId, params, options),
    }));
  }
}

function rateLimiterOf(option: AltegioClientOptions["rateLimit"], baseUrl: string) {
  if (option === false) return undefined;
  if (option === undefined) return sharedRateLimiter(baseUrl);
  const given = option as RateLimiter;
  return typeof given.acquire === "function"
    ? given
    : createRateLimiter(option as RateLimitOptions);
}

function resolveBaseUrl(option: string | undefined, registry: Registry): string {
  const url = option ?? descriptionInfo.servers[0]?.url;
  if (url === undefined) {
    throw new ConfigurationError("No baseUrl given and the description declares no server.");
  }
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    // reported below
  }
  if (parsed?.protocol !== "https:" && parsed?.protocol !== "http:") {
    throw new ConfigurationError(
      `baseUrl must be an absolute http(s) URL; got ${JSON.stringify(url)}.`,
    );
  }
  // A base path ending with the segment every operation path starts with: each call would carry
  // it twice (1.0.1 moved every path under `/v1`, so 1.0.0's `.../api/v1` would call `/api/v1/v1`).
  const basePath = parsed.pathname.replace(/\/+$/, "");
  const segment = basePath.slice(basePath.lastIndexOf("/") + 1);
  if (segment !== "" && everyPathUnder(registry, `/${segment}`)) {
    const suggested = new URL(parsed);
    suggested.pathname = basePath.slice(0, -segment.length - 1) || "/";
    const show = (u: URL) => JSON.stringify(u.href.replace(/\/+$/, ""));
    const example = Object.values(registry)[0]!.path;
    throw new ConfigurationError(
      `${option === undefined ? "The default baseUrl" : "baseUrl"} ${show(parsed)} ends with ` +
        `"/${segment}", and every operation path of the registry already starts with ` +
        `"/${segment}" (e.g. "${example}"), so each call would go to "${basePath}/${segment}/...". ` +
        `Use baseUrl ${show(suggested)}: the operation paths add "/${segment}" themselves.`,
    );
  }
  return url.replace(/\/+$/, "");
}

/** True when `registry` has operations and every one's path starts with the segment `prefix`. */
function everyPathUnder(registry: Registry, prefix: string): boolean {
  let some = false;
  for (const id in registry) {
    const path = registry[id]!.path;
    if (path !== prefix && !path.startsWith(`${prefix}/`)) return false; // at once, usually
    some = true;
  }
  return some;
}

/** The given store, or memory; a static `userToken` fills a store that holds nothing yet. */
function seededStore(store: TokenStore | undefined, userToken: string | undefined): TokenStore {
  if (!store) return createMemoryTokenStore(userToken);
  if (userToken === undefined) return store;
  let seed: string | undefined = userToken;
  return {
    get: async () => (await store.get()) || seed,
    set: (token) => {
      seed = undefined; // once anything is stored, the static token is history
      return store.set(token);
    },
    ...(store.refresh && { refresh: store.refresh.bind(store) }),
  };
}

function checkOptions(options: AltegioClientOptions): void {
  const fail = (message: string): never => {
    throw new ConfigurationError(message);
  };
  if (typeof options !== "object" || options === null) {
    fail("createAltegioClient needs an options object with partnerToken.");
  }
  const { partnerToken, userToken, credentials } = options;
  if (typeof partnerToken !== "string" || partnerToken.trim() === "") {
    fail("partnerToken is required: the partner token of your Altegio developer account.");
  }
  if (userToken !== undefined && (typeof userToken !== "string" || !userToken)) {
    fail("userToken, when given, must be a non-empty string.");
  }
  const pair = credentials as { login?: unknown; password?: unknown } | null | undefined;
  if (
    credentials !== undefined &&
    typeof credentials !== "function" &&
    (typeof pair?.login !== "string" || typeof pair.password !== "string")
  ) {
    fail("credentials must be { login, password } (strings) or a function returning them.");
  }
}
