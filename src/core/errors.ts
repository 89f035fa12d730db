/**
 * Every error the SDK throws, with a stable `code`. None holds a token, a password, a Request or
 * request headers in its message or an enumerable property, so `JSON.stringify(error)` is safe.
 */
import { diagnostics } from "./secrets.js";

/** Where the error happened: enough to find the call, never its credentials. */
export interface ErrorContext {
  operationId?: string | undefined;
  method?: string | undefined;
  /** The path template (`/client/{location_id}/{id}`), or the URL path for raw calls. */
  path?: string | undefined;
  /** Safe to repeat whatever its method (GET, PUT, DELETE; and the login): not kept on errors. */
  idempotent?: boolean | undefined;
}

export type FieldErrors = Record<string, string[]>;

export type AltegioErrorCode =
  | "invalid_argument"
  | "configuration"
  | "bad_request"
  | "validation"
  | "authentication"
  | "token_invalidated"
  | "two_factor_required"
  | "payment_required"
  | "permission_denied"
  | "not_found"
  | "conflict"
  | "rate_limited"
  | "server"
  | "api"
  | "invalid_response"
  | "connection"
  | "timeout"
  | "aborted"
  | "queue_full"
  | "pagination"
  /** `altegio-sdk-redis`: the Redis that holds a shared rate budget or token did not answer. */
  | "redis_unavailable";

export class AltegioError extends Error {
  /** Discriminant for `switch`: stable across versions. */
  readonly code: AltegioErrorCode;
  readonly operationId: string | undefined;
  readonly method: string | undefined;
  readonly path: string | undefined;

  constructor(
    code: AltegioErrorCode,
    message: string,
    context: ErrorContext = {},
    options?: { cause?: unknown },
  ) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.operationId = context.operationId;
    this.method = context.method;
    this.path = context.path;
    // A low-level cause may mention a URL or a socket: kept, but out of JSON.
    if (options && "cause" in options) hide(this, "cause", options.cause);
    diagnostics()?.error?.(this);
  }

  toJSON(): Record<string, unknown> {
    return { ...(this as object), name: this.name, message: this.message };
  }
}

function hide(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: false, writable: true });
}

/** Bad input caught before any request was sent. */
export class InvalidArgumentError extends AltegioError {
  /** The offending parameter or option, e.g. `location_id`. */
  readonly parameter: string;
  constructor(parameter: string, message: string, context: ErrorContext = {}) {
    super("invalid_argument", message, context);
    this.parameter = parameter;
  }
}

/** The client is missing something it needs (credentials, a base URL...). */
export class ConfigurationError extends AltegioError {
  constructor(message: string, context: ErrorContext = {}) {
    super("configuration", message, context);
  }
}

export interface APIErrorInit extends ErrorContext {
  status: number;
  message: string;
  fieldErrors?: FieldErrors | undefined;
  /** A short excerpt of a body that could not be parsed (never the request). */
  bodyExcerpt?: string | undefined;
  /** The answer; the error keeps a copy whose body is unread. */
  response?: Response | undefined;
  /** The body as the SDK read it, secrets removed. */
  bodyText?: string | undefined;
  cause?: unknown;
}

/** The API answered with an error status or `success: false`. */
export class APIError extends AltegioError {
  readonly status: number;
  /** `meta.errors` of the envelope: field name to messages. */
  readonly fieldErrors: FieldErrors;
  readonly bodyExcerpt: string | undefined;
  /** The Response (not enumerable): headers, and a body that can still be read once. */
  declare readonly response: Response | undefined;
  /** The body text the SDK read, secrets removed (not enumerable). */
  declare readonly bodyText: string | undefined;

  constructor(init: APIErrorInit, code: AltegioErrorCode = "api") {
    super(code, init.message, init, "cause" in init ? { cause: init.cause } : undefined);
    this.status = init.status;
    this.fieldErrors = init.fieldErrors ?? {};
    this.bodyExcerpt = init.bodyExcerpt;
    hide(this, "response", init.response);
    hide(this, "bodyText", init.bodyText);
  }
}

/** 400: a bad filter or malformed request. */
export class BadRequestError extends APIError {
  constructor(init: APIErrorInit) {
    super(init, "bad_request");
  }
}

/** 422 (or 400 with field errors): business validation failed; see `fieldErrors`. */
export class ValidationError extends APIError {
  constructor(init: APIErrorInit) {
    super(init, "validation");
  }
}

/**
 * Which credential was refused: the user token, the partner token (a 401 on a partner-level call),
 * or the login's credentials (`login_rejected`: 4xx or `success: false`).
 */
export type AuthenticationReason = "user_token" | "partner_token" | "login_rejected";

/** 401, or a refused login; `reason` tells which credential was refused. */
export class AuthenticationError extends APIError {
  readonly reason: AuthenticationReason;
  constructor(
    init: APIErrorInit & { reason?: AuthenticationReason },
    code: AltegioErrorCode = "authentication",
  ) {
    super(init, code);
    this.reason = init.reason ?? "user_token";
  }
}

/** 401 to a user token with no credentials to log in again (e.g. after a password change). */
export class TokenInvalidatedError extends AuthenticationError {
  constructor(init: APIErrorInit) {
    super({ ...init, reason: "user_token" }, "token_invalidated");
  }
}

/** Login answered with a two-factor challenge instead of a user token. */
export class TwoFactorRequiredError extends AuthenticationError {
  /** What the API returned with the challenge (no secrets). */
  readonly challenge: Record<string, unknown>;
  constructor(init: APIErrorInit & { challenge: Record<string, unknown> }) {
    super({ ...init, reason: "login_rejected" }, "two_factor_required");
    this.challenge = init.challenge;
  }
}

/** 402: the location's licence has expired. */
export class PaymentRequiredError extends APIError {
  constructor(init: APIErrorInit) {
    super(init, "payment_required");
  }
}

/** 403: the user has no rights for this operation. */
export class PermissionDeniedError extends APIError {
  constructor(init: APIErrorInit) {
    super(init, "permission_denied");
  }
}

export class NotFoundError extends APIError {
  constructor(init: APIErrorInit) {
    super(init, "not_found");
  }
}

/** 409: e.g. the appointment slot is taken. */
export class ConflictError extends APIError {
  constructor(init: APIErrorInit) {
    super(init, "conflict");
  }
}

/** 429: the API's rate limit (200/min, 5/s per IP) was exceeded. */
export class RateLimitError extends APIError {
  /** From `Retry-After` when the API sent one. */
  readonly retryAfterMs: number | undefined;
  constructor(init: APIErrorInit & { retryAfterMs?: number | undefined }) {
    super(init, "rate_limited");
    this.retryAfterMs = init.retryAfterMs;
  }
}

/**
 * The one rule for a call that may have reached the server (5xx, broken connection, timeout,
 * unreadable 2xx): a write's message ends "…; the write may have been applied.", a read's is kept.
 */
export function writeMayHaveBeenApplied(message: string, context: ErrorContext): string {
  if (!isWrite(context)) return message;
  return `${message.replace(/[\s.;:,]+$/, "")}; the write may have been applied.`;
}

/** POST and PATCH, unless known safe to repeat: what the SDK never repeats unless not applied. */
export function isWrite(context: ErrorContext): boolean {
  if (context.idempotent) return false;
  const m = context.method?.toUpperCase();
  return m === "POST" || m === "PATCH";
}

/** 5xx. */
export class ServerError extends APIError {
  /** True for a write (POST/PATCH) that reached the server: check before retrying by hand. */
  readonly mayHaveBeenApplied: boolean;
  constructor(init: APIErrorInit & { mayHaveBeenApplied?: boolean }) {
    super(init, "server");
    this.mayHaveBeenApplied = init.mayHaveBeenApplied ?? false;
  }
}

/** The body was not the JSON the API promises (an HTML 502 page, truncated JSON...). */
export class InvalidResponseError extends APIError {
  /** True for a write answered 2xx with an unreadable body: it most likely was applied. */
  readonly mayHaveBeenApplied: boolean;
  constructor(init: APIErrorInit & { mayHaveBeenApplied?: boolean }) {
    super(init, "invalid_response");
    this.mayHaveBeenApplied = init.mayHaveBeenApplied ?? false;
  }
}

/** The request failed below HTTP: refused, reset, DNS... */
export class ConnectionError extends AltegioError {
  /** True for a write (POST/PATCH) that may have reached the server; false for reads. */
  readonly mayHaveBeenApplied: boolean;
  constructor(
    message: string,
    context: ErrorContext & { mayHaveBeenApplied: boolean },
    options?: { cause?: unknown },
  ) {
    super("connection", message, context, options);
    this.mayHaveBeenApplied = context.mayHaveBeenApplied;
  }
}

/** An attempt or the whole call took longer than its timeout. */
export class TimeoutError extends AltegioError {
  readonly timeoutMs: number;
  readonly mayHaveBeenApplied: boolean;
  constructor(
    message: string,
    context: ErrorContext & { timeoutMs: number; mayHaveBeenApplied: boolean },
  ) {
    super("timeout", message, context);
    this.timeoutMs = context.timeoutMs;
    this.mayHaveBeenApplied = context.mayHaveBeenApplied;
  }
}

/** The caller's AbortSignal fired. */
export class AbortedError extends AltegioError {
  constructor(message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super("aborted", message, context, options);
  }
}

/** The rate limiter's queue is full: the call was refused without waiting. */
export class QueueFullError extends AltegioError {
  readonly limit: number;
  constructor(limit: number, context: ErrorContext = {}) {
    const message = `The rate-limit queue is full (${limit} requests waiting); the call was not sent.`;
    super("queue_full", message, context);
    this.limit = limit;
  }
}

/** Why pagination stopped with an error rather than quietly (see src/facade/pagination.ts). */
export type PaginationStopReason = "max_pages" | "max_items" | "repeated_page" | "not_advancing";

/** Pagination gave up: a cap was reached or the server misbehaved. Items already yielded stay valid. */
export class PaginationError extends AltegioError {
  readonly reason: PaginationStopReason;
  readonly pagesRead: number;
  readonly itemsRead: number;
  constructor(
    reason: PaginationStopReason,
    message: string,
    context: ErrorContext & { pagesRead: number; itemsRead: number },
  ) {
    super("pagination", message, context);
    this.reason = reason;
    this.pagesRead = context.pagesRead;
    this.itemsRead = context.itemsRead;
  }
}

/** The reason a wait ended: the signal's own when it is an SDK error (e.g. a total timeout). */
export function abortReason(signal: AbortSignal, context: ErrorContext = {}): AltegioError {
  const reason: unknown = signal.reason;
  if (reason instanceof AltegioError) return reason;
  return new AbortedError("The call was aborted by its signal.", context, { cause: reason });
}
