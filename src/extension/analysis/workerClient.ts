import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PrepareRequest, PrepareResponse } from './workerProtocol.js';

// The host's side of the analysis worker: one worker thread, started on first use, restarted if it
// dies; requests answered in order. A worker that cannot start (a build without its bundle) makes
// `prepare` return undefined and the caller prepares on the host, as before.

export interface AnalysisWorker {
  prepare(request: Omit<PrepareRequest, 'type' | 'id'>): Promise<Extract<PrepareResponse, { type: 'prepared' }> | undefined>;
  dispose(): void;
}

export function createAnalysisWorker(script = path.join(__dirname, 'analysisWorker.cjs')): AnalysisWorker {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, (response: PrepareResponse | undefined) => void>();
  const available = existsSync(script);

  const settleAll = () => {
    for (const resolve of pending.values()) resolve(undefined);
    pending.clear();
  };
  const start = (): Worker => {
    const w = new Worker(script);
    // The worker must not keep a closing extension host (or a test process) alive.
    w.unref();
    w.on('message', (response: PrepareResponse) => {
      pending.get(response.id)?.(response);
      pending.delete(response.id);
    });
    w.on('error', () => settleAll());
    w.on('exit', () => {
      if (worker === w) worker = undefined;
      settleAll();
    });
    return w;
  };

  return {
    async prepare(request) {
      if (!available) return undefined;
      worker ??= start();
      const id = nextId++;
      const response = await new Promise<PrepareResponse | undefined>((resolve) => {
        pending.set(id, resolve);
        worker!.postMessage({ ...request, type: 'prepare', id } satisfies PrepareRequest);
      });
      return response?.type === 'prepared' ? response : undefined;
    },
    dispose() {
      const w = worker;
      worker = undefined;
      settleAll();
      void w?.terminate();
    },
  };
}
