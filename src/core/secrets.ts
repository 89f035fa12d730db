/**
 * The secrets a client knows (partner token, user tokens, a password during login), so text taken
 * from a response body — an error message, an HTML excerpt that echoes request headers — can be
 * scrubbed before it goes into an error.
 */

/**
 * An opt-in observer of what the SDK handles, for tools that audit it: the test suite installs one
 * to prove that no secret reaches an error or a log line. Off unless something sets
 * `globalThis[Symbol.for("altegio-sdk.diagnostics")]` (a global symbol, so it also sees a copy of
 * the SDK bundled twice); consulted only off the hot path.
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

/**
 * JSON-like `text` with the string value of every secret-named field blanked, even one cut off
 * by a truncated body (`{"user_token":"abc…`): a token the client has not learnt yet (a login's
 * answer) cannot be redacted by value.
 */
export function scrubSecretFields(text: string): string {
  return text.replace(
    /"([^"\\]{1,64})"(\s*:\s*)"(?:[^"\\]|\\.)*("?)/g,
    (whole, key: string, colon: string, end: string) =>
      isSecretName(key) ? `"${key}"${colon}"${REDACTED}${end}` : whole,
  );
}

const MIN_SECRET_LENGTH = 4;
const REMEMBERED_LIMIT = 16;
export const REDACTED = "[redacted]";

export class SecretRedactor {
  /** Long-lived secrets (tokens), most recent last; bounded. */
  private readonly remembered: string[] = [];
  /** Short-lived secrets (passwords during a login), counted so overlapping logins work. */
  private readonly held = new Map<string, number>();

  /** Keeps a token for redaction; old tokens drop out after a few rotations. */
  remember(secret: string): void {
    diagnostics()?.secret?.(secret);
    if (secret.length < MIN_SECRET_LENGTH) return;
    const index = this.remembered.indexOf(secret);
    if (index !== -1) this.remembered.splice(index, 1);
    this.remembered.push(secret);
    if (this.remembered.length > REMEMBERED_LIMIT) this.remembered.shift();
  }

  /** Redacts `secret` until the matching `release`. */
  hold(secret: string): void {
    diagnostics()?.secret?.(secret);
    if (secret.length < MIN_SECRET_LENGTH) return;
    this.held.set(secret, (this.held.get(secret) ?? 0) + 1);
  }

  release(secret: string): void {
    const count = this.held.get(secret);
    if (count === undefined) return;
    if (count <= 1) this.held.delete(secret);
    else this.held.set(secret, count - 1);
  }

  readonly redact = (text: string): string =>
    redactSecrets(text, [...this.remembered, ...this.held.keys()]);
}

/**
 * `text` with every occurrence of each secret replaced, longest first so that a secret containing
 * another is removed whole. Secrets shorter than 4 characters are ignored: replacing them would
 * shred ordinary words and hide nothing.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  const sorted = secrets
    .filter((s): s is string => typeof s === "string" && s.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
  for (const secret of sorted) out = out.split(secret).join(REDACTED);
  return out;
}

type Redact = (text: string) => string;

/** How deep into a foreign error (causes, AggregateError members, properties) the check looks. */
const MAX_CAUSE_DEPTH = 5;

/**
 * What an SDK error wrapping a foreign one (a fetch failure, a broken body stream) keeps as its
 * `cause`: the error itself when none of its text holds a known secret, else a stand-in of the
 * same name, code and causes with the text redacted. A cause stays out of JSON, but
 * `console.error(error)` and `util.inspect` print it whole. Error paths only.
 */
export function redactCause(cause: unknown, redact: Redact): unknown {
  try {
    return holdsSecret(cause, redact, 0) ? standIn(cause, redact, 0) : cause;
  } catch {
    return undefined; // a foreign error that cannot be read safely is not kept
  }
}

function holdsSecret(value: unknown, redact: Redact, depth: number): boolean {
  if (typeof value === "string") return redact(value) !== value;
  if (typeof value !== "object" || value === null || depth > MAX_CAUSE_DEPTH) return false;
  try {
    if (value instanceof Error) {
      if (holdsSecret(value.message, redact, depth) || holdsSecret(value.stack, redact, depth)) {
        return true;
      }
      if (holdsSecret(value.cause, redact, depth + 1)) return true;
      if (value instanceof AggregateError && holdsSecret(value.errors, redact, depth + 1)) {
        return true;
      }
    }
    return Object.values(value).some((v) => holdsSecret(v, redact, depth + 1));
  } catch {
    return true; // a getter that throws: its content is unknown, so do not keep it
  }
}

function standIn(value: unknown, redact: Redact, depth: number): unknown {
  if (typeof value === "string") return redact(value);
  if (typeof value !== "object" || value === null) return value;
  if (depth > MAX_CAUSE_DEPTH) return undefined;
  if (!holdsSecret(value, redact, depth)) return value;
  if (Array.isArray(value)) return value.map((v: unknown) => standIn(v, redact, depth + 1));
  const copy = (
    value instanceof Error
      ? new Error(
          redact(value.message),
          value.cause === undefined
            ? undefined
            : { cause: standIn(value.cause, redact, depth + 1) },
        )
      : {}
  ) as Record<string, unknown>;
  if (value instanceof Error) {
    const hidden = { enumerable: false, writable: true, configurable: true };
    Object.defineProperty(copy, "name", { ...hidden, value: value.name });
    Object.defineProperty(copy, "stack", {
      ...hidden,
      value: value.stack === undefined ? undefined : redact(value.stack),
    });
    if (value instanceof AggregateError) {
      Object.defineProperty(copy, "errors", {
        ...hidden,
        value: standIn(value.errors, redact, depth + 1),
      });
    }
  }
  for (const [key, v] of Object.entries(value)) copy[key] = standIn(v, redact, depth + 1);
  return copy;
}
