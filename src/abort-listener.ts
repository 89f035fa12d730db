/**
 * One `abort` listener per signal, however many calls wait on it.
 *
 * A caller often shares one AbortSignal across many calls (a shutdown signal over a batch of
 * thousands). One listener per call would trip Node's MaxListenersExceededWarning after a few
 * hundred and make every add/remove O(n). Here each signal gets a single listener that fans out
 * to the callbacks registered for it.
 */

const subscribers = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `callback` once when `signal` aborts; returns a function that unsubscribes. */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let callbacks = subscribers.get(signal);
  if (!callbacks) {
    const set = new Set<() => void>();
    callbacks = set;
    subscribers.set(signal, set);
    signal.addEventListener(
      "abort",
      () => {
        subscribers.delete(signal);
        for (const fn of set) fn();
      },
      { once: true },
    );
  }
  const set = callbacks;
  let active = true;
  const wrapped = () => {
    if (!active) return;
    active = false;
    callback();
  };
  set.add(wrapped);
  return () => {
    active = false;
    set.delete(wrapped);
  };
}
