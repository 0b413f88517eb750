// File-change events come in bursts (an editor's save is a truncate and a write, or a temp file and
// a rename): collect them until `quietMs` pass without one, then hand them over as one batch.

export interface ChangeQueue {
  add(file: string): void;
  /** The next batch; [] when `signal` aborts first. */
  next(signal: AbortSignal): Promise<string[]>;
  dispose(): void;
}

export function createChangeQueue(quietMs: number): ChangeQueue {
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let settled = false;
  let deliver: (() => void) | undefined;
  const flush = () => {
    timer = undefined;
    settled = true;
    deliver?.();
  };
  return {
    add(file) {
      pending.add(file);
      settled = false;
      if (timer) clearTimeout(timer);
      timer = setTimeout(flush, quietMs);
    },
    next(signal) {
      return new Promise<string[]>((resolve) => {
        const take = () => {
          signal.removeEventListener('abort', onAbort);
          deliver = undefined;
          settled = false;
          const batch = [...pending];
          pending = new Set();
          resolve(batch);
        };
        const onAbort = () => {
          deliver = undefined;
          resolve([]);
        };
        if (signal.aborted) return resolve([]);
        signal.addEventListener('abort', onAbort, { once: true });
        // Changes that came in while the last batch ran are handed over as soon as they settle.
        if (settled && pending.size) take();
        else deliver = take;
      });
    },
    dispose() {
      if (timer) clearTimeout(timer);
    },
  };
}
