import type { FinishedRun } from './contracts.js';

// The editor's picture of a prompt's results (CodeLens, gutter marks, Problems) is its latest full
// run. Running one case (▶ Run case, Run Case at Cursor, the Testing view) updates that case inside
// the picture instead of replacing it, so the ✗ on another failing row stays where it was.

/** `partial` ran only `caseIds`; its results replace theirs (for the models it ran) in `base`. */
export function pictureWith(base: FinishedRun | undefined, partial: FinishedRun, caseIds: readonly string[] | undefined): FinishedRun {
  if (!caseIds?.length || !base || base.record.prompt.path !== partial.record.prompt.path) return partial;
  const ran = new Set(caseIds);
  const models = new Set(partial.record.models);
  const kept = base.record.results.filter((r) => !(ran.has(r.caseId) && models.has(r.model)));
  const cases = [...base.record.cases, ...partial.record.cases.filter((c) => !base.record.cases.some((b) => b.id === c.id))];
  const caseOrder = new Map(cases.map((c, i) => [c.id, i]));
  const modelList = [...base.record.models, ...partial.record.models.filter((m) => !base.record.models.includes(m))];
  const order = (r: { caseId: string; model: string; repeat: number }) => [caseOrder.get(r.caseId) ?? cases.length, modelList.indexOf(r.model), r.repeat];
  const results = [...kept, ...partial.record.results].sort((a, b) => {
    const [x, y] = [order(a), order(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
  return {
    ...base,
    record: { ...base.record, cases, models: modelList, results, status: partial.record.status === 'running' ? 'running' : base.record.status },
  };
}
