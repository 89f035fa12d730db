/**
 * Plugin: a user-level call gets a user token (logging in from the credentials source if there is
 * none), and after a 401 the client logs in again once and replays the call once. A failing login
 * or a second 401 ends in an error, never a loop.
 *
 * Under load (a password change while calls wait in the rate limiter): the first 401 starts the
 * login at once, and the user-token plugin holds back every attempt while it runs (giving the
 * rate-limit slot back), so the login is next through the limiter and the waiting calls follow
 * with the new token. Waiting for a login ends with the call's signal or total timeout.
 */
import { untilAborted } from "../core/abort.js";
import { errorOfResponse } from "../core/envelope.js";
import {
  abortReason,
  AltegioError,
  AuthenticationError,
  ConfigurationError,
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
import type { Session } from "../core/session.js";

export function reloginPlugin(session: Session, redact: (text: string) => string): Plugin {
  return (next) => async (request, ctx) => {
    const operation = ctx.operation;
    if (operation?.auth !== "user") return next(request, ctx);
    const context = operation.context;
    const wait = <T>(promise: Promise<T>) =>
      untilAborted(promise, ctx.signal, () => abortReason(ctx.signal!, context));
    const login = (stale: string | undefined) =>
      session.refresh(stale, context).catch((error: unknown) => {
        throw forCall(error, context);
      });

    // Only a client that can log in again may replay: only then is the body kept sendable.
    let loggedIn = false;
    const send = async (): Promise<Response> => {
      const sent = session.canLogin ? nextAttempt(request, ctx) : request;
      for (;;) {
        const settled = session.settled();
        if (settled) await wait(settled);
        try {
          return await next(sent, ctx);
        } catch (error) {
          if (!(error instanceof NotSent)) throw error;
          if (error.reason !== "no user token") continue; // a login ran: send with its token
          if (loggedIn) {
            throw new ConfigurationError(
              "The token store gave no user token right after a login stored one.",
              context,
            );
          }
          loggedIn = true;
          await wait(login(undefined));
        }
      }
    };
    const first = await send();
    if (first.status !== 401) return first;
    const stale = ctx.userToken;
    // Started before the answer is even read: from now on no waiting call sends the stale token.
    const relogin = session.canLogin && !loggedIn ? login(stale) : undefined;
    relogin?.catch(() => undefined); // awaited below; this only keeps it from being unhandled
    const rejected = await errorOfResponse(first, context, redact);
    const init = {
      ...context,
      status: 401,
      fieldErrors: rejected.fieldErrors,
      response: rejected.response,
      bodyText: rejected.bodyText,
      cause: rejected,
    };
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
    if (loggedIn) {
      throw new AuthenticationError({
        ...init,
        message: `The API rejected a user token obtained by logging in just now (401: ${rejected.message}); not logging in again.`,
      });
    }
    await wait(relogin!);
    const second = await send();
    if (second.status !== 401) return second;
    const again = await errorOfResponse(second, context, redact);
    throw new AuthenticationError({
      ...init,
      fieldErrors: again.fieldErrors,
      response: again.response,
      bodyText: again.bodyText,
      cause: again,
      message: `The API rejected the user token again after logging in anew (401: ${again.message}); not retrying.`,
    });
  };
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
  const hidden = (value: unknown) => ({ value, enumerable: false, writable: true });
  for (const key of ["response", "bodyText", "stack"] as const) {
    Object.defineProperty(copy, key, hidden((error as unknown as Record<string, unknown>)[key]));
  }
  Object.defineProperty(
    copy,
    "message",
    hidden(`Logging in for ${context.operationId} failed: ${error.message}`),
  );
  Object.defineProperty(copy, "cause", hidden(error));
  return copy;
}
