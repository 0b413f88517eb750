import type { RunProgress } from '../../core/index.js';
import { plural, shortModel, usd } from '../format.js';

// The status bar entry: a running eval's progress and spend (click to cancel), or when idle the
// models the active prompt file runs (click to choose).

/** A run's progress as the core reports it, with the prompt it belongs to. */
export interface RunProgressView extends RunProgress {
  label: string;
  /** A batch run waiting for its provider batches: how far they are. */
  batch?: string;
}

export interface StatusText {
  text: string;
  tooltip: string;
}

export function runningStatus(runs: readonly RunProgressView[]): StatusText {
  const sum = (pick: (r: RunProgressView) => number) => runs.reduce((s, r) => s + pick(r), 0);
  const completed = sum((r) => r.completed);
  const total = sum((r) => r.total);
  const cost = sum((r) => r.costUsd);
  const who = runs.length === 1 ? runs[0].label : plural(runs.length, 'run');
  const waiting = runs.filter((r) => r.batch);
  const text = waiting.length === runs.length ? `$(clock) Batch ${who}: ${waiting[0].batch}` : `$(sync~spin) Eval ${who} ${completed}/${total} · ${usd(cost)}`;
  const lines = runs.map((r) =>
    r.batch ? `${r.label}: ${r.batch} (pending at the provider)` : `${r.label}: ${r.completed} of ${r.total} done — ${r.passed} passed, ${r.failed} failed, ${r.errored} errored, ${usd(r.costUsd)}`,
  );
  return { text, tooltip: `Prompt Workbench\n${lines.join('\n')}\nClick to cancel.` };
}

export function idleStatus(models: readonly string[]): StatusText | undefined {
  if (models.length === 0) return undefined;
  const more = models.length > 1 ? ` +${models.length - 1}` : '';
  return { text: `$(beaker) ${shortModel(models[0])}${more}`, tooltip: `Prompt Workbench: this prompt runs ${models.join(', ')}.\nClick to select models.` };
}
