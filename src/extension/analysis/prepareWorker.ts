import { readlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { preparePrompt, preparePromptText } from '../../core/index.js';
import { LANDMARKS, type PrepareRequest, type PrepareResponse } from './workerProtocol.js';

// The analysis worker: parses, loads and checks a prompt file on its own thread, so a large inline
// testData (a YAML parse of a megabyte takes most of a second) never holds the extension host.
// No `vscode` here: the host sends the editor's unsaved text along with each request.

async function prepare(request: PrepareRequest): Promise<PrepareResponse> {
  const read = async (file: string) => request.unsaved[file] ?? (await readFile(file));
  const options = { ...request.options, readFile: read };
  const prepared = request.text === undefined ? await preparePrompt(request.file, options) : await preparePromptText(request.text, request.file, options);
  const { yaml, ...parsed } = prepared.parsed;
  const landmarks = LANDMARKS.map(({ path, key }) => ({ path, key, range: key ? yaml.keyRangeOf(path) : yaml.rangeOf(path) }));
  return { type: 'prepared', id: request.id, prepared: { ...prepared, parsed }, landmarks };
}

/**
 * Background work: on Linux this thread lowers its own scheduling priority (setpriority on its
 * thread id), so on a busy machine the extension host and the editor get the CPU before a parse
 * does. Elsewhere it stays as it is.
 */
function yieldCpuToTheEditor(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 10);
  } catch {
    // not Linux, or not allowed: the worker still keeps the host free, only without the priority
  }
}

yieldCpuToTheEditor();

parentPort?.on('message', (request: PrepareRequest) => {
  void prepare(request)
    .catch((error: unknown): PrepareResponse => ({ type: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) }))
    .then((response) => {
      try {
        parentPort?.postMessage(response);
      } catch (error) {
        // Something in the result could not be cloned: the host prepares this one itself.
        parentPort?.postMessage({ type: 'failed', id: request.id, message: `not cloneable: ${(error as Error).message}` } satisfies PrepareResponse);
      }
    });
});
