import { parentPort } from 'node:worker_threads';
import { countRequest, type CountRequest } from './countRequest.js';
import { loadEncoder } from './tokenizer.js';

// The worker thread of workerCounting.ts: counts what it is sent, one request after another, and
// answers each by its id. It holds the encodings' tables (~70 MB each), so the thread that reads
// the rows need not load them.

parentPort?.on('message', (request: CountRequest) => {
  loadEncoder(request.encoding).then(
    (encoder) => parentPort?.postMessage(countRequest(request, encoder)),
    (error: unknown) => parentPort?.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
