// A signal for one request that follows the run's signal and lets go of it afterwards.
//
// Why: the openai SDK joins the caller's signal to its own with AbortSignal.any, and Node keeps
// every signal so joined to a long-lived one (a WeakRef and a finalizer cell each) until that one
// is collected. Given the run's signal directly, a run of 100,000 requests kept ~15 MB of them and
// grew without bound; given a signal that lives as long as the request, nothing accumulates.

export interface RequestSignal {
  signal?: AbortSignal;
  /** Stops following the run's signal; call when the request is over. */
  release(): void;
}

export function requestSignal(run?: AbortSignal): RequestSignal {
  if (!run) return { release: () => {} };
  const controller = new AbortController();
  if (run.aborted) {
    controller.abort(run.reason);
    return { signal: controller.signal, release: () => {} };
  }
  const abort = () => controller.abort(run.reason);
  run.addEventListener('abort', abort, { once: true });
  return { signal: controller.signal, release: () => run.removeEventListener('abort', abort) };
}
