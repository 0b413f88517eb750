import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

// Runs a code evaluator's module in a worker thread with a time limit. A worker is NOT a sandbox:
// the module can read files and use the network with the user's permissions, which is why code
// evaluators run only in trusted workspaces / with --allow-code. What the worker does give:
// a time limit (terminate), a memory ceiling, an empty process.env (API keys in the environment
// are not handed over), its own module cache (an edited module is read afresh), and its console
// output kept away from the CLI's report.

export interface CodeRun {
  /** Absolute path of the module. */
  file: string;
  output: string;
  /** Plain data (structured-cloned into the worker). */
  context: unknown;
  timeoutMs: number;
}

export type CodeResult = { ok: true; value: unknown } | { ok: false; error: string };

// CommonJS source run with `eval: true`, so it works the same from the CLI bundle, the extension's
// bundle and the compiled tests (no worker file to locate next to each of them).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const mod = await import(workerData.url);
  let fn = mod.default;
  if (fn && typeof fn === 'object' && typeof fn.default === 'function') fn = fn.default;
  if (typeof fn !== 'function') throw new Error('the module has no default export function: write "export default (output, context) => …" (or module.exports = …)');
  const value = await fn(workerData.output, workerData.context);
  parentPort.postMessage({ ok: true, value });
})().catch((error) => parentPort.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) }));
`;

const MEMORY_LIMIT_MB = 256;

export function runInWorker(run: CodeRun): Promise<CodeResult> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      env: {},
      execArgv: [],
      stdout: true,
      stderr: true,
      workerData: { url: pathToFileURL(run.file).href, output: run.output, context: run.context },
      resourceLimits: { maxOldGenerationSizeMb: MEMORY_LIMIT_MB },
    });
    worker.stdout.resume();
    worker.stderr.resume();
    let settled = false;
    const finish = (result: CodeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
      void worker.terminate();
    };
    const timer = setTimeout(() => finish({ ok: false, error: `timed out after ${run.timeoutMs} ms` }), run.timeoutMs);
    worker.on('message', (message: CodeResult) => finish(message));
    worker.on('error', (error) => finish({ ok: false, error: error.message }));
    worker.on('exit', (code) => finish({ ok: false, error: `the module ended its thread (exit code ${code}) before returning a result` }));
  });
}
