/** What the plugins share: timers, waits, cancellation, option checks, how a call is named. */
import { abortReason, InvalidArgumentError, type ErrorContext } from "./errors.js";

/** setTimeout treats a longer delay as 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Validates a count or duration option (`name`: the option, for the error). */
export function checkNonNegative(name: string, value: number, { integer = false } = {}): number {
  if (typeof value !== "number" || !(value >= 0) || (integer && !Number.isInteger(value))) {
    const kind = integer ? "an integer" : "a number";
    throw new InvalidArgumentError(name, `${name} must be ${kind} >= 0; got ${String(value)}.`);
  }
  return value;
}

// One `abort` listener per signal, fanned out: a signal shared by thousands of calls would
// otherwise trip MaxListenersExceededWarning and make every add/remove O(n).
const subscribers = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `callback` once when `signal` aborts; returns a function that unsubscribes. */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let callbacks = subscribers.get(signal);
  if (!callbacks) {
    const created = (callbacks = new Set());
    subscribers.set(signal, created);
    const fire = () => {
      subscribers.delete(signal);
      for (const fn of created) fn(); // one unsubscribed meanwhile is skipped
    };
    signal.addEventListener("abort", fire, { once: true });
  }
  const subscribed = callbacks.add(callback);
  return () => subscribed.delete(callback);
}

/** `promise`, or the signal's SDK error once it fires first (ends a wait, not the work). */
export function untilAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  context: ErrorContext,
): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(abortReason(signal, context));
    if (signal.aborted) abort();
    const unlisten = signal.aborted ? undefined : onAbort(signal, abort);
    // Observed even when abandoned: a rejection then is not an unhandled one.
    promise.finally(() => unlisten?.()).then(resolve, reject);
  });
}

/** A call as messages name it: `operationId (METHOD path)`. */
export function describeCall({ operationId, method = "", path = "" }: ErrorContext): string {
  const where = `${method} ${path}`.trim();
  return operationId ? `${operationId} (${where})` : where;
}
