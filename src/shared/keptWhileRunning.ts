import type { CaseResult, RunRecord } from '../core/record/types.js';

/** What a view keeps of each running record between its frames, by the record's results array (the core grows that one array as results arrive). */
export type KeptByRun<State> = WeakMap<readonly CaseResult[], State>;

/**
 * The state kept for `record` grown by the results added since (`grow` returns false when it
 * cannot be), or `fresh()` made from all of them. Only a record still running is kept: a finished
 * record's results do not grow.
 */
export function keptWhileRunning<State>(record: RunRecord, kept: KeptByRun<State>, grow: (state: State) => boolean, fresh: () => State): State {
  const before = record.status === 'running' ? kept.get(record.results) : undefined;
  const state = before && grow(before) ? before : fresh();
  if (record.status === 'running') kept.set(record.results, state);
  else kept.delete(record.results);
  return state;
}
