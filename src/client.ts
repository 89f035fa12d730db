/**
 * `createAltegioClient`: one pipeline of plugins (see pipeline.ts) shared by the typed
 * `request(operationId, ...)`, the raw openapi-fetch client (`client.raw`) and the session's login.
 */
import { createFinalURL, mergeHeaders, type Client } from "openapi-fetch";
import { descriptionInfo, operations as generatedRegistry } from "../generated/registry.js";
import type { OperationId } from "../generated/registry.js";
import type { paths } from "../generated/schema.js";
import { authPlugin } from "./auth.js";
import { parseResponse, type EnvelopeMeta } from "./envelope.js";
import { ConfigurationError, InvalidArgumentError } from "./errors.js";
import { loggingPlugin, type Logger } from "./logger.js";
import { toFormData } from "./multipart.js";
import type { OperationMeta } from "./operation.js";
import { validatePathParams, pathSerializer } from "./path-params.js";
import { serializeQuery } from "./query-serializer.js";
import {
  compose,
  type CallOptions,
  type Plugin,
  type RequestContext,
  type Send,
} from "./pipeline.js";
import {
  createRateLimiter,
  rateLimitPlugin,
  sharedRateLimiter,
  type RateLimiter,
  type RateLimitOptions,
} from "./rate-limit.js";
import { createRouteMatcher, type Registry } from "./registry-lookup.js";
import type { ApiResult, InputIsOptional, RequestInput, ResponseData } from "./request-types.js";
import { createRawClient } from "./raw-client.js";
import { attachResources, type AltegioFacade } from "./resources.js";
import { retryPlugin, type RetryOptions } from "./retry.js";
import { SecretRedactor } from "./secrets.js";
import {
  operationContext,
  reloginPlugin,
  Session,
  type CredentialsSource,
  type TokenChange,
  type UserProfile,
} from "./session.js";
import { attemptTimeoutPlugin, totalTimeoutPlugin } from "./timeout.js";
import { createMemoryTokenStore, type TokenStore } from "./token-store.js";
import { createTransport, type FetchLike } from "./transport.js";

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
   * Default: the production server of the description (`https://api.alteg.io/api/v1`). A path
   * ending with the segment every operation path starts with (`/v1` on revision 1.0.1) is refused
   * with a ConfigurationError: each call would carry it twice.
   */
  baseUrl?: string;
  /** A fetch to use instead of the global one (proxies, test doubles). */
  fetch?: FetchLike;
  /**
   * Client-side rate limit. Default: the limiter shared by every client of this process that
   * calls the same origin (`sharedRateLimiter(baseUrl)`, 5/s and 200/min), since the API counts
   * per IP address. Options make a limiter of this client's own; a `RateLimiter` is used as
   * given; `false` turns limiting off.
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
   * Your own plugins (hooks), run for every attempt after rate limiting and logging, before the
   * auth headers are added (so they never see credentials).
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

/** The client: the core members below, plus one namespace per tag (resources.ts) and paginate. */
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
   * The openapi-fetch client on the same pipeline (auth, re-login, retry, rate limit, timeouts).
   * It answers openapi-fetch's `{ data, error, response }` with the raw envelope. Errors of the
   * pipeline itself are thrown: network, timeout, a missing user token, a failed re-login, or a
   * token invalidated with no credentials to log in again.
   */
  readonly raw: Client<paths>;
  readonly baseUrl: string;
  readonly registry: Registry;
}

/** Used when a registry lacks `authorize_user` (a hand-written test registry, say). */
const AUTH_OPERATION: OperationMeta = {
  operationId: "authorize_user",
  method: "post",
  path: "/auth",
  tag: "Authentication B2B",
  security: [["PartnerToken"]],
  auth: "partner",
  deprecated: false,
  summary: "Authorize User",
  body: "json",
  bodyContentType: "application/json",
  bodyRequired: true,
  response: "json",
  successStatus: 201,
  pathParams: [],
  queryParams: [],
  paging: null,
};

interface CallInput {
  path?: Record<string, unknown> | undefined;
  query?: Record<string, unknown> | undefined;
  body?: unknown;
}

export function createAltegioClient(options: AltegioClientOptions): AltegioClient {
  checkOptions(options);
  const registry: Registry = options.registry ?? (generatedRegistry as Registry);
  const baseUrl = resolveBaseUrl(options.baseUrl);
  checkBasePath(baseUrl, registry, options.baseUrl !== undefined);
  const redactor = new SecretRedactor();
  redactor.remember(options.partnerToken);
  if (options.userToken) redactor.remember(options.userToken);

  const routes = createRouteMatcher(registry, baseUrl);
  // By operationId, not path: revisions move paths (1.0.1 has it at `/v1/auth`).
  const authOperation = registry["authorize_user"] ?? AUTH_OPERATION;
  const store = seededStore(options.tokenStore, options.userToken);

  // `send` is assigned below; the session's login goes through it like any other call.
  let call: (
    operation: OperationMeta,
    input: CallInput,
    callOptions: CallOptions,
  ) => Promise<{
    data: unknown;
    meta: EnvelopeMeta;
    response: Response;
  }>;
  const session = new Session({
    store,
    credentials: options.credentials,
    redactor,
    onTokenChange: options.onTokenChange,
    onCallbackError: (error) =>
      options.logger?.warn?.("onTokenChange threw; the new token is kept in the token store.", {
        error: error instanceof Error ? error.name : typeof error,
      }),
    authOperation: operationContext(authOperation),
    authenticate: async (credentials) => {
      const { data, response } = await call(
        authOperation,
        { body: { login: credentials.login, password: credentials.password } },
        {},
      );
      return { data, status: response.status };
    },
  });

  const send: Send = compose(
    [
      totalTimeoutPlugin({ timeout: options.timeout, totalTimeout: options.totalTimeout }),
      ...(options.retry === false ? [] : [retryPlugin(options.retry ?? {})]),
      reloginPlugin(session, redactor.redact),
      rateLimitPlugin(resolveRateLimiter(options.rateLimit, baseUrl)),
      loggingPlugin(options.logger, redactor.redact),
      ...(options.plugins ?? []),
      authPlugin(options.partnerToken, session),
      // The transport hands ctx.attemptSignal to fetch: no Request built per attempt to carry it.
      attemptTimeoutPlugin(
        { timeout: options.timeout, totalTimeout: options.totalTimeout },
        { signalVia: "context", redact: redactor.redact },
      ),
    ],
    createTransport(options.fetch, redactor.redact),
  );

  call = async (operation, input, callOptions) => {
    validatePathParams(operation, input.path);
    if (operation.bodyRequired && input.body === undefined) {
      throw new InvalidArgumentError(
        "body",
        `${operation.operationId} needs a request body.`,
        operationContext(operation),
      );
    }
    const ctx: RequestContext = {
      operation,
      options: callOptions,
      signal: callOptions.signal,
      attempt: 0,
    };
    const response = await send(buildRequest(baseUrl, operation, input, callOptions), ctx);
    const parsed = await parseResponse(response, {
      operationId: operation.operationId,
      method: operation.method.toUpperCase(),
      path: operation.path,
      expect: operation.response,
      redact: redactor.redact,
    });
    return { data: parsed.data, meta: parsed.meta ?? {}, response };
  };

  const lookup = (operationId: string): OperationMeta => {
    const operation = Object.hasOwn(registry, operationId) ? registry[operationId] : undefined;
    if (!operation) {
      throw new InvalidArgumentError(
        "operationId",
        `Unknown operation "${operationId}": it is not in the registry of this client.`,
      );
    }
    return operation;
  };

  // Not async (`call` is): one promise fewer per call; a bad argument still rejects.
  const requestWithResponse = (
    operationId: string,
    input?: unknown,
    callOptions?: CallOptions,
  ): Promise<{ data: unknown; meta: EnvelopeMeta; response: Response }> => {
    let operation: OperationMeta;
    try {
      operation = lookup(operationId);
    } catch (error) {
      return Promise.reject(error);
    }
    if (input !== undefined && (typeof input !== "object" || input === null)) {
      return Promise.reject(
        new InvalidArgumentError(
          "input",
          `The input of ${operationId} must be an object { path?, query?, body? }.`,
          operationContext(operation),
        ),
      );
    }
    return call(operation, (input ?? {}) as CallInput, callOptions ?? {});
  };

  const raw = createRawClient(baseUrl, send, routes);

  const client = {
    request(operationId: string, input?: unknown, callOptions?: CallOptions) {
      // A reaction, not an async frame: lighter for calls waiting in the limiter's queue.
      return requestWithResponse(operationId, input, callOptions).then(dataOf);
    },
    requestWithResponse,
    async login(login?: string, password?: string): Promise<UserProfile> {
      if (login === undefined && password === undefined) return session.loginFromSource();
      return session.login(login ?? "", password ?? "");
    },
    logout: () => session.logout(),
    session: {
      getToken: () => session.getToken(),
      setToken: (token: string | undefined) => session.setToken(token, token ? "set" : "logout"),
      get canRelogin() {
        return session.canLogin;
      },
    },
    raw,
    baseUrl,
    registry,
  };
  // The generic signatures are checked at the interface; the body works on plain strings.
  return attachResources(client) as unknown as AltegioClient;
}

/**
 * The one Request of a facade call, as openapi-fetch would build it (its URL builder and header
 * merge, the same serializers). Built here rather than by openapi-fetch's `request()`, which would
 * also want a Response back to parse: that Response, and openapi-fetch's own bookkeeping, were a
 * sizeable share of the facade's per-call cost, for nothing.
 */
function buildRequest(
  baseUrl: string,
  operation: OperationMeta,
  input: CallInput,
  callOptions: CallOptions,
): Request {
  const url = createFinalURL(operation.path, {
    baseUrl,
    params: { path: input.path ?? {}, query: input.query },
    querySerializer: serializeQuery,
    pathSerializer,
  });
  let body: string | FormData | undefined;
  if (input.body !== undefined) {
    body =
      operation.body === "multipart" || input.body instanceof FormData
        ? toFormData(input.body, operationContext(operation))
        : JSON.stringify(input.body);
  }
  // FormData sets its own multipart Content-Type (with the boundary).
  const json = typeof body === "string" ? JSON_CONTENT : undefined;
  const extra = callOptions.headers;
  return new Request(url, {
    method: operation.method.toUpperCase(),
    headers: json || extra ? mergeHeaders(json, extra) : undefined,
    body,
    redirect: "follow",
    signal: callOptions.signal,
  });
}

const JSON_CONTENT = { "Content-Type": "application/json" };

function dataOf(result: { data: unknown }): unknown {
  return result.data;
}

function resolveRateLimiter(
  option: AltegioClientOptions["rateLimit"],
  baseUrl: string,
): RateLimiter | undefined {
  if (option === false) return undefined;
  if (option === undefined) return sharedRateLimiter(baseUrl);
  if (typeof (option as RateLimiter).acquire === "function") return option as RateLimiter;
  return createRateLimiter(option as RateLimitOptions);
}

function resolveBaseUrl(option: string | undefined): string {
  const url = option ?? descriptionInfo.servers[0]?.url;
  if (url === undefined) {
    throw new ConfigurationError("No baseUrl given and the description declares no server.");
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigurationError(
      `baseUrl must be an absolute http(s) URL; got ${JSON.stringify(url)}.`,
    );
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new ConfigurationError(`baseUrl must be an http(s) URL; got ${JSON.stringify(url)}.`);
  }
  return url.replace(/\/+$/, "");
}

/** Per registry, the first path segment all its operations share (none: `null`), found once. */
const commonSegments = new WeakMap<Registry, string | null>();

function commonFirstSegment(registry: Registry): string | null {
  let common = commonSegments.get(registry);
  if (common !== undefined) return common;
  common = null;
  let first = true;
  for (const operation of Object.values(registry)) {
    const segment = /^\/([^/{}]+)(?:\/|$)/.exec(operation.path)?.[1] ?? null;
    if (first) common = segment;
    else if (segment !== common) common = null;
    first = false;
    if (common === null) break;
  }
  commonSegments.set(registry, common);
  return common;
}

/**
 * Refuses a base URL whose path ends with the segment every operation path starts with: each call
 * would carry it twice. Revision 1.0.1 moved every path under `/v1` (server
 * `https://api.alteg.io/api`), so 1.0.0's `https://api.alteg.io/api/v1` would call
 * `/api/v1/v1/...` and get nothing but 404s. 1.0.0's paths share no first segment.
 */
function checkBasePath(baseUrl: string, registry: Registry, given: boolean): void {
  const segment = commonFirstSegment(registry);
  if (segment === null) return;
  const url = new URL(baseUrl);
  const basePath = url.pathname.replace(/\/+$/, "");
  if (!basePath.endsWith(`/${segment}`)) return;
  url.pathname = basePath.slice(0, -segment.length - 1) || "/";
  const suggested = url.href.replace(/\/+$/, "");
  const example = Object.values(registry)
    .map((operation) => operation.path)
    .reduce((shortest, path) => (path.length < shortest.length ? path : shortest));
  throw new ConfigurationError(
    `${given ? "baseUrl" : "The default baseUrl"} ${JSON.stringify(baseUrl)} ends with ` +
      `"/${segment}", and every operation path of the registry already starts with "/${segment}" ` +
      `(e.g. "${example}"), so each call would go to "${basePath}/${segment}/...". ` +
      `Use baseUrl ${JSON.stringify(suggested)}: the operation paths add "/${segment}" themselves.`,
  );
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
  };
}

function checkOptions(options: AltegioClientOptions): void {
  if (typeof options !== "object" || options === null) {
    throw new ConfigurationError("createAltegioClient needs an options object with partnerToken.");
  }
  if (typeof options.partnerToken !== "string" || options.partnerToken.trim() === "") {
    throw new ConfigurationError(
      "partnerToken is required: the partner token of your Altegio developer account.",
    );
  }
  if (
    options.userToken !== undefined &&
    (typeof options.userToken !== "string" || !options.userToken)
  ) {
    throw new ConfigurationError("userToken, when given, must be a non-empty string.");
  }
  const credentials = options.credentials;
  if (
    credentials !== undefined &&
    typeof credentials !== "function" &&
    (typeof credentials !== "object" ||
      credentials === null ||
      typeof credentials.login !== "string" ||
      typeof credentials.password !== "string")
  ) {
    throw new ConfigurationError(
      "credentials must be { login, password } (strings) or a function returning them.",
    );
  }
}
