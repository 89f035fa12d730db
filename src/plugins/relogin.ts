/**
 * Plugin: a user-level call gets a user token (logging in from the credentials source if there is
 * none yet), and after a 401 the client logs in again once and replays the call once. A failing
 * login or a second 401 ends in an error, never a loop.
 */
import { errorOfResponse } from "../core/envelope.js";
import { AuthenticationError, TokenInvalidatedError } from "../core/errors.js";
import { nextAttempt, type Plugin } from "../core/pipeline.js";
import { isPromiseLike, type Session } from "../core/session.js";

export function reloginPlugin(session: Session, redact: (text: string) => string): Plugin {
  return (next) => async (request, ctx) => {
    const operation = ctx.operation;
    if (operation?.auth !== "user") return next(request, ctx);
    const context = operation.context;
    const stored = session.token();
    const fresh = (isPromiseLike(stored) ? await stored : stored) === undefined;
    if (fresh) await session.refresh(undefined, context);

    // Only a client that can log in again may replay: only then is the body kept sendable.
    const first = await next(session.canLogin ? nextAttempt(request, ctx) : request, ctx);
    if (first.status !== 401) return first;
    const rejected = await errorOfResponse(first, context, redact);
    const stale = ctx.userToken;
    const init = { ...context, status: 401, fieldErrors: rejected.fieldErrors, cause: rejected };
    if (!session.canLogin) {
      throw new TokenInvalidatedError({
        ...init,
        message:
          `The API rejected the user token (401: ${rejected.message}). It was invalidated, for ` +
          "example because the user changed the password. Pass `credentials` ({ login, password } " +
          "or an async provider) to createAltegioClient to log in again automatically, or call " +
          "client.login(login, password) and retry.",
      });
    }
    if (fresh) {
      throw new AuthenticationError({
        ...init,
        message: `The API rejected a user token obtained by logging in just now (401: ${rejected.message}); not logging in again.`,
      });
    }
    await session.refresh(stale, context);
    const second = await next(nextAttempt(request, ctx), ctx);
    if (second.status !== 401) return second;
    const again = await errorOfResponse(second, context, redact);
    throw new AuthenticationError({
      ...init,
      fieldErrors: again.fieldErrors,
      cause: again,
      message: `The API rejected the user token again after logging in anew (401: ${again.message}); not retrying.`,
    });
  };
}
