/**
 * Turns the API's answer into `data` + `meta`, or into the typed error it stands for.
 *
 * Success: `{ success: true, data, meta }`. Errors come in two shapes (see
 * ../shared/altegio/README.md): `{ success: false, data: null, meta: { message, errors } }`, and on
 * some 401/404 `{ errors: { code, message }, meta: { message } }`. A 200 with `success: false` is an
 * error too. Bodies that are not JSON (an HTML 502 page, truncated JSON) keep a short excerpt.
 */
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InvalidResponseError,
  NotFoundError,
  PaymentRequiredError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  ValidationError,
  type APIErrorInit,
  type ErrorContext,
  type FieldErrors,
  writeMayHaveBeenApplied,
} from "./errors.js";
import type { components } from "../generated/schema.js";
import type { ResponseType } from "./operation.js";

/**
 * `meta` of the envelope, as the overlay types it (`total_count`, `count`, `page`, `from`, `to`,
 * `message`, and whatever else the API adds); the API's empty array `[]` becomes `{}`.
 */
export type EnvelopeMeta = components["schemas"]["MetaObject"];

export interface ParsedResponse {
  data: unknown;
  meta: EnvelopeMeta | undefined;
}

export interface ParseContext extends ErrorContext {
  /** HTTP method of the call (decides `mayHaveBeenApplied` on 5xx). */
  method: string;
  /** How the operation's success body is read; `json` when unknown. */
  expect?: ResponseType | undefined;
  /** Removes known secrets from text taken from the body before it goes into an error. */
  redact?: ((text: string) => string) | undefined;
}

const EXCERPT_LENGTH = 200;

/** Reads the whole body: resolves to data/meta on success, rejects with a typed error otherwise. */
export async function parseResponse(
  response: Response,
  ctx: ParseContext,
): Promise<ParsedResponse> {
  const ok = response.status >= 200 && response.status < 300;
  if (ok && (response.status === 204 || response.status === 205)) {
    await response.body?.cancel();
    return { data: undefined, meta: undefined };
  }
  if (ok && ctx.expect === "binary" && !isJsonContentType(response)) {
    return { data: await response.blob(), meta: undefined };
  }

  const text = await response.text();
  if (text.trim() === "") {
    if (ok) return { data: undefined, meta: undefined };
    throw errorForStatus(response.status, {
      ...contextOf(ctx),
      response,
      status: response.status,
      message: `The API answered HTTP ${response.status} with an empty body.`,
    });
  }

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const excerpt = makeExcerpt(text, ctx.redact);
    const init: APIErrorInit = {
      ...contextOf(ctx),
      response,
      status: response.status,
      bodyExcerpt: excerpt,
      message: `The API answered HTTP ${response.status} with a body that is not valid JSON: ${JSON.stringify(excerpt.slice(0, 80))}`,
    };
    if (ok) throw new InvalidResponseError(init);
    throw errorForStatus(response.status, init);
  }

  if (ok && !isErrorEnvelope(body)) {
    if (isRecord(body) && body["success"] === true) {
      return { data: body["data"], meta: normalizeMeta(body["meta"]) };
    }
    // Not an envelope at all: give the body as it is rather than losing it.
    return { data: body, meta: undefined };
  }
  throw errorFromBody(response, body, ctx);
}

/** Parses `Retry-After` (delta-seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** `success: false`, or the second error shape `{ errors: { code, message } }`. */
function isErrorEnvelope(body: unknown): boolean {
  if (!isRecord(body)) return false;
  if (body["success"] === false) return true;
  return !("success" in body) && isRecord(body["errors"]) && "message" in body["errors"];
}

function errorFromBody(response: Response, body: unknown, ctx: ParseContext): APIError {
  const redact = ctx.redact ?? identity;
  const record = isRecord(body) ? body : {};
  const meta = isRecord(record["meta"]) ? record["meta"] : {};
  const errors = isRecord(record["errors"]) ? record["errors"] : undefined;

  const apiMessage =
    stringOrUndefined(meta["message"]) ??
    stringOrUndefined(errors?.["message"]) ??
    stringOrUndefined(record["message"]);
  const fieldErrors = normalizeFieldErrors(meta["errors"], redact);
  const init: APIErrorInit = {
    ...contextOf(ctx),
    response,
    status: response.status,
    fieldErrors,
    message:
      apiMessage !== undefined && apiMessage !== ""
        ? redact(apiMessage)
        : `The API answered HTTP ${response.status} without an error message.`,
  };
  if (response.status >= 400) return errorForStatus(response.status, init);

  // HTTP 2xx with `success: false`: the status that matters is the one inside the body, if any.
  const innerCode = typeof errors?.["code"] === "number" ? errors["code"] : undefined;
  if (innerCode !== undefined && innerCode >= 400 && innerCode < 600) {
    return errorForStatus(innerCode, init);
  }
  if (Object.keys(fieldErrors).length > 0) return new ValidationError(init);
  return new APIError(init);
}

/** The error class for an HTTP status; `init.status` stays what the server sent. */
function errorForStatus(status: number, init: APIErrorInit): APIError {
  const hasFieldErrors = Object.keys(init.fieldErrors ?? {}).length > 0;
  switch (status) {
    case 400:
      return hasFieldErrors ? new ValidationError(init) : new BadRequestError(init);
    case 401:
      return new AuthenticationError(init);
    case 402:
      return new PaymentRequiredError(init);
    case 403:
      return new PermissionDeniedError(init);
    case 404:
      return new NotFoundError(init);
    case 409:
      return new ConflictError(init);
    case 422:
      return new ValidationError(init);
    case 429:
      return new RateLimitError({
        ...init,
        retryAfterMs: parseRetryAfter(init.response?.headers.get("retry-after") ?? null),
      });
  }
  if (status >= 500) {
    const m = (init.method ?? "").toUpperCase();
    const mayHaveBeenApplied = m === "POST" || m === "PATCH";
    return new ServerError({
      ...init,
      message: mayHaveBeenApplied ? writeMayHaveBeenApplied(init.message, m) : init.message,
      mayHaveBeenApplied,
    });
  }
  return new APIError(init);
}

function normalizeMeta(meta: unknown): EnvelopeMeta {
  return isRecord(meta) ? meta : {};
}

/** `meta.errors`: `{ field: ["..."] }`, tolerating a bare string per field. */
function normalizeFieldErrors(value: unknown, redact: (text: string) => string): FieldErrors {
  const out: FieldErrors = {};
  if (!isRecord(value)) return out;
  for (const [field, messages] of Object.entries(value)) {
    const list = Array.isArray(messages) ? messages : [messages];
    const texts = list
      .map((m) => (typeof m === "string" ? m : m === undefined ? undefined : JSON.stringify(m)))
      .filter((m): m is string => m !== undefined)
      .map(redact);
    if (texts.length > 0) out[field] = texts;
  }
  return out;
}

function makeExcerpt(text: string, redact: ((text: string) => string) | undefined): string {
  const collapsed = (redact ?? identity)(text).replace(/\s+/g, " ").trim();
  return collapsed.length > EXCERPT_LENGTH ? `${collapsed.slice(0, EXCERPT_LENGTH)}…` : collapsed;
}

function contextOf(ctx: ParseContext): ErrorContext {
  return { operationId: ctx.operationId, method: ctx.method, path: ctx.path };
}

function isJsonContentType(response: Response): boolean {
  return (response.headers.get("content-type") ?? "").toLowerCase().includes("json");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function identity(text: string): string {
  return text;
}
