/**
 * An optional logging hook. The SDK logs nothing unless a logger is given, and what it logs never
 * holds a secret: `Authorization` is redacted, any `password`/`token`-like field is redacted, and
 * the token values seen in the request's own `Authorization` header are scrubbed from every
 * message (e.g. from an error message that echoed a URL or a body). In the client the plugin runs
 * before the auth headers are set, so it never sees them: the client's redactor, which knows the
 * partner token, the user tokens and a password during login, scrubs the error messages it logs.
 */
import { AltegioError } from "../core/errors.js";
import { contextOf, type Plugin } from "../core/pipeline.js";
import { diagnostics, isSecretName, REDACTED, redactSecrets } from "../core/secrets.js";

export interface Logger {
  debug?(message: string, data?: Record<string, unknown>): void;
  info?(message: string, data?: Record<string, unknown>): void;
  warn?(message: string, data?: Record<string, unknown>): void;
  error?(message: string, data?: Record<string, unknown>): void;
}

/** Headers as a plain object with secret values replaced by `[redacted]`. */
export function redactHeaders(
  headers: Headers | Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  const entries: Iterable<[string, unknown]> =
    headers instanceof Headers ? headers.entries() : Object.entries(headers);
  for (const [name, value] of entries) {
    if (value === undefined) continue;
    out[name] = isSecretName(name) ? REDACTED : String(value);
  }
  return out;
}

/**
 * A deep copy of `value` with secret-named fields redacted and `secrets` scrubbed from strings.
 * Cycles are cut; depth is bounded.
 */
export function redactValue(value: unknown, secrets: readonly string[] = [], depth = 0): unknown {
  if (typeof value === "string") return redactSecrets(value, secrets);
  if (value === null || typeof value !== "object") return value;
  if (depth > 8) return "[…]";
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets, depth + 1));
  if (value instanceof Headers) return redactHeaders(value);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = isSecretName(key) ? REDACTED : redactValue(v, secrets, depth + 1);
  }
  return out;
}

/** The credentials carried by an `Authorization: Bearer <partner>, User <user>` header. */
export function secretsFromAuthorization(header: string | null): string[] {
  if (!header) return [];
  const secrets: string[] = [];
  for (const part of header.split(",")) {
    const match = /^\s*(?:Bearer|User|Basic|Token)\s+(\S+)\s*$/i.exec(part);
    if (match?.[1]) secrets.push(match[1]);
  }
  return secrets;
}

/**
 * Logs each attempt: `debug` before sending, `info` for a 2xx/3xx answer, `warn` for 4xx/5xx,
 * `error` when it failed without an answer. `undefined` logs nothing and costs nothing.
 * The data never carries a body or a secret. `redact` (the client's SecretRedactor) scrubs the
 * message of a failure, the one line that holds text the SDK did not write; applied there only,
 * so a successful call pays nothing for it.
 */
export function loggingPlugin(
  logger: Logger | undefined,
  redact: (text: string) => string = (text) => text,
): Plugin {
  if (!logger) return (next) => next;
  const log = (
    level: keyof Logger,
    message: string,
    data: Record<string, unknown>,
    secrets: readonly string[],
  ): void => {
    const fn = logger[level];
    if (!fn) return;
    const line = redactSecrets(message, secrets);
    const fields = redactValue(data, secrets) as Record<string, unknown>;
    diagnostics()?.log?.(level, line, fields);
    try {
      fn.call(logger, line, fields);
    } catch {
      // A broken logger must not break the call.
    }
  };
  return (next) => async (request, ctx) => {
    const secrets = secretsFromAuthorization(request.headers.get("authorization"));
    const base: Record<string, unknown> = {
      method: request.method,
      path: contextOf(ctx, request).path,
      operationId: ctx.operation?.operationId,
      attempt: ctx.attempt,
    };
    log(
      "debug",
      `→ ${request.method} ${base.path}`,
      { ...base, headers: redactHeaders(request.headers) },
      secrets,
    );
    const started = performance.now();
    try {
      const response = await next(request, ctx);
      const durationMs = Math.round(performance.now() - started);
      const level = response.status >= 400 ? "warn" : "info";
      log(
        level,
        `← ${response.status} ${request.method} ${base.path} (${durationMs} ms)`,
        { ...base, status: response.status, durationMs },
        secrets,
      );
      return response;
    } catch (error) {
      const durationMs = Math.round(performance.now() - started);
      const code = error instanceof AltegioError ? error.code : "unexpected";
      const text = redact(error instanceof Error ? error.message : String(error));
      log(
        "error",
        `✗ ${request.method} ${base.path}: ${text}`,
        { ...base, error: code, durationMs },
        secrets,
      );
      throw error;
    }
  };
}
