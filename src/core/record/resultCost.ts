import type { CaseResult, GroupSummary } from './types.js';

// What results cost, wherever their answers came from: a cache hit costs nothing now but keeps what
// it cost when produced (cachedCostUsd), so comparisons straight after a run are not "$0 vs $0".

/** The result's answer and judge calls at what they cost when produced; null without a known price. */
export function resultCost(r: Pick<CaseResult, 'costUsd' | 'cachedCostUsd'>): number | null {
  if (r.costUsd === null || r.cachedCostUsd === null) return null;
  return r.costUsd + (r.cachedCostUsd ?? 0);
}

/** A summary's results at what they cost when produced (spent now + cached). */
export function summaryCost(s: Pick<GroupSummary, 'costUsd' | 'cachedCostUsd'>): number {
  return s.costUsd + (s.cachedCostUsd ?? 0);
}
