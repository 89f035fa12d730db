/**
 * A client configured from the environment, shared by the examples:
 *   ALTEGIO_PARTNER_TOKEN            your partner (developer) token — required
 *   ALTEGIO_USER_TOKEN               a user token, or
 *   ALTEGIO_LOGIN / ALTEGIO_PASSWORD the user's login, to obtain (and renew) one
 *   ALTEGIO_BASE_URL                 default: production (https://api.alteg.io/api/v1);
 *                                    e.g. a local sandbox, http://127.0.0.1:4010/api/v1
 *   ALTEGIO_LOCATION_ID              the location the examples work on
 */
import { createAltegioClient, type AltegioClient } from "../src/index.js";

export function clientFromEnv(): AltegioClient {
  const login = process.env.ALTEGIO_LOGIN;
  const password = process.env.ALTEGIO_PASSWORD;
  return createAltegioClient({
    partnerToken: requireEnv("ALTEGIO_PARTNER_TOKEN"),
    ...(process.env.ALTEGIO_BASE_URL ? { baseUrl: process.env.ALTEGIO_BASE_URL } : {}),
    ...(process.env.ALTEGIO_USER_TOKEN ? { userToken: process.env.ALTEGIO_USER_TOKEN } : {}),
    ...(login && password ? { credentials: { login, password } } : {}),
  });
}

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`Set ${name} (see examples/env.ts).`);
    process.exit(2);
  }
  return value;
}

/** A numeric ID from the environment, e.g. ALTEGIO_LOCATION_ID. */
export function idFromEnv(name: string): number {
  const id = Number(requireEnv(name));
  if (!Number.isSafeInteger(id) || id < 1) {
    console.error(`${name} must be a positive integer.`);
    process.exit(2);
  }
  return id;
}

/** Runs an example's main, printing AltegioErrors by code and message (never secrets). */
export function run(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    const code = (error as { code?: string }).code;
    console.error(code ? `${code}: ${(error as Error).message}` : error);
    process.exitCode = 1;
  });
}
