import type { CaseResult, RunRecord } from '../record/types.js';
import { caseModelKey, groupGrid, type ResultGroup } from './resultGroup.js';

// Two runs of a prompt on the same cases – two versions, two models, a branch and its base –
// paired by case and model, each pair classified by what changed.

export type Change = 'fixed' | 'broke' | 'same-pass' | 'same-fail' | 'same' | 'only-before' | 'only-after' | 'pending';

export interface VersionPair {
  key: string;
  caseId: string;
  /** The model on both sides; "a → b" when two single-model runs of different models are compared. */
  model: string;
  before?: ResultGroup;
  after?: ResultGroup;
  change: Change;
}

/**
 * Pairs results by case and model. When the runs share no model but each ran exactly one, pairs by
 * case alone (comparing two models' runs is a comparison too).
 */
export function pairVersions(before: RunRecord, after: RunRecord): VersionPair[] {
  const shared = before.models.filter((m) => after.models.includes(m));
  const crossModel = shared.length === 0 && before.models.length === 1 && after.models.length === 1;
  const models = crossModel ? [''] : [...new Set([...after.models, ...before.models])];
  const caseIds = [...new Set([...after.cases.map((c) => c.id), ...before.cases.map((c) => c.id)])];
  const caseIndex = new Map(caseIds.map((id, i) => [id, i]));
  const modelIndex = new Map(models.map((m, i) => [m, i]));
  const width = models.length;
  const cellOf = (r: CaseResult) => {
    const c = caseIndex.get(r.caseId);
    const m = crossModel ? 0 : modelIndex.get(r.model);
    return c === undefined || m === undefined ? undefined : c * width + m;
  };
  const beforeGrid = groupGrid(before.results, caseIds.length * width, cellOf);
  const afterGrid = groupGrid(after.results, caseIds.length * width, cellOf);
  const pairs: VersionPair[] = [];
  caseIds.forEach((caseId, c) => {
    models.forEach((model, m) => {
      const b = beforeGrid[c * width + m];
      const a = afterGrid[c * width + m];
      if (!a && !b) return;
      pairs.push({ key: caseModelKey(caseId, model), caseId, model: crossModel ? `${before.models[0]} → ${after.models[0]}` : model, before: b, after: a, change: classify(b, a) });
    });
  });
  return pairs;
}

export function classify(before: ResultGroup | undefined, after: ResultGroup | undefined): Change {
  if (!before) return 'only-after';
  if (!after) return 'only-before';
  if (before.passFraction === null || after.passFraction === null) return 'pending';
  if (after.passFraction > before.passFraction) return 'fixed';
  if (after.passFraction < before.passFraction) return 'broke';
  if (after.passFraction === 1) return 'same-pass';
  if (after.passFraction === 0) return 'same-fail';
  return 'same';
}

/** The record as if it had run `model` alone: what a comparison of two models pairs. */
export function sliceModel(record: RunRecord, model: string): RunRecord {
  return { ...record, models: [model], results: record.results.filter((r) => r.model === model) };
}
