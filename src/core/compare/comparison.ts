import type { RunRecord } from '../record/types.js';
import { ALPHA, difference, type Difference } from './difference.js';
import { pairVersions, sliceModel, type VersionPair } from './pairs.js';

// A base run and a head run of a prompt – a branch and its base, two records, two models – as one
// paired comparison per model, each with its test and whether head is worse beyond noise.

export interface ComparisonSide {
  record: RunRecord;
  /** Compare only this model of the record (a comparison of two models). */
  model?: string;
}

export interface Comparison {
  /** The prompt's path as the head record writes it. */
  prompt: string;
  /** The model on both sides, or "a → b" when two models are compared. */
  model: string;
  /** Each side narrowed to the model compared. */
  base: RunRecord;
  head: RunRecord;
  pairs: VersionPair[];
  difference: Difference;
  /** Head passes less than base, and the paired test says that is larger than noise. */
  regression: boolean;
}

export interface RunComparison {
  comparisons: Comparison[];
  /** Models only one side ran: nothing to pair them with. */
  onlyBase: string[];
  onlyHead: string[];
}

export function compareRuns(baseSide: ComparisonSide, headSide: ComparisonSide, alpha = ALPHA): RunComparison {
  const base = baseSide.model ? sliceModel(baseSide.record, baseSide.model) : baseSide.record;
  const head = headSide.model ? sliceModel(headSide.record, headSide.model) : headSide.record;
  const crossModel = base.models.length === 1 && head.models.length === 1 && base.models[0] !== head.models[0];
  if (crossModel) return { comparisons: [comparison(base, head, alpha)], onlyBase: [], onlyHead: [] };
  const shared = head.models.filter((m) => base.models.includes(m));
  return {
    comparisons: shared.map((model) => comparison(sliceModel(base, model), sliceModel(head, model), alpha)),
    onlyBase: base.models.filter((m) => !head.models.includes(m)),
    onlyHead: head.models.filter((m) => !base.models.includes(m)),
  };
}

function comparison(base: RunRecord, head: RunRecord, alpha: number): Comparison {
  const pairs = pairVersions(base, head);
  const diff = difference(pairs, alpha);
  const model = base.models[0] === head.models[0] ? head.models[0] : `${base.models[0]} → ${head.models[0]}`;
  return { prompt: head.prompt.path, model, base, head, pairs, difference: diff, regression: diff.direction === 'worse' };
}
