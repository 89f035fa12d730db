/**
 * Plugin, just inside the rate limiter: the user token an attempt will carry (`ctx.userToken`,
 * which the auth plugin puts in the header). An attempt of a user-level call is held back
 * (`NotSent`: the limiter gives its slot back uncounted, the relogin plugin sends it again) when
 * a login is under way — the token it would carry is stale or about to be replaced — or when
 * there is no token at all: never does a call wait for a login while holding a rate-limit slot
 * the login needs. Logging and your plugins, further in, see only attempts that are sent.
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
