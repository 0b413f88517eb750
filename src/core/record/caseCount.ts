import type { RunRecord } from './types.js';

/** How many cases a run had: a record in memory may hold only some of them (RunRecord.kept). */
export function caseCountOf(record: Pick<RunRecord, 'caseCount' | 'cases'>): number {
  return record.caseCount ?? record.cases.length;
}
