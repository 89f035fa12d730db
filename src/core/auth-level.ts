/**
 * The one auth-level rule, shared by the codegen (which writes each operation's level) and the
 * sandbox (which enforces it on any description it serves).
 */

/** Which credentials an operation needs: none, the partner token, or partner + user token. */
export type AuthLevel = "none" | "partner" | "user";

const RANK: Readonly<Record<AuthLevel, number>> = { none: 0, partner: 1, user: 2 };

/**
 * A requirement object's schemes are ALL needed (its level is their highest); the array lists
 * alternatives (the lowest wins); none: `none`. `levelOfScheme` may throw or guess for an unknown one.
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
