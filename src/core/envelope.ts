/**
 * What openapi-fetch parsed → `data` + `meta`, or the typed error it stands for. Success is
 * `{ success: true, data, meta }`; errors are `{ success: false, data: null, meta: { message,
 * errors } }` or, on some 401/404, `{ errors: { code, message }, meta: { message } }`. A 2xx with
 * `success: false` is an error too; a body that is not JSON (an HTML 502 page) keeps an excerpt.
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
  if (!response.ok || isErrorEnvelope(body)) {
    throw errorOf(response, body, context, redact, sentUserToken);
  }
  if (isRecord(body) && body["success"] === true) {
    return { data: body["data"], meta: isRecord(body["meta"]) ? body["meta"] : {}, response };
  }
  // 204, a PDF, or not an envelope at all: given as it is rather than lost.
  return { data: body, meta: {}, response };
}

/** The error for a 2xx whose body openapi-fetch could not parse. */
export function unreadableAnswer(response: Response, context: ErrorContext, redact: Redact) {
  return errorOf(response, bodyTextOf(response) ?? "", context, redact);
}

/** The error an answer stands for, reading its body (a 401 seen inside the pipeline). */
export async function errorOfResponse(response: Response, context: ErrorContext, redact: Redact) {
  const text = await response.text();
  try {
    return errorOf(response, text ? JSON.parse(text) : text, context, redact);
  } catch {
    return errorOf(response, text, context, redact); // not JSON: the text is the body
  }
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
): APIError {
  const status = response.status;
  const text = bodyTextOf(response) ?? (typeof body === "string" ? body : undefined);
  const init: APIErrorInit & { reason: AuthenticationReason } = {
    ...context,
    ...details(response, text, redact),
    status,
    // A 401 refuses the user token when one was sent, else the partner token.
    reason: sentUserToken ? "user_token" : "partner_token",
    message: `The API answered HTTP ${status} with an empty body.`,
  };
  if (typeof body === "string" || body === undefined) {
    if (body) {
      init.bodyExcerpt = makeExcerpt(body, redact);
      init.message = `The API answered HTTP ${status} with a body that is not valid JSON: ${JSON.stringify(init.bodyExcerpt.slice(0, 80))}`;
    }
    if (status >= 300) return errorForStatus(status, init);
    // An unreadable 2xx: a write most likely was applied.
    const message = writeMayHaveBeenApplied(init.message, init);
    return new InvalidResponseError({ ...init, message, mayHaveBeenApplied: isWrite(init) });
  }
  const record = isRecord(body) ? body : {};
  const meta = isRecord(record["meta"]) ? record["meta"] : {};
  const errors = isRecord(record["errors"]) ? record["errors"] : undefined;
  const apiMessage = [meta["message"], errors?.["message"], record["message"]].find(
    (m): m is string => typeof m === "string" && m !== "",
  );
  init.fieldErrors = fieldErrorsOf(meta["errors"], redact);
  init.message = apiMessage
    ? redact(apiMessage)
    : `The API answered HTTP ${status} without an error message.`;
  // A 2xx with `success: false`: the status that matters is the one inside the body, if any.
  const inner = errors?.["code"];
  const innerStatus = typeof inner === "number" && inner >= 400 && inner < 600 ? inner : status;
  return errorForStatus(status < 400 ? innerStatus : status, init);
}

/** What every API error keeps of the answer: an unread copy and the text read, both scrubbed. */
function details(response: Response, text: string | undefined, redact: Redact) {
  if (text === undefined) return { response: unreadCopy(response), bodyText: undefined };
  const scrubbed = redact(scrubSecretFields(text));
  return {
    response: unreadCopy(response, scrubbed === text ? undefined : scrubbed),
    bodyText: scrubbed,
  };
}

const ERROR_BY_STATUS: Readonly<Record<number, new (init: APIErrorInit) => APIError>> = {
  400: BadRequestError,
  401: AuthenticationError,
  402: PaymentRequiredError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: ValidationError,
};

/** The error for an HTTP status (below 400: `success: false`); `init.status` stays the server's. */
function errorForStatus(status: number, init: APIErrorInit): APIError {
  if (status === 429) {
    const retryAfter = init.response?.headers.get("retry-after");
    return new RateLimitError({ ...init, retryAfterMs: parseRetryAfter(retryAfter, Date.now()) });
  }
  if (status >= 500) {
    const message = writeMayHaveBeenApplied(init.message, init);
    return new ServerError({ ...init, message, mayHaveBeenApplied: isWrite(init) });
  }
  const hasFieldErrors = Object.keys(init.fieldErrors ?? {}).length > 0;
  if (hasFieldErrors && status <= 400) return new ValidationError(init);
  return new (ERROR_BY_STATUS[status] ?? APIError)(init);
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
  const collapsed = redact(scrubSecretFields(text)).replace(/\s+/g, " ").trim();
  return collapsed.length > 200 ? `${collapsed.slice(0, 200)}…` : collapsed;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
