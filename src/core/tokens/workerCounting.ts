import { Worker } from 'node:worker_threads';
import type { BatchCount, Counting } from './counting.js';
import { flatten, unflatten, type CountReply, type CountRequest } from './countRequest.js';

// Counting on a worker thread (countWorker.ts), so that a large estimate reads and parses rows on
// one core while the other counts them. The worker starts on first use and is held only while
// something is being counted (unref'd in between, so it never keeps a process alive). Should it
// fail to start, fail to count, or stop halfway, what it had not answered – and everything after –
// is counted by `fallback`, on this thread: an estimate is never lost to the worker.

/**
 * Batches sent ahead of the answers: enough that reading goes on while the worker loads its
 * encoding (~0.5 s, a few thousand rows), few enough to hold little (256 conversations each).
 */
const IN_FLIGHT = 64;

/**
 * The worker's heap: the encoding's tables take ~25 MB, counting a few more. Left to grow as it
 * likes, the second heap would cost a million-row estimate ~25 MB of peak RSS; a text so large that
 * counting it needs more (tens of MB in one cell) stops the worker, and this thread counts instead.
 */
const WORKER_HEAP_MB = 48;

interface Waiting {
  request: CountRequest;
  resolve: (count: BatchCount) => void;
  reject: (error: unknown) => void;
}

export function workerCounting(script: string | URL, fallback: Counting): Counting {
  let worker: Worker | undefined;
  let failed = false;
  let nextId = 0;
  const waiting = new Map<number, Waiting>();

  const countHere = async (request: CountRequest): Promise<BatchCount> => {
    if (!request.sizes) return { total: await fallback.text(request.encoding, request.texts[0]), max: 0 };
    return fallback.conversations(request.encoding, unflatten(request));
  };
  const hereInstead = (w: Waiting): Promise<void> => countHere(w.request).then(w.resolve, w.reject);

  const giveUp = () => {
    failed = true;
    worker = undefined;
    const unanswered = [...waiting.values()];
    waiting.clear();
    for (const w of unanswered) void hereInstead(w);
  };

  const start = (): Worker | undefined => {
    if (worker || failed) return worker;
    try {
      worker = new Worker(script, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    } catch {
      failed = true;
      return undefined;
    }
    worker.unref();
    worker.on('message', (reply: CountReply) => {
      const w = waiting.get(reply.id);
      if (!w) return;
      waiting.delete(reply.id);
      if (!waiting.size) worker?.unref();
      if ('error' in reply) void hereInstead(w);
      else w.resolve({ total: reply.total, max: reply.max });
    });
    worker.on('error', giveUp);
    worker.on('exit', giveUp);
    return worker;
  };

  const ask = (request: CountRequest): Promise<BatchCount> => {
    const thread = start();
    if (!thread) return countHere(request);
    return new Promise((resolve, reject) => {
      waiting.set(request.id, { request, resolve, reject });
      thread.ref();
      thread.postMessage(request);
    });
  };

  return {
    inFlight: IN_FLIGHT,
    conversations: (encoding, batch) => ask({ id: nextId++, encoding, ...flatten(batch) }),
    text: async (encoding, text) => (await ask({ id: nextId++, encoding, texts: [text] })).total,
    close() {
      const thread = worker;
      worker = undefined;
      failed = true;
      thread?.removeAllListeners('exit');
      void thread?.terminate();
      fallback.close();
    },
  };
}
