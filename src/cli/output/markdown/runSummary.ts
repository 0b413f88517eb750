import path from 'node:path';
import { caseRepeats, repeatsByModel, summarizeGroup, type CaseResult, type FinishedRun, type GroupSummary, type RunRecord } from '../../../core/index.js';
import { interval, ms, percent, usd } from '../../../shared/format.js';
import { errorText, outputPreview } from '../../../shared/outputText.js';
import { caseWhere } from '../caseLocation.js';
import type { RowList } from './budget.js';
import { mdCode, mdText } from './escape.js';
import { mdRow, mdTable } from './table.js';

// One prompt file's run in Markdown: a table with a row per model and the failing cases.

export function passRateCell(s: GroupSummary): string {
  return s.passRateInterval ? `${percent(s.passRate)} (${interval(s.passRateInterval)})` : percent(s.passRate);
}

export function promptHeading(record: RunRecord, level = '###'): string {
  const name = record.prompt.name ? ` — ${mdText(record.prompt.name, 100)}` : '';
  const status = record.status === 'completed' ? '' : ` (${record.status}${record.error ? `: ${mdText(record.error, 200)}` : ''})`;
  return `${level} ${mdCode(record.prompt.path)}${name}${status}`;
}

/** A row per model: pass rate with its interval, counts, cost, cost per pass, latency; pass^k and pass@k with repeats. */
export function modelTable(record: RunRecord): string {
  const repeated = record.options.repeat > 1 || record.results.some((r) => r.repeat > 0);
  const repeats = repeated ? repeatsByModel(record) : undefined;
  const k = record.options.repeat;
  const header = ['Model', 'Pass rate (95% CI)', 'Passed', 'Failed', 'Errors', 'Cost', 'Cost / pass', 'p50', 'p95'];
  if (repeats) header.push(`pass^${k}`, `pass@${k}`, 'Flaky');
  const rows = record.models.map((model) => {
    const s = record.summary.byModel[model] ?? summarizeGroup(record.results.filter((r) => r.model === model));
    const row = [
      mdText(model),
      passRateCell(s),
      String(s.passed),
      String(s.failed),
      String(s.errored),
      usd(s.costUsd, s.costIncomplete),
      usd(s.costPerPassingCase, s.costIncomplete),
      ms(s.latencyMs?.p50),
      ms(s.latencyMs?.p95),
    ];
    const r = repeats?.get(model);
    if (r) row.push(`${r.passAll}/${r.cases} (${percent(r.passAllRate)})`, `${r.passAny}/${r.cases} (${percent(r.passAnyRate)})`, String(r.flaky));
    return row;
  });
  return mdTable(header, rows, ['left', ...header.slice(1).map(() => 'right' as const)]);
}

/** Why a result did not pass, in one line. */
export function failureReason(result: CaseResult): string {
  if (result.status === 'errored' && result.error) return errorText(result);
  return result.evaluations
    .filter((v) => !v.passed)
    .map((v) => `${v.name}: ${v.reason}`)
    .join('; ');
}

/** The failing cases of a run, a row per case and model (its repeats together), as a list the budget fills. */
export function failingCases(record: RunRecord, root: string, cwd: string): RowList {
  const repeated = record.options.repeat > 1 || record.results.some((r) => r.repeat > 0);
  const cases = new Map(record.cases.map((c) => [c.id, c]));
  const firstFailure = new Map<string, CaseResult>();
  for (const r of [...record.results].sort((a, b) => a.repeat - b.repeat)) {
    const key = `${r.caseId}\u0000${r.model}`;
    if ((r.status === 'failed' || r.status === 'errored') && !firstFailure.has(key)) firstFailure.set(key, r);
  }
  const failing = caseRepeats(record).filter((e) => !e.passAll);
  const rows = failing.map((e) => {
    const result = firstFailure.get(`${e.caseId}\u0000${e.model}`);
    const cells = [mdCode(caseWhere(cases.get(e.caseId), e.caseId, root, cwd)), mdText(cases.get(e.caseId)?.label ?? e.caseId, 80), mdText(e.model)];
    if (repeated) cells.push(`${e.passed}/${e.decided}${e.flaky ? ' (flaky)' : ''}`);
    cells.push(result ? mdText(failureReason(result), 200) : '', result ? mdText(outputPreview(result, 120), 120) : '');
    return mdRow(cells);
  });
  const header = ['Where', 'Case', 'Model', ...(repeated ? ['Passed'] : []), 'Why', 'Output'];
  const open = rows.length <= 20 ? ' open' : '';
  const omitted = record.kept?.omitted ? ` (and ${record.kept.omitted} more failing results, in the run record)` : '';
  return {
    head: `<details${open}><summary>Failing cases: ${rows.length}${omitted}</summary>\n\n${mdTable(header, [])}\n`,
    rows,
    tail: '\n</details>',
    more: (omitted) => mdRow([`_… and ${omitted} more, left out to keep this summary under GitHub's size limit (the run record has them all)_`, ...header.slice(1).map(() => '')]),
  };
}

export function runRoot(run: FinishedRun, cwd: string): string {
  return run.root ?? path.resolve(cwd);
}
