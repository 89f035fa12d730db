/** A facade client on the loopback server: no rate limit, no retries, tokens that are fake. */
import { createAltegioClient, type AltegioClientOptions } from "../../src/index.js";
import type { LoopbackServer } from "../support/loopback.js";

export const BASE_PATH = "/api/v1";

export function facadeClient(server: LoopbackServer, options: Partial<AltegioClientOptions> = {}) {
  return createAltegioClient({
    partnerToken: "partner-token",
    userToken: "user-token",
    baseUrl: server.url + BASE_PATH,
    rateLimit: false,
    retry: false,
    ...options,
  });
}

/** The path of a request below the base path, e.g. `/client/1/2`. */
export function apiPath(path: string): string {
  return path.startsWith(BASE_PATH) ? path.slice(BASE_PATH.length) : path;
}

/** Awaits a promise that must reject, and gives the reason. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

/**
 * The codegen's in-memory registry (tags, summaries, deprecation...) of the corrected description
 * the SDK was generated from (generated/openapi.json): what the lean runtime registry leaves out.
 */
export async function codegenOperations() {
  const [{ readFileSync }, { buildRegistry }, { parseDescription }, security, paging] =
    await Promise.all([
      import("node:fs"),
      import("../../scripts/codegen/registry.js"),
      import("../../scripts/codegen/parse.js"),
      import("../../scripts/codegen/security.js"),
      import("../../scripts/codegen/paging.js"),
    ]);
  return buildRegistry(parseDescription(readFileSync("generated/openapi.json")), {
    sha256: "",
    securityLevels: await security.loadSecurityLevels("."),
    pagingOverrides: await paging.loadPagingOverrides("."),
  }).operations;
}
