/**
 * An opt-in observer of what the SDK handles, for tools that audit it: the project's test suite
 * installs one to prove that no secret the SDK was given ever reaches an error or a log line.
 *
 * Off unless something sets `globalThis[Symbol.for("altegio-sdk.diagnostics")]`; a global symbol
 * rather than an import so that it also sees copies of the SDK bundled twice, and so that it costs
 * one property read where it is consulted (never on a request's hot path).
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
