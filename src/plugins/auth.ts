/**
 * Plugin: the headers every call carries. `Accept: application/vnd.api.v2+json`, and an
 * `Authorization` header that follows the operation's security in the registry:
 * - `user` (business data): `Bearer <partner>, User <user>`;
 * - `partner`: `Bearer <partner>`;
 * - `none`: `Bearer <partner>` too — the API wants the partner token even where the description
 *   declares no security (`POST /auth`).
 * A raw call to a path the registry lacks sends the user token when there is one.
 *
 * The headers are set on the request for the attempt only and put back as they were once it
 * settles, so plugins outside this one never see them (fetch has copied them by then). Setting
 * them on a derived Request instead would cost one more Request construction per attempt.
 */
import type { Plugin } from "./pipeline.js";
import { isPromiseLike, operationContext, type Session } from "./session.js";

export const ACCEPT = "application/vnd.api.v2+json";

export function authPlugin(partnerToken: string, session: Session): Plugin {
  return (next) => async (request, ctx) => {
    const operation = ctx.operation;
    let userToken: string | undefined;
    if (operation?.auth === "user" || operation === undefined) {
      const stored = session.storedToken();
      userToken = isPromiseLike(stored) ? await stored : stored;
      // Normally the relogin plugin has made sure of a token; this covers other compositions.
      if (userToken === undefined && operation !== undefined) {
        userToken = (await session.ensureToken(operationContext(operation))).token;
      }
    }

    const headers = request.headers;
    const accept = headers.get("Accept");
    const authorization = headers.get("Authorization");
    headers.set("Accept", ACCEPT);
    if (userToken !== undefined) {
      session.recordTokenUse(ctx, userToken);
      headers.set("Authorization", `Bearer ${partnerToken}, User ${userToken}`);
    } else {
      headers.set("Authorization", `Bearer ${partnerToken}`);
    }
    try {
      return await next(request, ctx);
    } finally {
      restore(headers, "Accept", accept);
      restore(headers, "Authorization", authorization);
    }
  };
}

function restore(headers: Headers, name: string, value: string | null): void {
  if (value === null) headers.delete(name);
  else headers.set(name, value);
}
