/**
 * Plugin: a user-level call gets a user token (logging in from the credentials source if there is
 * none yet), and after a 401 the client logs in again once and replays the call once. A failing
 * login or a second 401 ends in an error, never a loop.
 *
 * Under load (a password change while calls wait in the rate limiter): the first 401 starts the
 * login at once; no attempt goes out with the stale token meanwhile (the auth plugin sends none
 * while a login runs, and gives its rate-limit slot back), so the login is next through the
 * limiter and the waiting calls follow it with the new token.
 */
import { errorOfResponse } from "../core/envelope.js";
import {
  AltegioError,
  AuthenticationError,
  TokenInvalidatedError,
  type ErrorContext,
} from "../core/errors.js";
import {
  nextAttempt,
  NotSent,
  type Plugin,
  type RequestContext,
  type Send,
} from "../core/pipeline.js";
import { isPromiseLike, type Session } from "../core/session.js";

export function reloginPlugin(session: Session, redact: (text: string) => string): Plugin {
  return (next) => async (request, ctx) => {
    const operation = ctx.operation;
    if (operation?.auth !== "user") return next(request, ctx);
    const context = operation.context;
    const login = (stale: string | undefined) =>
      session.refresh(stale, context).catch((error: unknown) => {
        throw forCall(error, context);
      });
    const stored = session.token();
    const fresh = (isPromiseLike(stored) ? await stored : stored) === undefined;
    if (fresh) await login(undefined);

    // Only a client that can log in again may replay: only then is the body kept sendable.
    const send = (): Promise<Response> =>
      attempt(next, session.canLogin ? nextAttempt(request, ctx) : request, ctx, session);
    const first = await send();
    if (first.status !== 401) return first;
    const stale = ctx.userToken;
    // Started before the answer is even read: from now on no waiting call sends the stale token.
    const relogin = session.canLogin && !fresh ? login(stale) : undefined;
    relogin?.catch(() => undefined); // awaited below; this only keeps it from being unhandled
    const rejected = await errorOfResponse(first, context, redact);
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
    await relogin;
    const second = await send();
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

/** One attempt; one the auth plugin held back during a login goes out once the login is over. */
async function attempt(
  next: Send,
  request: Request,
  ctx: RequestContext,
  session: Session,
): Promise<Response> {
  for (;;) {
    const login = session.settled();
    if (login) await login;
    try {
      return await next(request, ctx);
    } catch (error) {
      if (!(error instanceof NotSent)) throw error;
    }
  }
}

/**
 * A failed automatic login, as the error of the call that needed it: the same class and details,
 * named after the user's call, with the login's own error as `cause`.
 */
function forCall(error: unknown, context: ErrorContext): unknown {
  if (!(error instanceof AltegioError) || error.operationId === context.operationId) return error;
  const copy = Object.create(Object.getPrototypeOf(error) as object) as AltegioError;
  Object.assign(copy, error, {
    operationId: context.operationId,
    method: context.method,
    path: context.path,
  });
  for (const key of ["response", "bodyText", "stack"] as const) {
    const value: unknown = (error as unknown as Record<string, unknown>)[key];
    Object.defineProperty(copy, key, { value, enumerable: false, writable: true });
  }
  Object.defineProperty(copy, "message", {
    value: `Logging in for ${context.operationId} failed: ${error.message}`,
    enumerable: false,
    writable: true,
  });
  Object.defineProperty(copy, "cause", { value: error, enumerable: false, writable: true });
  return copy;
}
