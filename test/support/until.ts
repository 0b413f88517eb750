import { setTimeout as sleep } from 'node:timers/promises';

/** Asks `find` every 20 ms until it gives something (not undefined or false) and returns that; fails after `timeoutMs`, naming `what`. */
export async function until<T>(find: () => T | undefined | false, what: string, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const found = find();
    if (found !== undefined && found !== false) return found;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
