/**
 * The secrets a client knows (partner token, user tokens, a password during login), so text taken
 * from a response body — an error message, an HTML excerpt that echoes request headers — can be
 * scrubbed before it goes into an error.
 */

import { diagnostics } from "./diagnostics.js";

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
