/**
 * Plugin: the headers of each attempt. `Authorization` follows the operation's auth level: with a
 * user token (`ctx.userToken`, chosen by the user-token plugin) `Bearer <partner>, User <user>`,
 * else `Bearer <partner>` (the API wants the partner token even where the description declares no
 * security, `POST /auth`). `Accept` is the API's media type whatever the call's headers say, plus
 * `application/pdf` for an operation whose answer is a file.
 *
 * Set for the attempt only and put back once it settles, so plugins and middleware outside never
 * see them (fetch has copied them by then); a derived Request would cost more.
 */
import type { Plugin } from "../core/pipeline.js";

/** What the API asks every call to accept. */
export const ACCEPT = "application/vnd.api.v2+json";

export function authPlugin(partnerToken: string): Plugin {
  return (next) => async (request, ctx) => {
    const userToken = ctx.userToken;
    const headers = request.headers;
    const before = headers.get("Authorization");
    const beforeAccept = headers.get("Accept");
    headers.set(
      "Accept",
      ctx.operation?.response === "binary" ? `${ACCEPT}, application/pdf` : ACCEPT,
    );
    headers.set(
      "Authorization",
      userToken === undefined
        ? `Bearer ${partnerToken}`
        : `Bearer ${partnerToken}, User ${userToken}`,
    );
    try {
      return await next(request, ctx);
    } finally {
      if (before === null) headers.delete("Authorization");
      else headers.set("Authorization", before);
      if (beforeAccept === null) headers.delete("Accept");
      else headers.set("Accept", beforeAccept);
    }
  };
}
