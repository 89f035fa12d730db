// Each attempt's `Authorization` (the partner token always, plus `User <token>` when there is one)
// and `Accept`, set for the attempt only and put back once it settles (fetch has copied them), so
// nothing outside sees them; a derived Request would cost more.
import type { Plugin } from "../core/pipeline.js";

/** What the API asks every call to accept. */
export const ACCEPT = "application/vnd.api.v2+json";

export function authPlugin(partnerToken: string): Plugin {
  return (next) => async (request, ctx) => {
    const headers = request.headers;
    const authorization = headers.get("Authorization");
    const accept = headers.get("Accept");
    const user = ctx.userToken === undefined ? "" : `, User ${ctx.userToken}`;
    headers.set("Authorization", `Bearer ${partnerToken}${user}`);
    headers.set(
      "Accept",
      ctx.operation?.response === "binary" ? `${ACCEPT}, application/pdf` : ACCEPT,
    );
    try {
      return await next(request, ctx);
    } finally {
      restore(headers, "Authorization", authorization);
      restore(headers, "Accept", accept);
    }
  };
}

function restore(headers: Headers, name: string, value: string | null): void {
  if (value === null) headers.delete(name);
  else headers.set(name, value);
}
