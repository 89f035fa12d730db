/**
 * The innermost `send` of the pipeline: hands the Request to `fetch` (the global one or the
 * caller's) with the attempt's signal (`ctx.attemptSignal`, when the attempt plugin sets it), and
 * turns what fetch throws into the SDK's errors.
 */
import {
  AbortedError,
  AltegioError,
  ConnectionError,
  isWrite,
  writeMayHaveBeenApplied,
  type ErrorContext,
} from "../core/errors.js";
import { contextOf, type RequestContext, type Send } from "../core/pipeline.js";
import { redactCause } from "../core/secrets.js";

/** A fetch to use instead of the global one: takes the Request (with its signal) and answers. */
export type FetchLike = (request: Request) => Promise<Response>;

/**
 * Error codes (Node/undici) meaning the connection was never established, so the request was
 * provably not sent. Any other failure (reset, socket closed mid-response...) may have reached
 * the server.
 */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_NONAME",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/**
 * `redact` (the client's SecretRedactor) scrubs what the SDK's error takes from the error fetch
 * threw: its message may quote the request, Authorization header and login body included.
 */
export function createTransport(
  fetchImpl?: FetchLike,
  redact: (text: string) => string = identity,
): Send {
  return async (request, ctx) => {
    const signal = ctx.attemptSignal;
    try {
      if (fetchImpl) {
        // A FetchLike takes one Request, so the signal has to ride on a derived one.
        return await fetchImpl(signal ? new Request(request, { signal }) : request);
      }
      // The global is read at call time so test doubles and polyfills installed later are
      // honoured. fetch builds its own Request from `request` anyway; passing the signal to it
      // costs nothing more, where a derived Request would cost one more construction.
      return await globalThis.fetch(request, signal ? { signal } : undefined);
    } catch (error) {
      throw toTransportError(error, request, ctx, redact);
    }
  };
}

function identity(text: string): string {
  return text;
}

function toTransportError(
  error: unknown,
  request: Request,
  ctx: RequestContext,
  redact: (text: string) => string,
): AltegioError {
  const context = contextOf(ctx, request);
  const signal = ctx.attemptSignal?.aborted
    ? ctx.attemptSignal
    : request.signal.aborted
      ? request.signal
      : ctx.signal;
  if (signal?.aborted) {
    // Timeout plugins abort with a TimeoutError as the reason: that is the error to surface.
    if (signal.reason instanceof AltegioError) return signal.reason;
    return new AbortedError(
      `The call to ${describe(context)} was aborted by the caller.`,
      context,
      { cause: signal.reason },
    );
  }
  if (error instanceof AltegioError) return error;
  const codes = errorCodes(error);
  const notSent = codes.length > 0 && codes.every((code) => NOT_SENT_CODES.has(code));
  const detail = redact(codes.length > 0 ? codes.join(", ") : errorMessage(error));
  const message = `Network error calling ${describe(context)}: ${detail}.`;
  return new ConnectionError(
    notSent ? `${message} The request was not sent.` : writeMayHaveBeenApplied(message, context),
    { ...context, mayHaveBeenApplied: !notSent && isWrite(context) },
    { cause: redactCause(error, redact) },
  );
}

/** Codes found on the error, its causes, and the members of an AggregateError (happy eyeballs). */
function errorCodes(error: unknown, depth = 0): string[] {
  if (depth > 5 || typeof error !== "object" || error === null) return [];
  const codes: string[] = [];
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") codes.push(code);
  if (error instanceof AggregateError) {
    for (const inner of error.errors) codes.push(...errorCodes(inner, depth + 1));
  }
  codes.push(...errorCodes((error as { cause?: unknown }).cause, depth + 1));
  return codes;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describe(context: ErrorContext): string {
  const where = `${context.method ?? ""} ${context.path ?? ""}`.trim();
  return context.operationId ? `${context.operationId} (${where})` : where;
}
