/**
 * Counts the ref'd timers created while tracking is on and still pending: the ones that would keep
 * a script alive after its calls are done ("no timers left behind").
 */
export interface TimerTracker {
  /** Pending ref'd timers created since `trackTimers()`. */
  live(): number;
  stop(): void;
}

export function trackTimers(): TimerTracker {
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  const pending = new Set<NodeJS.Timeout>();
  const patchedSet = ((fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const handle: NodeJS.Timeout = realSet(
      (...a: unknown[]) => {
        pending.delete(handle);
        fn(...a);
      },
      ms,
      ...args,
    );
    pending.add(handle);
    return handle;
  }) as typeof setTimeout;
  globalThis.setTimeout = patchedSet;
  globalThis.clearTimeout = ((handle: NodeJS.Timeout | undefined) => {
    if (handle) pending.delete(handle);
    realClear(handle);
  }) as typeof clearTimeout;
  return {
    live: () => [...pending].filter((h) => h.hasRef()).length,
    stop() {
      globalThis.setTimeout = realSet;
      globalThis.clearTimeout = realClear;
    },
  };
}
