import { caseRepeats, casesBelow, repeatsByModel, type CaseRepeats, type RunRecord } from '../../core/index.js';
import { caseWhere } from './caseLocation.js';
import { percent, plural, table } from './format.js';

// With --repeat k: per model how many cases passed every repeat (pass^k) and some repeat (pass@k),
// the flaky cases in between, and the --min-case-pass-rate gate.

function isRepeated(record: RunRecord): boolean {
  return record.options.repeat > 1 || record.results.some((r) => r.repeat > 0);
}

/** The repeats table and the flaky cases at file:line; '' for runs without repeats. */
export function printRepeats(record: RunRecord, cwd: string, root: string, limit = 20): string {
  if (!isRepeated(record)) return '';
  const k = record.options.repeat;
  const byModel = repeatsByModel(record);
  const rows = record.models.map((model) => {
    const r = byModel.get(model)!;
    return [model, `${r.passAll}/${r.cases} (${percent(r.passAllRate)})`, `${r.passAny}/${r.cases} (${percent(r.passAnyRate)})`, String(r.flaky)];
  });
  const lines = [`Per case over ${plural(k, 'repeat')}: pass^${k} = every repeat passed, pass@${k} = some repeat passed`, table([['model', `pass^${k}`, `pass@${k}`, 'flaky'], ...rows])];
  const flaky = caseRepeats(record).filter((e) => e.flaky);
  if (flaky.length) {
    const cases = new Map(record.cases.map((c) => [c.id, c]));
    lines.push(
      'Flaky (passed some repeats, not all):',
      ...flaky.slice(0, limit).map((e) => `◐ ${caseWhere(cases.get(e.caseId), e.caseId, root, cwd)}  ${cases.get(e.caseId)?.label ?? e.caseId}  [${e.model}]  ${e.passed}/${e.decided} passed`),
    );
    if (flaky.length > limit) lines.push(`… and ${flaky.length - limit} more (see the run record)`);
  }
  return `${lines.join('\n')}\n`;
}

export function casesBelowGate(records: readonly RunRecord[], minRate: number): Array<CaseRepeats & { record: RunRecord }> {
  return records.flatMap((record) => casesBelow(caseRepeats(record), minRate).map((e) => ({ ...e, record })));
}

export function caseGateLine(records: readonly RunRecord[], minRate: number): string {
  const below = casesBelowGate(records, minRate);
  if (below.length === 0) return `Every case passed at least ${percent(minRate)} of its repeats (--min-case-pass-rate)\n`;
  return `${plural(below.length, 'case')} passed fewer than ${percent(minRate)} of ${below.length === 1 ? 'its' : 'their'} repeats – below --min-case-pass-rate\n`;
}

/** For --json: pass^k / pass@k per model, and every case's repeats. */
export function repeatsJson(record: RunRecord) {
  return {
    k: record.options.repeat,
    byModel: Object.fromEntries(repeatsByModel(record)),
    cases: isRepeated(record) ? caseRepeats(record) : [],
  };
}
