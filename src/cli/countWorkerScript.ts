import { existsSync } from 'node:fs';

/**
 * The counting worker's script (core/tokens/countWorker.ts): dist/countWorker.cjs beside the CLI's
 * bundle, or the compiled module itself when the CLI runs from tsc's output (the tests).
 */
export function countWorkerScript(): URL {
  const bundled = new URL('./countWorker.cjs', import.meta.url);
  return existsSync(bundled) ? bundled : new URL('../core/tokens/countWorker.js', import.meta.url);
}
