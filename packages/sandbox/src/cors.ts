/**
 * The sandbox's opt-in CORS mode, for developing a browser app against it: a page served from
 * another origin (a dev server on another port) may call the API and the control API. Off by
 * default, as the real API is meant to be called from servers. See docs/sandbox.md.
 */
import type { IncomingMessage } from "node:http";

/** `true`: any origin (answers `*`); a list: those origins only (`http://localhost:5173`). */
export type CorsOption = boolean | readonly string[];

const METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";

/**
 * The headers a response to `req` gets, or `undefined` (CORS off, no `Origin`, or an origin not
 * on the list). Authorization is not a wildcard-able header, so a preflight gets back exactly the
 * headers it asked for.
 */
export function corsHeaders(
  option: CorsOption | undefined,
  req: IncomingMessage,
): Record<string, string> | undefined {
  const origin = req.headers.origin;
  if (!option || origin === undefined) return undefined;
  if (option !== true && !option.includes(origin)) return undefined;
  const headers: Record<string, string> = {
    "access-control-allow-origin": option === true ? "*" : origin,
    "access-control-expose-headers": "*",
  };
  if (option !== true) headers["vary"] = "Origin";
  if (isPreflight(req)) {
    headers["access-control-allow-methods"] = METHODS;
    const asked = req.headers["access-control-request-headers"];
    if (asked) headers["access-control-allow-headers"] = asked;
    headers["access-control-max-age"] = "600";
  }
  return headers;
}

export function isPreflight(req: IncomingMessage): boolean {
  return req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined;
}
