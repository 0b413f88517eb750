import type { CaseResult } from '../core/record/types.js';

/** Evaluator names in the order they first appear. */
export function evaluatorNames(results: readonly CaseResult[]): string[] {
  return [...addEvaluatorNames(new Set(), results, 0)];
}

/** Adds the evaluator names of `results` from index `from` on to `names`, keeping first-seen order. */
export function addEvaluatorNames(names: Set<string>, results: readonly CaseResult[], from: number): Set<string> {
  // Results of one prompt mostly carry the same evaluators in the same order: those are known already.
  let previous: CaseResult['evaluations'] = [];
  for (let i = from; i < results.length; i++) {
    const evaluations = results[i].evaluations;
    if (!sameNames(evaluations, previous)) for (const v of evaluations) names.add(v.name);
    previous = evaluations;
  }
  return names;
}

function sameNames(a: CaseResult['evaluations'], b: CaseResult['evaluations']): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].name !== b[i].name) return false;
  return true;
}
