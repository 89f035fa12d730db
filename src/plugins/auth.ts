/**
 * Plugin: the `Authorization` header of each attempt, following the operation's auth level:
 * `user` (business data): `Bearer <partner>, User <user>`; `partner` and `none`: `Bearer <partner>`
 * (the API wants the partner token even where the description declares no security, `POST /auth`).
 * A raw call to a path the registry lacks sends the user token when there is one. `Accept` is the
 * API's media type, whatever the call's headers say.
 *
 * The headers are set for the attempt only and put back once it settles, so plugins and middleware
 * outside never see them (fetch has copied it by then); a derived Request would cost more.
 */
import { NotSent, type Plugin } from "../core/pipeline.js";
import { isPromiseLike, type Session } from "../core/session.js";

/** What the API asks every call to accept. */
export const ACCEPT = "application/vnd.api.v2+json";

export function authPlugin(partnerToken: string, session: Session): Plugin {
  return (next) => async (request, ctx) => {
    const operation = ctx.operation;
    let userToken: string | undefined;
    if (operation === undefined || operation.auth === "user") {
      // A login is under way: the token held now is stale or about to be replaced (a password
      // change). Not sent: the relogin plugin sends the attempt again with the new one.
      if (operation && session.refreshing) throw new NotSent();
      const stored = session.token();
      userToken = isPromiseLike(stored) ? await stored : stored;
      if (userToken === undefined && operation) {
        userToken = await session.refresh(undefined, operation.context);
      }
    }
    ctx.userToken = userToken;
    const headers = request.headers;
    const before = headers.get("Authorization");
    const beforeAccept = headers.get("Accept");
    headers.set("Accept", ACCEPT);
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
