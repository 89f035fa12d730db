/**
 * A user-level call gets a user token (logging in from the credentials if there is none); after a
 * 401 the client logs in again once and replays the call once, never looping. While a login runs
 * the user-token plugin holds attempts back (`NotSent`); a wait for it ends with the call's signal.
 */
import { untilAborted } from "../core/abort.js";
import { errorOfResponse } from "../core/envelope.js";
import {
  AltegioError,
  AuthenticationError,
  ConfigurationError,
  TokenInvalidatedError,
  type ErrorContext,
} from "../core/errors.js";
import { nextAttempt, NotSent, type Plugin } from "../core/pipeline.js";
import type { Session } from "../core/session.js";

export function reloginPlugin(session: Session, redact: (text: string) => string): Plugin {
  return (next) => async (request, ctx) => {
    const operation = ctx.operation;
    if (operation?.auth !== "user") return next(request, ctx);
    const context = operation.context;
    const wait = <T>(promise: Promise<T>) => untilAborted(promise, ctx.signal, context);
    const login = (stale: string | undefined) =>
      wait(
        session.refresh(stale, context).catch((error: unknown) => {
          throw forCall(error, context);
        }),
      );
    const refused = async (
      response: Response,
      who: string,
      then: string,
      Class = AuthenticationError,
    ) => {
      const cause = await errorOfResponse(response, context, redact);
      const { fieldErrors, bodyText } = cause;
      const message = `The API rejected ${who} (401: ${cause.message})${then}`;
      return new Class({
        ...context,
        status: 401,
        fieldErrors,
        response: cause.response,
        bodyText,
        cause,
        message,
      });
    };

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
            const message = "The token store gave no user token right after a login stored one.";
            throw new ConfigurationError(message, context);
          }
          loggedIn = true;
          await login(undefined);
        }
      }
    };
    const first = await send();
    if (first.status !== 401) return first;
    if (!session.canLogin) {
      const then =
        ". It was invalidated, for example because the user changed the password. Pass " +
        "`credentials` ({ login, password } or an async provider) to createAltegioClient to log " +
        "in again automatically, or call client.login(login, password) and retry.";
      throw await refused(first, "the user token", then, TokenInvalidatedError);
    }
    if (loggedIn) {
      const who = "a user token obtained by logging in just now";
      throw await refused(first, who, "; not logging in again.");
    }
    await login(ctx.userToken); // from now on no waiting call sends the stale token
    const second = await send();
    if (second.status !== 401) return second;
    throw await refused(second, "the user token again after logging in anew", "; not retrying.");
  };
}

/** A failed automatic login as the error of the call that needed it (the login's as `cause`). */
function forCall(error: unknown, context: ErrorContext): unknown {
  if (!(error instanceof AltegioError) || error.operationId === context.operationId) return error;
  const { operationId, method, path } = context;
  const copy = Object.create(Object.getPrototypeOf(error) as object) as AltegioError;
  Object.assign(copy, error, { operationId, method, path });
  const { response, bodyText } = error as { response?: unknown; bodyText?: unknown };
  const message = `Logging in for ${operationId} failed: ${error.message}`;
  const hidden = { response, bodyText, stack: error.stack, message, cause: error };
  for (const [key, value] of Object.entries(hidden)) {
    Object.defineProperty(copy, key, { value, enumerable: false, writable: true });
  }
  return copy;
}
