/**
 * The optional logger. Nothing it gets holds a secret: secret-named headers and fields are
 * redacted, and the tokens of the request's own `Authorization` are scrubbed from every line (in
 * the client, where this runs before auth, the client's redactor scrubs failure messages).
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
export function redactHeaders(headers: Headers | Record<string, string>): Record<string, string> {
  return redactValue(headers) as Record<string, string>;
}

/** A deep copy with secret-named fields redacted and `secrets` scrubbed; cycles cut by depth. */
export function redactValue(value: unknown, secrets: readonly string[] = [], depth = 0): unknown {
  if (typeof value === "string") return redactSecrets(value, secrets);
  if (value === null || typeof value !== "object") return value;
  if (depth > 8) return "[…]";
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets, depth + 1));
  const entries = value instanceof Headers ? [...value] : Object.entries(value);
  return Object.fromEntries(
    entries.map(([key, v]) => [
      key,
      isSecretName(key) ? REDACTED : redactValue(v, secrets, depth + 1),
    ]),
  );
}

/** The credentials carried by an `Authorization: Bearer <partner>, User <user>` header. */
export function secretsFromAuthorization(header: string | null): string[] {
  return (header ?? "")
    .split(",")
    .flatMap((part) => /^\s*(?:Bearer|User|Basic|Token)\s+(\S+)\s*$/i.exec(part)?.[1] ?? []);
}

/**
 * Logs each attempt: `debug` before sending, `info` for a 2xx/3xx answer, `warn` for 4xx/5xx,
 * `error` when it failed without an answer; never a body. `redact` (the client's redactor) scrubs
 * a failure's message, the one text the SDK did not write. No logger costs nothing.
 */
export function loggingPlugin(
  logger: Logger | undefined,
  redact: (text: string) => string = (text) => text,
): Plugin {
  if (!logger) return (next) => next;
  return (next) => async (request, ctx) => {
    const { method } = request;
    const path = contextOf(ctx, request).path;
    const base = { method, path, operationId: ctx.operation?.operationId, attempt: ctx.attempt };
    const secrets = secretsFromAuthorization(request.headers.get("authorization"));
    const log = (level: keyof Logger, message: string, data: Record<string, unknown>) => {
      const fn = logger[level];
      if (!fn) return;
      const line = redactSecrets(message, secrets);
      const fields = redactValue({ ...base, ...data }, secrets) as Record<string, unknown>;
      diagnostics()?.log?.(level, line, fields);
      try {
        fn.call(logger, line, fields);
      } catch {
        // A broken logger must not break the call.
      }
    };
    const call = `${method} ${path}`;
    log("debug", `→ ${call}`, { headers: request.headers });
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const response = await next(request, ctx);
      const { status } = response;
      const durationMs = elapsed();
      log(status >= 400 ? "warn" : "info", `← ${status} ${call} (${durationMs} ms)`, {
        status,
        durationMs,
      });
      return response;
    } catch (error) {
      const text = redact(error instanceof Error ? error.message : String(error));
      const code = error instanceof AltegioError ? error.code : "unexpected";
      log("error", `✗ ${call}: ${text}`, { error: code, durationMs: elapsed() });
      throw error;
    }
  };
}
