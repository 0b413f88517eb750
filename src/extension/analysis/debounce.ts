// Timing helpers for work that follows typing: analysis waits until the user pauses (per file),
// progress events are thinned to a few a second. Timers are injectable so tests run without waiting.

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface KeyedDebouncer<K> {
  /** (Re)starts the key's timer; `run(key)` fires once the key has been quiet for the delay. */
  schedule(key: K, delayMs?: number): void;
  cancel(key: K): void;
  pending(key: K): boolean;
  dispose(): void;
}

export function keyedDebouncer<K>(delayMs: number, run: (key: K) => void, timers: Timers = realTimers): KeyedDebouncer<K> {
  const handles = new Map<K, unknown>();
  const cancel = (key: K) => {
    if (!handles.has(key)) return;
    timers.clearTimeout(handles.get(key));
    handles.delete(key);
  };
  return {
    schedule(key, delay = delayMs) {
      cancel(key);
      handles.set(
        key,
        timers.setTimeout(() => {
          handles.delete(key);
          run(key);
        }, delay),
      );
    },
    cancel,
    pending: (key) => handles.has(key),
    dispose() {
      for (const key of [...handles.keys()]) cancel(key);
    },
  };
}

export interface Throttled<A extends unknown[]> {
  (...args: A): void;
  /** Runs a pending trailing call now. */
  flush(): void;
  cancel(): void;
}

export interface ThrottleOptions {
  /**
   * The interval also stretches to this many times the last call's duration: work that grows with
   * a run (every result's row marks, Problems) then keeps to a share of the thread (10: a tenth).
   */
  costFactor?: number;
  timers?: Timers;
  now?: () => number;
}

/** Calls at once, then at most once per interval with the latest arguments; the last call always lands. */
export function throttle<A extends unknown[]>(fn: (...args: A) => void, intervalMs: number, options: ThrottleOptions = {}): Throttled<A> {
  const { costFactor = 0, timers = realTimers, now = Date.now } = options;
  let last = -Infinity;
  let cost = 0;
  let pendingArgs: A | undefined;
  let handle: unknown;
  const fire = () => {
    handle = undefined;
    if (!pendingArgs) return;
    const args = pendingArgs;
    pendingArgs = undefined;
    last = now();
    fn(...args);
    cost = now() - last;
  };
  const throttled = ((...args: A) => {
    pendingArgs = args;
    const wait = last + Math.max(intervalMs, cost * costFactor) - now();
    if (wait <= 0 && handle === undefined) return fire();
    if (handle === undefined) handle = timers.setTimeout(fire, Math.max(0, wait));
  }) as Throttled<A>;
  throttled.flush = () => {
    if (handle !== undefined) timers.clearTimeout(handle);
    fire();
  };
  throttled.cancel = () => {
    if (handle !== undefined) timers.clearTimeout(handle);
    handle = undefined;
    pendingArgs = undefined;
  };
  return throttled;
}
