// Long synchronous work, run so that the event loop is never held for long: the work is a generator
// that yields at safe points; it is advanced for up to `sliceMs`, then the event loop gets a turn
// (setImmediate: timers, I/O and the extension host's messages go first), and so on. One TimeSlices
// can be shared by many pieces of work – counting 1,000 short rows yields as rarely as counting one
// long text – and an AbortSignal stops the work at the next safe point.

export interface SliceOptions {
  signal?: AbortSignal;
  /** Longest stretch of work between two turns of the event loop. */
  sliceMs?: number;
}

export interface TimeSlices {
  /** Runs `steps` to the end, pausing whenever the current slice is used up; throws the signal's reason once aborted. */
  run<T>(steps: Generator<void, T, void>): Promise<T>;
}

/** 10 ms of work, then a turn of the event loop: well under the 50 ms a user notices. */
export const DEFAULT_SLICE_MS = 10;

export function timeSlices(options: SliceOptions = {}): TimeSlices {
  const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
  const signal = options.signal;
  let sliceStart = performance.now();
  return {
    async run(steps) {
      for (;;) {
        signal?.throwIfAborted();
        const step = steps.next();
        if (step.done) return step.value;
        if (performance.now() - sliceStart < sliceMs) continue;
        await nextTurn();
        sliceStart = performance.now();
      }
    },
  };
}

/** Runs `steps` to the end at once. */
export function runNow<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
