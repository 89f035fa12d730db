/**
 * One `abort` listener per signal, however many calls wait on it.
 *
 * A caller often shares one AbortSignal across many calls (a shutdown signal over a batch of
 * thousands). One listener per call would trip Node's MaxListenersExceededWarning after a few
 * hundred and make every add/remove O(n). Here each signal gets a single listener that fans out
 * to the callbacks registered for it.
 */

interface Subscriber {
  callback: (() => void) | undefined;
}

const subscribers = new WeakMap<AbortSignal, Set<Subscriber>>();

/** setTimeout treats a longer delay as 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Calls `callback` once when `signal` aborts; returns a function that unsubscribes. */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let set = subscribers.get(signal);
  if (!set) {
    const created = new Set<Subscriber>();
    set = created;
    subscribers.set(signal, created);
    signal.addEventListener(
      "abort",
      () => {
        subscribers.delete(signal);
        for (const subscriber of created) fire(subscriber);
      },
      { once: true },
    );
  }
  // An object rather than a wrapping closure: builds that keep function names would name a
  // closure held in a variable on every call.
  const subscriber: Subscriber = { callback };
  set.add(subscriber);
  const subscribed = set;
  return () => {
    subscriber.callback = undefined;
    subscribed.delete(subscriber);
  };
}

function fire(subscriber: Subscriber): void {
  const callback = subscriber.callback;
  subscriber.callback = undefined;
  callback?.();
}

/**
 * `promise`, or the signal's reason once `signal` fires first: a wait the caller can end (for a
 * login shared with other calls, which goes on for them).
 */
export function untilAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  reason: () => unknown,
): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(reason());
  return new Promise<T>((resolve, reject) => {
    const unlisten = onAbort(signal, () => reject(reason()));
    promise.then(
      (value) => {
        unlisten();
        resolve(value);
      },
      (error: unknown) => {
        unlisten();
        reject(error);
      },
    );
  });
}
