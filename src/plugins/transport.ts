/** The innermost `send`: fetch with the attempt's signal; what fetch throws becomes an SDK error. */
import { describeCall } from "../core/abort.js";
import {
  AbortedError,
  AltegioError,
  ConnectionError,
  isWrite,
  writeMayHaveBeenApplied,
} from "../core/errors.js";
import { contextOf, type Send } from "../core/pipeline.js";
import { redactCause } from "../core/secrets.js";

/** A fetch to use instead of the global one: takes the Request (with its signal) and answers. */
export type FetchLike = (request: Request) => Promise<Response>;

/** Node/undici codes of a connection never established: the request provably was not sent. */
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

/** `redact` scrubs what fetch's error may quote of the request (Authorization, login body). */
export function createTransport(
  fetchImpl?: FetchLike,
  redact: (text: string) => string = (text) => text,
): Send {
  return async (request, ctx) => {
    const signal = ctx.attemptSignal;
    try {
      // A FetchLike takes one Request, so the signal rides on a derived one. The global fetch
      // (read at call time: test doubles, polyfills) takes it as init, saving a Request.
      if (fetchImpl) return await fetchImpl(signal ? new Request(request, { signal }) : request);
      return await globalThis.fetch(request, signal ? { signal } : undefined);
    } catch (error) {
      const context = contextOf(ctx, request);
      const aborted = [signal, request.signal, ctx.signal].find((s) => s?.aborted);
      if (aborted) {
        // A timeout plugin aborts with its TimeoutError: that is the error to surface.
        if (aborted.reason instanceof AltegioError) throw aborted.reason;
        const message = `The call to ${describeCall(context)} was aborted by the caller.`;
        throw new AbortedError(message, context, { cause: aborted.reason });
      }
      if (error instanceof AltegioError) throw error;
      const codes = errorCodes(error);
      const notSent = codes.length > 0 && codes.every((code) => NOT_SENT_CODES.has(code));
      const detail = codes.join(", ") || (error instanceof Error ? error.message : String(error));
      const message = `Network error calling ${describeCall(context)}: ${redact(detail)}.`;
      throw new ConnectionError(
        notSent
          ? `${message} The request was not sent.`
          : writeMayHaveBeenApplied(message, context),
        { ...context, mayHaveBeenApplied: !notSent && isWrite(context) },
        { cause: redactCause(error, redact) },
      );
    }
  };
}

/** Codes on the error, its causes, and the members of an AggregateError (happy eyeballs). */
function errorCodes(error: unknown, depth = 0): string[] {
  if (depth > 5 || typeof error !== "object" || error === null) return [];
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  const inner: unknown[] = error instanceof AggregateError ? [...error.errors, cause] : [cause];
  return [
    ...(typeof code === "string" ? [code] : []),
    ...inner.flatMap((e) => errorCodes(e, depth + 1)),
  ];
}
