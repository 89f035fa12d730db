/**
 * The one auth-level rule, shared by the codegen (which writes each operation's level into the
 * registry) and the sandbox (which enforces it on any description it serves).
 *
 * A security requirement object names schemes that are ALL needed, so it takes the highest of
 * their levels; the requirement array lists alternatives, any one suffices, so the operation takes
 * the lowest. `[]` or no security at all: `none`.
 */

/** Which credentials an operation needs: none, the partner token, or partner + user token. */
export type AuthLevel = "none" | "partner" | "user";

const RANK: Readonly<Record<AuthLevel, number>> = { none: 0, partner: 1, user: 2 };

/**
 * `levelOfScheme` names the level of one scheme; it may throw for a scheme it does not know (the
 * codegen does) or guess (the sandbox does).
 */
export function authLevelOf(
  security: readonly Readonly<Record<string, unknown>>[] | undefined | null,
  levelOfScheme: (scheme: string) => AuthLevel,
): AuthLevel {
  if (!security || security.length === 0) return "none";
  let lowest: AuthLevel | undefined;
  for (const requirement of security) {
    let highest: AuthLevel = "none";
    for (const scheme of Object.keys(requirement)) {
      const level = levelOfScheme(scheme);
      if (RANK[level] > RANK[highest]) highest = level;
    }
    if (lowest === undefined || RANK[highest] < RANK[lowest]) lowest = highest;
  }
  return lowest ?? "none";
}
