import { parentPort } from 'node:worker_threads';
import { countRequest, type CountReply, type CountRequest } from './countRequest.js';
import { loadEncoder } from './tokenizer.js';

// The worker thread of workerCounting.ts: counts what it is sent, one request after another, and
// answers each by its id. It holds the encodings' tables (~70 MB of RSS each, ~25 MB of it heap),
// so the thread that reads the rows need not load them.

/** Every answer is a CountReply, the one type workerCounting.ts reads. */
const reply = (message: CountReply) => parentPort?.postMessage(message);

parentPort?.on('message', (request: CountRequest) => {
  loadEncoder(request.encoding).then(
    (encoder) => reply(countRequest(request, encoder)),
    (error: unknown) => reply({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
