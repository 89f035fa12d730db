/**
 * Where the client keeps the user token. The default keeps it in memory; applications that run
 * several processes or restart often pass their own store (Redis, a file, a database row) so a
 * token obtained by one login — for example after a password change — is shared by all.
 */

export interface TokenStore {
  /** The current user token, or undefined when there is none yet. */
  get(): string | undefined | Promise<string | undefined>;
  /** Replaces the user token; undefined forgets it (logout). */
  set(token: string | undefined): void | Promise<void>;
}

/** A token store in memory, optionally seeded with a token. */
export function createMemoryTokenStore(initial?: string): TokenStore {
  let token = initial;
  return {
    get: () => token,
    set: (next) => {
      token = next;
    },
  };
}
