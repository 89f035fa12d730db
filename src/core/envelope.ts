/**
 * Turns what openapi-fetch parsed into `data` + `meta`, or into the typed error it stands for.
 *
 * Success: `{ success: true, data, meta }`. Errors come in two shapes (../shared/altegio/README.md):
 * `{ success: false, data: null, meta: { message, errors } }`, and on some 401/404
 * `{ errors: { code, message }, meta: { message } }`. A 2xx with `success: false` is an error too.
 * Bodies that are not JSON (an HTML 502 page, truncated JSON) keep a short excerpt.
 */
import type { components } from "../../generated/schema.js";
import { bodyTextOf, unreadCopy } from "./buffered-response.js";
import { scrubSecretFields } from "./secrets.js";
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InvalidResponseError,
  isWrite,
  NotFoundError,
  PaymentRequiredError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  ValidationError,
  writeMayHaveBeenApplied,
  type APIErrorInit,
  type AuthenticationReason,
  type ErrorContext,
  type FieldErrors,
} from "./errors.js";
import { parseRetryAfter } from "./retry-after.js";

/**
 * `meta` of the envelope, as the overlay types it (`total_count`, `count`, `page`, `from`, `to`,
 * `message`, and whatever else the API adds); the API's empty array `[]` becomes `{}`.
 */
export type EnvelopeMeta = components["schemas"]["MetaObject"];

export interface Envelope {
  data: unknown;
  meta: EnvelopeMeta;
  response: Response;
}

type Redact = (text: string) => string;

/** openapi-fetch's answer (`data` for a 2xx, `error` otherwise) → the envelope's data, or throws. */
export function unwrap(
  result: { data?: unknown; error?: unknown; response: Response },
  context: ErrorContext,
  redact: Redact,
  sentUserToken = true,
): Envelope {
  const { response } = result;
  const body = response.ok ? result.data : result.error;
  if (response.ok && !isErrorEnvelope(body)) {
    if (isRecord(body) && body["success"] === true) {
      return { data: body["data"], meta: isRecord(body["meta"]) ? body["meta"] : {}, response };
    }
    // 204, a PDF, or not an envelope at all: given as it is rather than lost.
    return { data: body, meta: {}, response };
  }
  throw errorOf(response, body, context, redact, sentUserToken);
}

/** A 2xx whose body openapi-fetch could not parse. */
export function unreadableAnswer(
  response: Response,
  context: ErrorContext,
  redact: Redact,
): InvalidResponseError {
  const text = bodyTextOf(response) ?? "";
  const excerpt = makeExcerpt(text, redact);
  return new InvalidResponseError({
    ...context,
    ...details(response, text, redact),
    status: response.status,
    bodyExcerpt: excerpt,
    mayHaveBeenApplied: isWrite(context),
    message: writeMayHaveBeenApplied(
      `The API answered HTTP ${response.status} with a body that is not valid JSON: ` +
        JSON.stringify(excerpt.slice(0, 80)),
      context,
    ),
  });
}

/** `success: false`, or the second error shape `{ errors: { code, message } }`. */
function isErrorEnvelope(body: unknown): boolean {
  if (!isRecord(body)) return false;
  if (body["success"] === false) return true;
  return !("success" in body) && isRecord(body["errors"]) && "message" in body["errors"];
}

function errorOf(
  response: Response,
  body: unknown,
  context: ErrorContext,
  redact: Redact,
  sentUserToken = true,
) {
  const status = response.status;
  const text = bodyTextOf(response) ?? (typeof body === "string" ? body : undefined);
  // A 401 refuses the user token when one was sent, else the partner token.
  const reason = sentUserToken ? ("user_token" as const) : ("partner_token" as const);
  const base = { ...context, ...details(response, text, redact), status, reason };
  if (typeof body === "string" || body === undefined) {
    if (!body) {
      return errorForStatus(status, {
        ...base,
        message: `The API answered HTTP ${status} with an empty body.`,
      });
    }
    const excerpt = makeExcerpt(body, redact);
    return errorForStatus(status, {
      ...base,
      bodyExcerpt: excerpt,
      message: `The API answered HTTP ${status} with a body that is not valid JSON: ${JSON.stringify(excerpt.slice(0, 80))}`,
    });
  }
  const record = isRecord(body) ? body : {};
  const meta = isRecord(record["meta"]) ? record["meta"] : {};
  const errors = isRecord(record["errors"]) ? record["errors"] : undefined;
  const apiMessage = [meta["message"], errors?.["message"], record["message"]].find(
    (m): m is string => typeof m === "string" && m !== "",
  );
  const init: APIErrorInit & { reason: AuthenticationReason } = {
    ...base,
    fieldErrors: fieldErrorsOf(meta["errors"], redact),
    message: apiMessage
      ? redact(apiMessage)
      : `The API answered HTTP ${status} without an error message.`,
  };
  if (status >= 400) return errorForStatus(status, init);
  // HTTP 2xx with `success: false`: the status that matters is the one inside the body, if any.
  const inner = errors?.["code"];
  if (typeof inner === "number" && inner >= 400 && inner < 600) return errorForStatus(inner, init);
  if (Object.keys(init.fieldErrors ?? {}).length > 0) return new ValidationError(init);
  return new APIError(init);
}

/** What every API error keeps of the answer: an unread copy and the text read, both scrubbed. */
function details(response: Response, text: string | undefined, redact: Redact) {
  if (text === undefined) return { response: unreadCopy(response), bodyText: undefined };
  const scrubbed = scrub(text, redact);
  return {
    response: unreadCopy(response, scrubbed === text ? undefined : scrubbed),
    bodyText: scrubbed,
  };
}

function scrub(text: string, redact: Redact): string {
  return redact(scrubSecretFields(text));
}

/** The error class for an HTTP status; `init.status` stays what the server sent. */
function errorForStatus(
  status: number,
  init: APIErrorInit & { reason?: AuthenticationReason },
): APIError {
  switch (status) {
    case 400:
      return Object.keys(init.fieldErrors ?? {}).length > 0
        ? new ValidationError(init)
        : new BadRequestError(init);
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
        retryAfterMs: parseRetryAfter(init.response?.headers.get("retry-after"), Date.now()),
      });
  }
  if (status >= 500) {
    const applied = isWrite(init);
    return new ServerError({
      ...init,
      message: writeMayHaveBeenApplied(init.message, init),
      mayHaveBeenApplied: applied,
    });
  }
  return new APIError(init);
}

/** `meta.errors`: `{ field: ["..."] }`, tolerating a bare string per field. */
function fieldErrorsOf(value: unknown, redact: Redact): FieldErrors {
  const out: FieldErrors = {};
  if (!isRecord(value)) return out;
  for (const [field, messages] of Object.entries(value)) {
    const texts = (Array.isArray(messages) ? messages : [messages])
      .filter((m) => m !== undefined)
      .map((m) => redact(typeof m === "string" ? m : JSON.stringify(m)));
    if (texts.length > 0) out[field] = texts;
  }
  return out;
}

function makeExcerpt(text: string, redact: Redact): string {
  const collapsed = scrub(text, redact).replace(/\s+/g, " ").trim();
  return collapsed.length > 200 ? `${collapsed.slice(0, 200)}…` : collapsed;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The error an answer stands for, reading its body (a 401 seen inside the pipeline). */
export async function errorOfResponse(
  response: Response,
  context: ErrorContext,
  redact: Redact,
): Promise<APIError> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : text;
  } catch {
    // not JSON: the text is the body
  }
  return errorOf(response, body, context, redact);
}
