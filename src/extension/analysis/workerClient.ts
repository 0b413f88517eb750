import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RunEstimate } from '../../core/index.js';
import type { CountRequest, CountResponse, EstimateRequest, ExactNotice, PrepareRequest, PrepareResponse, WireCheck, WorkerMessage, WorkerResponse } from './workerProtocol.js';
import { checkFromWire, type RowsCrossed } from './checkRows.js';

// The host's side of the analysis worker: one worker thread, started on first use, restarted if it
// dies; requests answered in order. A worker that cannot start (a build without its bundle) makes
// `prepare`, `estimate` and `count` return undefined and the caller does the work on the host, as before.

export interface AnalysisWorker {
  prepare(request: Omit<PrepareRequest, 'type' | 'id'>): Promise<Extract<PrepareResponse, { type: 'prepared' }> | undefined>;
  /** The whole-file parse's results that follow provisional answers (workerProtocol.ts). */
  onExact(listener: (notice: ExactNotice) => void): void;
  /** `{ estimate }`: what the worker made of it (undefined: no prompt; `stopped`: a check of newer text stopped it); undefined: the host must estimate. */
  estimate(request: Omit<EstimateRequest, 'type' | 'id'>): Promise<{ estimate: RunEstimate | undefined; stopped: boolean } | undefined>;
  /** Tokens of messages (the token hover); undefined: the host must count. */
  count(request: Omit<CountRequest, 'type' | 'id'>): Promise<Extract<CountResponse, { type: 'counted' }>['count'] | undefined>;
  dispose(): void;
}

/** A request before it gets its id. */
type Request = Omit<PrepareRequest, 'id'> | Omit<EstimateRequest, 'id'> | Omit<CountRequest, 'id'>;

export function createAnalysisWorker(script = path.join(__dirname, 'analysisWorker.cjs')): AnalysisWorker {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, { file: string; resolve: (response: WorkerResponse | undefined) => void }>();
  const exactListeners: ((notice: ExactNotice) => void)[] = [];
  const available = existsSync(script);
  /** Per file, the rows of the last check that came (checkRows.ts); a new worker starts without. */
  const crossed: RowsCrossed = new Map();

  const settleAll = () => {
    for (const { resolve } of pending.values()) resolve(undefined);
    pending.clear();
  };
  /** Stops the worker: what was asked of it is then done on the host, and the next request starts a new one. */
  const stop = () => {
    const w = worker;
    worker = undefined;
    settleAll();
    void w?.terminate();
  };
  /** A check's rows rebuilt from the ones kept; undefined (and a new worker for what follows) if the two sides disagree on them. */
  const decoded = <W extends WireCheck>(message: W, file: string, keep: boolean): Omit<W, 'rows'> | undefined => {
    try {
      return checkFromWire(message, file, crossed, keep);
    } catch {
      stop();
      return undefined;
    }
  };
  const receive = (message: WorkerMessage) => {
    if (message.type === 'exact') {
      const notice = decoded(message, message.file, true);
      if (notice) for (const listener of exactListeners) listener(notice);
      return;
    }
    const request = pending.get(message.id);
    pending.delete(message.id);
    if (!request) return;
    if (message.type !== 'prepared') return request.resolve(message);
    request.resolve(decoded(message, request.file, !message.provisional));
  };
  const start = (): Worker => {
    crossed.clear();
    const w = new Worker(script);
    // The worker must not keep a closing extension host (or a test process) alive.
    w.unref();
    // Only the current worker is heard: one stopped before (stop) was settled then, a message it
    // still had on its way would change rows its successor never sent, and what is pending now was
    // asked of the successor.
    w.on('message', (message: WorkerMessage) => worker === w && receive(message));
    w.on('error', () => worker === w && settleAll());
    w.on('exit', () => {
      if (worker !== w) return;
      worker = undefined;
      settleAll();
    });
    return w;
  };

  const send = async (request: Request): Promise<WorkerResponse | undefined> => {
    if (!available) return undefined;
    worker ??= start();
    const id = nextId++;
    return new Promise<WorkerResponse | undefined>((resolve) => {
      pending.set(id, { file: request.file, resolve });
      worker!.postMessage({ ...request, id });
    });
  };

  return {
    async prepare(request) {
      const response = await send({ ...request, type: 'prepare' });
      return response?.type === 'prepared' ? response : undefined;
    },
    onExact(listener) {
      exactListeners.push(listener);
    },
    async estimate(request) {
      const response = await send({ ...request, type: 'estimate' });
      return response?.type === 'estimated' ? { estimate: response.estimate, stopped: response.stopped === true } : undefined;
    },
    async count(request) {
      const response = await send({ ...request, type: 'count' });
      return response?.type === 'counted' ? response.count : undefined;
    },
    dispose: stop,
  };
}
