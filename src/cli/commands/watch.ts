import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { FinishedRun } from '../../core/index.js';
import type { CliOptions } from '../args.js';
import type { Io } from '../io.js';
import { plural } from '../output/format.js';
import { createChangeQueue } from '../watch/changeQueue.js';
import { affectedPrompts, findDependencies, type Dependencies } from '../watch/dependencies.js';
import { evalCommand, EXIT } from './eval.js';

// `eval --watch`: run, then re-run the prompt files a saved change affects – a prompt, a dataset it
// reads, its prompt-workbench.yml – until Ctrl+C. The response cache answers every case whose
// request did not change, so editing one row calls the model for that row only.

export interface WatchControl {
  /** Stops watching (Ctrl+C does too). */
  signal?: AbortSignal;
  /** Quiet time after the last change before a re-run (default 200 ms). */
  debounceMs?: number;
  /** After every run, the first included. */
  onCycle?: (cycle: WatchCycle) => void;
}

export interface WatchCycle {
  /** Absolute prompt files that ran. */
  files: string[];
  exitCode: number;
  /** Results the model was asked for, and results the cache answered. */
  requests: number;
  cached: number;
}

export async function watchEval(options: CliOptions, io: Io, control: WatchControl = {}): Promise<number> {
  if (options.format !== 'table') {
    io.err('error: --watch prints a short result per re-run; it does not combine with --json or --format');
    return EXIT.badInput;
  }
  const controller = new AbortController();
  const stopInterrupt = io.onInterrupt(() => controller.abort());
  const stopExternal = forward(control.signal, controller);
  // Every re-run stops with the watch: the same signal, never a second Ctrl+C handler.
  const runIo: Io = {
    ...io,
    onInterrupt: (handler) => {
      controller.signal.addEventListener('abort', handler, { once: true });
      return () => controller.signal.removeEventListener('abort', handler);
    },
  };
  const queue = createChangeQueue(control.debounceMs ?? 200);
  const watchers = new Map<string, FSWatcher>();
  try {
    // Watching starts before the first run, so a file saved while it runs is not missed.
    let deps = await findDependencies(options, io.cwd);
    rewatch(
      watchers,
      () => deps,
      (file) => queue.add(file),
    );
    await runCycle(options.targets, options, runIo, io, control);
    while (!controller.signal.aborted) {
      const changed = await queue.next(controller.signal);
      if (controller.signal.aborted) break;
      const now = await findDependencies(options, io.cwd);
      const affected = affectedPrompts(changed, deps, now);
      const relevant = changed.filter((f) => deps.readers.has(f) || now.prompts.has(f));
      deps = now;
      rewatch(
        watchers,
        () => deps,
        (file) => queue.add(file),
      );
      if (affected.length === 0) continue;
      io.out(`\n${time()} ${describeChanges(relevant, io.cwd)} → running ${affected.map((f) => path.relative(io.cwd, f)).join(', ')}`);
      await runCycle(affected, options, runIo, io, control);
    }
  } finally {
    for (const watcher of watchers.values()) watcher.close();
    queue.dispose();
    stopExternal();
    stopInterrupt();
  }
  return EXIT.interrupted;
}

async function runCycle(targets: readonly string[], options: CliOptions, runIo: Io, io: Io, control: WatchControl): Promise<void> {
  const runs: FinishedRun[] = [];
  const exitCode = await evalCommand({ ...options, watch: false, targets: [...targets] }, runIo, { onRun: (run) => runs.push(run) });
  // From the summaries: a run's record in memory holds only what its failure reports need.
  const summaries = runs.map((r) => r.record.summary);
  const sum = (pick: (s: (typeof summaries)[number]) => number) => summaries.reduce((total, s) => total + pick(s), 0);
  const cached = sum((s) => s.cacheHits);
  const passed = sum((s) => s.passed);
  const decided = sum((s) => s.passed + s.failed + s.errored);
  const requests = decided - cached;
  const verdict = exitCode === EXIT.ok ? '✓' : exitCode === EXIT.failed ? '✗' : exitCode === EXIT.badInput ? '!' : '◼';
  io.out(`${time()} ${verdict} ${passed}/${plural(decided, 'result')} passed · ${plural(requests, 'model call')}, ${cached} from the cache – watching for changes (Ctrl+C stops)`);
  control.onCycle?.({ files: runs.map((r) => r.record.prompt.path), exitCode, requests, cached });
}

/** Watches exactly the folders `deps` names (a folder, not a file: editors save by renaming over it). */
function rewatch(watchers: Map<string, FSWatcher>, current: () => Dependencies, onChange: (file: string) => void): void {
  const deps = current();
  for (const [folder, watcher] of watchers) {
    if (deps.folders.has(folder)) continue;
    watcher.close();
    watchers.delete(folder);
  }
  for (const folder of deps.folders) {
    if (watchers.has(folder)) continue;
    try {
      const watcher = watch(folder, { persistent: true }, (_event, name) => {
        if (name) onChange(path.join(folder, name.toString()));
        else for (const file of current().readers.keys()) if (path.dirname(file) === folder) onChange(file);
      });
      // A folder deleted while watched is dropped; the next look at the targets decides again.
      watcher.on('error', () => {
        watcher.close();
        watchers.delete(folder);
      });
      watchers.set(folder, watcher);
    } catch {
      // A folder that does not exist (a dataset's, not created yet) is not watched.
    }
  }
}

function forward(signal: AbortSignal | undefined, controller: AbortController): () => void {
  if (!signal) return () => {};
  if (signal.aborted) controller.abort();
  const abort = () => controller.abort();
  signal.addEventListener('abort', abort, { once: true });
  return () => signal.removeEventListener('abort', abort);
}

function describeChanges(changed: readonly string[], cwd: string): string {
  const names = changed.map((f) => path.relative(cwd, f));
  return names.length <= 3 ? `${names.join(', ')} changed` : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more changed`;
}

function time(): string {
  return new Date().toTimeString().slice(0, 8);
}
