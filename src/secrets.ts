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

  readonly redact = (text: string): string => {
    let out = text;
    // Longest first, so a secret containing another is removed whole.
    const secrets = [...this.remembered, ...this.held.keys()].sort((a, b) => b.length - a.length);
    for (const secret of secrets) out = out.split(secret).join(REDACTED);
    return out;
  };
}
