/**
 * One error hierarchy for everything the SDK throws.
 *
 * Secrets rule: no error ever holds a token, a password, a Request or request headers, in its
 * message or in any enumerable property. `JSON.stringify(error)` is safe to log.
 */

import { diagnostics } from "./diagnostics.js";
import { isIdempotent } from "./operation.js";

/** Where the error happened: enough to find the call, never its credentials. */
export interface ErrorContext {
  operationId?: string | undefined;
  method?: string | undefined;
  /** The path template (`/client/{location_id}/{id}`), or the URL path for raw calls. */
  path?: string | undefined;
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
  | "pagination";

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
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.operationId = context.operationId;
    this.method = context.method;
    this.path = context.path;
    // `cause` may be a low-level error that mentions a URL or socket; keep it, but out of JSON.
    if (options && "cause" in options) {
      Object.defineProperty(this, "cause", { value: options.cause, enumerable: false });
    }
    diagnostics()?.error?.(this);
  }

  toJSON(): Record<string, unknown> {
    // Own enumerable fields only: `cause` and `response` are non-enumerable on purpose.
    return { ...Object.fromEntries(Object.entries(this)), name: this.name, message: this.message };
  }
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
  /** The raw Response, kept non-enumerable for callers who need headers. */
  response?: Response | undefined;
}

/** The API answered with an error status or `success: false`. */
export class APIError extends AltegioError {
  readonly status: number;
  /** `meta.errors` of the envelope: field name to messages. */
  readonly fieldErrors: FieldErrors;
  readonly bodyExcerpt: string | undefined;
  declare readonly response: Response | undefined;

  constructor(init: APIErrorInit, code: AltegioErrorCode = "api") {
    super(code, init.message, init);
    this.status = init.status;
    this.fieldErrors = init.fieldErrors ?? {};
    this.bodyExcerpt = init.bodyExcerpt;
    Object.defineProperty(this, "response", { value: init.response, enumerable: false });
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

/** 401: missing, wrong or stale credentials. */
export class AuthenticationError extends APIError {
  constructor(init: APIErrorInit, code: AltegioErrorCode = "authentication") {
    super(init, code);
  }
}

/**
 * 401 to a static user token with no credentials to log in again: the token was invalidated,
 * for example because the user changed the password.
 */
export class TokenInvalidatedError extends AuthenticationError {
  constructor(init: APIErrorInit) {
    super(init, "token_invalidated");
  }
}

/** Login answered with a two-factor challenge instead of a user token. */
export class TwoFactorRequiredError extends AuthenticationError {
  /** What the API returned with the challenge (no secrets: the login is not included). */
  readonly challenge: Record<string, unknown>;
  constructor(init: APIErrorInit & { challenge: Record<string, unknown> }) {
    super(init, "two_factor_required");
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
 * `message` as an error of a call with `method` ends it when the call may have reached the server:
 * for a write (POST, PATCH) it then ends "…; the write may have been applied.", the one wording
 * ConnectionError, TimeoutError and ServerError share, so callers can rely on it. Other methods'
 * messages are left as they are.
 */
export function writeMayHaveBeenApplied(message: string, method: string | undefined): string {
  if (method === undefined || isIdempotent(method)) return message;
  return `${message.replace(/[\s.;:,]+$/, "")}; the write may have been applied.`;
}

/** 5xx. */
export class ServerError extends APIError {
  /**
   * True for a write (POST/PATCH) that reached the server: it may have been applied,
   * so the SDK did not repeat it. Check before retrying by hand.
   */
  readonly mayHaveBeenApplied: boolean;
  constructor(init: APIErrorInit & { mayHaveBeenApplied?: boolean }) {
    super(init, "server");
    this.mayHaveBeenApplied = init.mayHaveBeenApplied ?? false;
  }
}

/** The body was not the JSON the API promises (an HTML 502 page, truncated JSON...). */
export class InvalidResponseError extends APIError {
  constructor(init: APIErrorInit) {
    super(init, "invalid_response");
  }
}

/** The request failed below HTTP: refused, reset, DNS... */
export class ConnectionError extends AltegioError {
  /** False only when the request provably never reached the server (connection refused). */
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
    super(
      "queue_full",
      `The rate-limit queue is full (${limit} requests waiting); the call was not sent.`,
      context,
    );
    this.limit = limit;
  }
}

/** Why pagination stopped with an error rather than quietly (see src/pagination.ts). */
export type PaginationStopReason = "max_pages" | "max_items" | "repeated_page" | "not_advancing";

/**
 * Pagination gave up: a cap was reached (`max_pages`, `max_items`) or the server misbehaved (sent
 * the same page again, or a next window that does not advance). Items already yielded stay valid.
 */
export class PaginationError extends AltegioError {
  readonly reason: PaginationStopReason;
  /** Pages fetched before stopping. */
  readonly pagesRead: number;
  /** Items read before stopping. */
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
