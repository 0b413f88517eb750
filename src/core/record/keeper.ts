import type { CaseResult, RecordCase, RepeatTally } from './types.js';

// What a large run keeps in memory for its reports, while every result goes to the record file:
// the results that did not pass (failure lists, JSON failures, JUnit flakiness), every repeat of a
// case × model that did not pass them all (flaky lists, the --min-case-pass-rate gate), ambiguous
// judge replies – and the cases they belong to. Passing results are let go as they finish, so a
// run's memory follows its failures (capped), not its size.

/** Beyond this many kept results, further ones are only counted: the record file has them all. */
export const MAX_KEPT_RESULTS = 2000;

export interface KeptResults {
  cases: RecordCase[];
  results: CaseResult[];
  /** Results that qualified but were left out beyond the cap. */
  omitted: number;
  /** With repeats: one tally per case × model, in case order then `models` order. */
  repeats?: RepeatTally[];
}

export interface ResultKeeper {
  /** `caseOf` is called only for a result that is kept, once per case; `caseIndex` is the case's place in the run. */
  add(result: CaseResult, caseOf: () => RecordCase, caseIndex: number): void;
  /** Flushes repeats still waiting for their siblings (a cancelled run) and returns what was kept. */
  finish(): KeptResults;
}

function notable(r: CaseResult): boolean {
  return r.status === 'failed' || r.status === 'errored' || r.evaluations.some((v) => v.ambiguity);
}

interface Siblings {
  results: CaseResult[];
  caseOf: () => RecordCase;
  caseIndex: number;
}

export function createResultKeeper(repeat: number, models: readonly string[], maxKept = MAX_KEPT_RESULTS): ResultKeeper {
  const kept: KeptResults = { cases: [], results: [], omitted: 0 };
  // A tally is a few numbers per case × model – what pass^k for every case needs, without its results.
  const tallies: Array<RepeatTally & { order: number }> = [];
  const keptCases = new Set<string>();
  // With repeats a case × model is decided when all its repeats are in; they run close together.
  const waiting = new Map<string, Siblings>();

  const keep = (results: readonly CaseResult[], caseOf: () => RecordCase) => {
    for (const r of results) {
      if (kept.results.length >= maxKept) {
        kept.omitted++;
        continue;
      }
      kept.results.push(r);
      if (keptCases.has(r.caseId)) continue;
      keptCases.add(r.caseId);
      kept.cases.push(caseOf());
    }
  };
  const settle = (siblings: Siblings) => {
    // Cancelled repeats decide nothing; the others are kept together, so a flaky case shows k of n.
    const decided = siblings.results.filter((r) => r.status !== 'cancelled');
    if (decided.length) {
      const { caseId, model } = decided[0];
      const order = siblings.caseIndex * models.length + Math.max(0, models.indexOf(model));
      tallies.push({ caseId, model, passed: decided.filter((r) => r.status === 'passed').length, decided: decided.length, order });
    }
    if (decided.some(notable)) keep(decided, siblings.caseOf);
  };

  return {
    add(result, caseOf, caseIndex) {
      if (repeat <= 1) {
        if (notable(result)) keep([result], caseOf);
        return;
      }
      const key = `${result.caseId}\u0000${result.model}`;
      const siblings = waiting.get(key) ?? { results: [], caseOf, caseIndex };
      siblings.results.push(result);
      if (siblings.results.length < repeat) {
        waiting.set(key, siblings);
        return;
      }
      waiting.delete(key);
      settle(siblings);
    },
    finish() {
      for (const siblings of waiting.values()) settle(siblings);
      waiting.clear();
      if (repeat <= 1) return kept;
      // Concurrency finishes cases a little out of order.
      tallies.sort((a, b) => a.order - b.order);
      return { ...kept, repeats: tallies.map(({ order: _order, ...t }) => t) };
    },
  };
}
