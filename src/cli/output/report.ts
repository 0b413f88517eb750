import path from 'node:path';
import { caseCountOf, type FinishedRun, type GroupSummary, type RunRecord } from '../../core/index.js';
import { int, ms, percent, plural, table, usd } from './format.js';
import { casesBelowGate, repeatsJson } from './repeatsReport.js';

function passCell(s: GroupSummary): string {
  if (s.passRate === null) return 'n/a';
  const interval = s.passRateInterval ? ` [${(s.passRateInterval[0] * 100).toFixed(0)}–${(s.passRateInterval[1] * 100).toFixed(0)}]` : '';
  return `${percent(s.passRate)}${interval}`;
}

/** "accuracy 0.92 · style 0.80": each named metric's mean score. */
export function metricsCell(s: GroupSummary): string {
  return Object.entries(s.metrics ?? {})
    .map(([name, m]) => `${name} ${m.mean.toFixed(2)}`)
    .join(' · ');
}

export function printRunTable(record: RunRecord, label: string): string {
  // The metrics column appears when an evaluator names a metric (`metric:`).
  const withMetrics = record.models.some((model) => record.summary.byModel[model]?.metrics);
  const header = ['model', 'results', 'passed', 'failed', 'errors', 'pass rate [95% CI]', 'cost', 'cost/pass', 'p50', 'p95', 'tokens in/out', 'cached', ...(withMetrics ? ['metrics'] : [])];
  const rows = record.models.map((model) => {
    const s = record.summary.byModel[model];
    return [
      model,
      int(s.total),
      int(s.passed),
      int(s.failed),
      int(s.errored),
      passCell(s),
      usd(s.costUsd, s.costIncomplete),
      usd(s.costPerPassingCase, s.costIncomplete),
      ms(s.latencyMs?.p50),
      ms(s.latencyMs?.p95),
      `${int(s.inputTokens)} / ${int(s.outputTokens)}`,
      int(s.cacheHits),
      ...(withMetrics ? [metricsCell(s)] : []),
    ];
  });
  const status = record.status === 'completed' ? '' : ` – ${record.status.toUpperCase()}${record.error ? `: ${record.error}` : ''}`;
  const title = `${label}  (${plural(caseCountOf(record), 'case')} × ${plural(record.models.length, 'model')}${record.options.repeat > 1 ? ` × ${plural(record.options.repeat, 'repeat')}` : ''}, ${(record.summary.durationMs / 1000).toFixed(1)} s)${status}`;
  return `\n${title}\n${table([header, ...rows], (c) => c > 0 && header[c] !== 'metrics')}\n`;
}

/** The failing and erroring results, each pointing at its row as file:line so terminals link it. */
export function printFailures(record: RunRecord, cwd: string, recordRoot: string, limit = 20): string {
  const order = new Map(record.cases.map((c, i) => [c.id, i]));
  const bad = record.results
    .filter((r) => r.status === 'failed' || r.status === 'errored')
    .sort((a, b) => (order.get(a.caseId) ?? 0) - (order.get(b.caseId) ?? 0) || record.models.indexOf(a.model) - record.models.indexOf(b.model) || a.repeat - b.repeat);
  // A large run's record in memory holds only some results (RunRecord.kept): count from the summary.
  const badCount = record.kept ? record.summary.failed + record.summary.errored : bad.length;
  if (badCount === 0) return (record.kept ? record.summary.total : record.results.length) ? 'All cases passed.\n' : 'No test data: nothing was evaluated.\n';
  const cases = new Map(record.cases.map((c) => [c.id, c]));
  const lines = bad.slice(0, limit).flatMap((r) => {
    const c = cases.get(r.caseId);
    const where = c ? `${path.relative(cwd, path.resolve(recordRoot, c.source.file))}:${c.source.range.start.line + 1}` : r.caseId;
    const head = `${r.status === 'failed' ? '✗' : '!'} ${where}  ${c?.label ?? r.caseId}  [${r.model}${record.options.repeat > 1 ? ` #${r.repeat + 1}` : ''}]`;
    const reasons = r.status === 'errored' && r.error ? [`    ${r.error.kind}: ${r.error.message}`] : r.evaluations.filter((v) => !v.passed).map((v) => `    ${v.name}: ${v.reason}`);
    return [head, ...reasons];
  });
  if (badCount > limit) lines.push(`… and ${badCount - Math.min(limit, bad.length)} more (see the run record)`);
  return `${lines.join('\n')}\n`;
}

/** Judge replies gh models would read as another choice: listed for every result, passed or not. */
export function printAmbiguities(record: RunRecord, cwd: string, recordRoot: string, limit = 20): string {
  const cases = new Map(record.cases.map((c) => [c.id, c]));
  const found = record.results.flatMap((r) => r.evaluations.filter((v) => v.ambiguity).map((v) => ({ r, v })));
  if (found.length === 0) return '';
  const lines = found.slice(0, limit).map(({ r, v }) => {
    const c = cases.get(r.caseId);
    const where = c ? `${path.relative(cwd, path.resolve(recordRoot, c.source.file))}:${c.source.range.start.line + 1}` : r.caseId;
    const reading = (choice: string | null) => (choice === null ? 'no choice' : `"${choice}"`);
    return `? ${where}  ${c?.label ?? r.caseId}  [${r.model}]  ${v.name}: read as ${reading(v.ambiguity!.chosen)}; gh models would read ${reading(v.ambiguity!.gh)}`;
  });
  if (found.length > limit) lines.push(`… and ${found.length - limit} more (see the run record)`);
  return `Ambiguous judge replies (set workbench.judgeParsing: gh to score them exactly as gh models does):\n${lines.join('\n')}\n`;
}

/** The --json report: one entry per prompt file, with its failures, plus the exit code. */
export function jsonReport(runs: readonly FinishedRun[], exitCode: number, failUnder: number | undefined, gates: { minCasePassRate?: number; shard?: { index: number; count: number } } = {}) {
  const below =
    gates.minCasePassRate === undefined
      ? []
      : casesBelowGate(
          runs.map((r) => r.record),
          gates.minCasePassRate,
        );
  return {
    exitCode,
    failUnder: failUnder ?? null,
    minCasePassRate: gates.minCasePassRate ?? null,
    casesBelowMinPassRate: below.map((e) => ({ prompt: e.record.prompt.path, caseId: e.caseId, model: e.model, passed: e.passed, decided: e.decided })),
    shard: gates.shard ?? null,
    runs: runs.map(({ record, file }) => ({
      prompt: record.prompt.path,
      recordFile: file ?? null,
      runId: record.id,
      status: record.status,
      models: record.models,
      cases: caseCountOf(record),
      repeat: record.options.repeat,
      summary: record.summary,
      repeats: repeatsJson(record),
      failures: record.results
        .filter((r) => r.status === 'failed' || r.status === 'errored')
        .map((r) => ({
          caseId: r.caseId,
          model: r.model,
          repeat: r.repeat,
          status: r.status,
          output: r.output ?? null,
          error: r.error ?? null,
          failed: r.evaluations.filter((v) => !v.passed).map((v) => ({ name: v.name, reason: v.reason })),
        })),
      // Failures beyond what a large run keeps in memory; the record file lists them all.
      failuresOmitted: record.kept ? record.summary.failed + record.summary.errored - record.results.filter((r) => r.status === 'failed' || r.status === 'errored').length : 0,
    })),
  };
}
