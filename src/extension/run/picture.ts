import type { FinishedRun } from './contracts.js';
import { inRecordOrder } from '../../core/record/resultOrder.js';

// The editor's picture of a prompt's results (CodeLens, gutter marks, Problems) is its latest full
// run. Running one case (▶ Run case, Run Case at Cursor, the Testing view) updates that case inside
// the picture instead of replacing it, so the ✗ on another failing row stays where it was.

/** `partial` ran only `caseIds`; its results replace theirs (for the models it ran) in `base`. */
export function pictureWith(base: FinishedRun | undefined, partial: FinishedRun, caseIds: readonly string[] | undefined): FinishedRun {
  if (!caseIds?.length || !base || base.record.prompt.path !== partial.record.prompt.path) return partial;
  const ran = new Set(caseIds);
  const models = new Set(partial.record.models);
  const kept = base.record.results.filter((r) => !(ran.has(r.caseId) && models.has(r.model)));
  // On every live update of the partial run: a set of the cases, not a search of them per case.
  const baseIds = new Set(base.record.cases.map((c) => c.id));
  const cases = [...base.record.cases, ...partial.record.cases.filter((c) => !baseIds.has(c.id))];
  const modelList = [...new Set([...base.record.models, ...partial.record.models])];
  const results = inRecordOrder([...kept, ...partial.record.results], cases, modelList);
  return {
    ...base,
    record: { ...base.record, cases, models: modelList, results, status: partial.record.status === 'running' ? 'running' : base.record.status },
  };
}
