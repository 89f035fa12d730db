/**
 * Just inside the rate limiter: the user token an attempt carries (`ctx.userToken`). A user-level
 * attempt is held back (`NotSent`: its slot is given back, relogin sends it again) while a login
 * runs or when there is no token, so no call waits for a login holding a slot the login needs.
 */
import { NotSent, type Plugin } from "../core/pipeline.js";
import { isPromiseLike, type Session } from "../core/session.js";

export function userTokenPlugin(session: Session): Plugin {
  return (next) => async (request, ctx) => {
    const operation = ctx.operation;
    if (operation !== undefined && operation.auth !== "user") {
      ctx.userToken = undefined;
      return next(request, ctx);
    }
    if (operation && session.refreshing) throw new NotSent("login under way");
    const stored = session.token();
    const token = isPromiseLike(stored) ? await stored : stored;
    // A login may have started while an async store answered.
    if (operation && (token === undefined || session.refreshing)) {
      throw new NotSent(token === undefined ? "no user token" : "login under way");
    }
    ctx.userToken = token; // a raw call off the registry sends one when there is one
    return next(request, ctx);
  };
}
