/**
 * The secrets a client knows (partner token, user tokens, a password during login), so that text
 * taken from a response (an API message, an HTML page echoing headers) is scrubbed before use.
 */

/**
 * An opt-in observer for auditors (the test suite proves with it that no secret reaches an error
 * or a log line). Off unless `globalThis[Symbol.for("altegio-sdk.diagnostics")]` is set: a global
 * symbol, so it also sees a second copy of the SDK. Consulted only off the hot path.
 */
export interface Diagnostics {
  /** A secret the SDK was given or obtained: a partner or user token, a password. */
  secret?(value: string): void;
  /** Every AltegioError, as it is constructed. */
  error?(error: Error): void;
  /** Every line given to the configured logger, after redaction. */
  log?(level: string, message: string, data: Record<string, unknown>): void;
}

export const DIAGNOSTICS_KEY: unique symbol = Symbol.for("altegio-sdk.diagnostics") as never;

export function diagnostics(): Diagnostics | undefined {
  return (globalThis as { [DIAGNOSTICS_KEY]?: Diagnostics })[DIAGNOSTICS_KEY];
}

/** The one rule for names (fields, headers) whose values are secrets and never shown. */
export function isSecretName(name: string): boolean {
  return /pass(word)?|token|secret|authori[sz]ation|api[_-]?key|cookie/i.test(name);
}

export const REDACTED = "[redacted]";

/**
 * JSON-like `text` with the value of every secret-named field blanked, even one cut off by a
 * truncated body: a token the client has not learnt yet (a login's answer) has no known value.
 */
export function scrubSecretFields(text: string): string {
  return text.replace(
    /"([^"\\]{1,64})"(\s*:\s*)"(?:[^"\\]|\\.)*("?)/g,
    (whole, key: string, colon: string, end: string) =>
      isSecretName(key) ? `"${key}"${colon}"${REDACTED}${end}` : whole,
  );
}

/** Shorter secrets are ignored: replacing them would shred ordinary words and hide nothing. */
const MIN_SECRET_LENGTH = 4;

export class SecretRedactor {
  /** Tokens, most recent last; the oldest drop out after 16. */
  private readonly remembered: string[] = [];
  /** Passwords while their login runs, counted so that overlapping logins work. */
  private readonly held = new Map<string, number>();

  remember(secret: string): void {
    diagnostics()?.secret?.(secret);
    if (secret.length < MIN_SECRET_LENGTH) return;
    const index = this.remembered.indexOf(secret);
    if (index !== -1) this.remembered.splice(index, 1);
    if (this.remembered.push(secret) > 16) this.remembered.shift();
  }

  /** Redacts `secret` until the matching `release`. */
  hold(secret: string): void {
    diagnostics()?.secret?.(secret);
    if (secret.length >= MIN_SECRET_LENGTH) this.held.set(secret, (this.held.get(secret) ?? 0) + 1);
  }

  release(secret: string): void {
    const count = this.held.get(secret) ?? 0;
    if (count > 1) this.held.set(secret, count - 1);
    else this.held.delete(secret);
  }

  readonly redact = (text: string): string =>
    redactSecrets(text, [...this.remembered, ...this.held.keys()]);
}

/** `text` with each secret replaced, longest first so that one containing another goes whole. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  const sorted = secrets
    .filter((s): s is string => typeof s === "string" && s.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
  for (const secret of sorted) out = out.split(secret).join(REDACTED);
  return out;
}

type Redact = (text: string) => string;

/**
 * What an SDK error wrapping a foreign one (a fetch failure, a broken body) keeps as its `cause`,
 * which `util.inspect` prints whole: the error itself when none of its text (causes, AggregateError
 * members, properties, 5 levels deep) holds a known secret, else a redacted stand-in of the same
 * name, code and causes. Error paths only.
 */
export function redactCause(cause: unknown, redact: Redact): unknown {
  try {
    return redactDeep(cause, redact, 0);
  } catch {
    return undefined; // a foreign error that cannot be read safely (a throwing getter) is dropped
  }
}

/** `value` itself when it holds no secret, else a copy with every text redacted. */
function redactDeep(value: unknown, redact: Redact, depth: number): unknown {
  if (typeof value === "string") return redact(value);
  if (typeof value !== "object" || value === null || depth > 5) return value;
  const deeper = (inner: unknown) => redactDeep(inner, redact, depth + 1);
  if (Array.isArray(value)) {
    const copy = value.map(deeper);
    return copy.some((item, i) => item !== value[i]) ? copy : value;
  }
  const source = value as Record<string, unknown>;
  const entries = Object.entries(source).map(([key, inner]) => [key, deeper(inner)] as const);
  let changed = entries.some(([key, inner]) => inner !== source[key]);
  if (!(value instanceof Error)) return changed ? Object.fromEntries(entries) : value;

  const message = redact(value.message);
  const stack = value.stack === undefined ? undefined : redact(value.stack);
  const cause = deeper(value.cause);
  const errors = value instanceof AggregateError ? deeper(value.errors) : undefined;
  changed ||= message !== value.message || stack !== value.stack || cause !== value.cause;
  if (!changed && (!(value instanceof AggregateError) || errors === value.errors)) return value;
  const copy = new Error(message, value.cause === undefined ? undefined : { cause });
  const hidden = { enumerable: false, writable: true, configurable: true };
  Object.defineProperty(copy, "name", { ...hidden, value: value.name });
  Object.defineProperty(copy, "stack", { ...hidden, value: stack });
  if (value instanceof AggregateError)
    Object.defineProperty(copy, "errors", { ...hidden, value: errors });
  return Object.assign(copy, Object.fromEntries(entries));
}
