import { summarizeGroup } from '../core/record/summary.js';
import type { CaseResult, RunRecord } from '../core/record/types.js';
import type { Verdict } from '../core/evaluators/types.js';
import { groupCharts } from './charts.js';
import { int, ms, plural, usd } from './format.js';
import { resultCost } from '../core/record/resultCost.js';
import { errorText, outputPreview, outputText, varsText } from './outputText.js';
import { answerNotes, toolCallsPreview, toolCallsText, transcriptText } from './conversationText.js';
import { imageKey, type FilterState } from './protocol.js';
import { summaryBlock, totalsCells } from './summaryCards.js';
import { matchesSearch, type Cell, type Column } from './table.js';
import { statusCell, type Action, type Details, type ViewModel } from './viewModel.js';
import { resultsTally, type ResultRow, type ResultsTally } from './resultsTally.js';
import { reviewActions, reviewText, withReview, withReviewCards } from './reviewView.js';

// The results of one run: a row per case × model × repeat (the rows and summaries: resultsTally.ts).

/**
 * A result's verdict by evaluator name (the last, should two share one). A lookup, not a Map per
 * row: a view of 100,000 results spent a fifth of its build making those Maps.
 */
export function verdictNamed(result: CaseResult, name: string): Verdict | undefined {
  for (let i = result.evaluations.length - 1; i >= 0; i--) if (result.evaluations[i].name === name) return result.evaluations[i];
  return undefined;
}

export function verdictCell(verdict: Verdict | undefined): Cell {
  if (!verdict) return { text: '', tone: 'muted' };
  if (verdict.evaluatorError) return { text: `⚠ ${verdict.reason}`, tone: 'error', title: verdict.reason };
  return { text: `${verdict.passed ? '✓' : '✗'} ${verdict.reason}`, tone: verdict.passed ? 'pass' : 'fail', title: verdict.reason };
}

export function isFailing(status: CaseResult['status']): boolean {
  return status === 'failed' || status === 'errored';
}

export function filterResultRows(rows: readonly ResultRow[], filter: FilterState): ResultRow[] {
  const query = filter.search.trim();
  // Nothing to narrow by (the usual view of a run in progress, rebuilt every few hundred ms): no call per row.
  if (!filter.failedOnly && filter.evaluator === null && !query) return rows.slice();
  return rows.filter(
    (row) =>
      (!filter.failedOnly || isFailing(row.result.status)) && (filter.evaluator === null || verdictNamed(row.result, filter.evaluator)?.passed === false) && matchesSearch(row, query, resultHaystack),
  );
}

function resultHaystack(row: ResultRow): string {
  const r = row.result;
  return [r.caseId, row.evalCase?.label, r.model, r.status, varsText(row.evalCase?.vars), outputText(r), ...r.evaluations.map((v) => `${v.name} ${v.reason}`), errorText(r)].join('\n');
}

/** `tools`, `streamed`: columns for what only some prompts have, tool calls and time to first token (streamed answers). */
function resultColumns(record: RunRecord, evaluators: string[], repeated: boolean, { tools, streamed }: Pick<ResultsTally, 'tools' | 'streamed'>): Column<ResultRow>[] {
  const many = record.models.length > 1;
  const columns: Array<Column<ResultRow> | false> = [
    {
      id: 'case',
      title: 'Case',
      width: 'minmax(110px, 1fr)',
      sortKey: (row) => row.evalCase?.label ?? row.result.caseId,
      cell: (row) => ({ text: row.evalCase?.label ?? row.result.caseId, title: row.evalCase ? `${row.evalCase.source.file}:${row.evalCase.source.range.start.line + 1}` : undefined }),
      exports: [
        { header: 'case id', value: (row) => row.result.caseId },
        { header: 'case', value: (row) => row.evalCase?.label ?? row.result.caseId },
      ],
    },
    many && {
      id: 'model',
      title: 'Model',
      width: 'minmax(120px, 1fr)',
      sortKey: (row) => row.result.model,
      cell: (row) => ({ text: row.result.model }),
      exports: [{ header: 'model', value: (row) => row.result.model }],
    },
    repeated && {
      id: 'repeat',
      title: 'Repeat',
      width: '64px',
      align: 'end',
      sortKey: (row) => row.result.repeat,
      cell: (row) => ({ text: `#${row.result.repeat + 1}` }),
      exports: [{ header: 'repeat', value: (row) => row.result.repeat + 1 }],
    },
    {
      id: 'status',
      title: 'Result',
      width: '92px',
      sortKey: (row) => ['passed', 'failed', 'errored', 'cancelled'].indexOf(row.result.status),
      cell: (row) => withReview(statusCell(row.result.status), row.review),
      exports: [
        { header: 'status', value: (row) => row.result.status },
        { header: 'review', value: (row) => row.review?.verdict ?? '' },
      ],
    },
    {
      id: 'vars',
      title: 'Vars',
      width: 'minmax(120px, 1.4fr)',
      sortKey: (row) => varsText(row.evalCase?.vars),
      cell: (row) => ({ text: varsText(row.evalCase?.vars) }),
      exports: [{ header: 'vars', value: (row) => JSON.stringify(row.evalCase?.vars ?? {}) }],
    },
    {
      id: 'output',
      title: 'Output',
      width: 'minmax(180px, 3fr)',
      sortKey: (row) => outputPreview(row.result),
      cell: (row) => outputCell(row.result),
      exports: [{ header: 'output', value: (row) => row.result.output ?? '' }],
    },
    tools && {
      id: 'tools',
      title: 'Tool calls',
      width: 'minmax(120px, 1.4fr)',
      sortKey: (row) => toolCallsPreview(row.result) || null,
      cell: (row) => ({ text: toolCallsPreview(row.result), title: toolCallsText(row.result) || undefined }),
      exports: [{ header: 'tool calls', value: (row) => (row.result.trajectory ? JSON.stringify(row.result.trajectory) : '') }],
    },
    ...evaluators.map((name): Column<ResultRow> => ({
      id: `eval:${name}`,
      title: name,
      width: 'minmax(110px, 1.3fr)',
      sortKey: (row) => {
        const v = verdictNamed(row.result, name);
        return v ? (v.score ?? (v.passed ? 1 : 0)) : null;
      },
      cell: (row) => verdictCell(verdictNamed(row.result, name)),
      exports: [
        { header: `${name}: passed`, value: (row) => verdictNamed(row.result, name)?.passed },
        { header: `${name}: reason`, value: (row) => verdictNamed(row.result, name)?.reason },
      ],
    })),
    {
      id: 'tokens',
      title: 'Tokens',
      width: '100px',
      align: 'end',
      sortKey: (row) => (row.result.usage ? row.result.usage.inputTokens + row.result.usage.outputTokens : null),
      cell: (row) => ({ text: row.result.usage ? `${int(row.result.usage.inputTokens)} / ${int(row.result.usage.outputTokens)}` : '' }),
      exports: [
        { header: 'input tokens', value: (row) => row.result.usage?.inputTokens },
        { header: 'output tokens', value: (row) => row.result.usage?.outputTokens },
      ],
    },
    {
      id: 'latency',
      title: 'Latency',
      width: '92px',
      align: 'end',
      sortKey: (row) => row.result.latencyMs,
      cell: (row) => ({ text: ms(row.result.latencyMs) }),
      exports: [{ header: 'latency ms', value: (row) => row.result.latencyMs }],
    },
    streamed && {
      id: 'ttft',
      title: 'TTFT',
      width: '84px',
      align: 'end',
      sortKey: (row) => row.result.ttftMs ?? null,
      cell: (row) => ({ text: row.result.ttftMs === undefined ? '' : ms(row.result.ttftMs), title: 'time to first token' }),
      exports: [{ header: 'time to first token ms', value: (row) => row.result.ttftMs }],
    },
    {
      id: 'cost',
      title: 'Cost',
      width: '116px',
      align: 'end',
      sortKey: (row) => resultCost(row.result),
      cell: (row) => costCell(row.result),
      exports: [
        { header: 'cost usd', value: (row) => resultCost(row.result) },
        { header: 'spent usd', value: (row) => row.result.costUsd },
      ],
    },
    {
      id: 'cache',
      title: 'Cache',
      width: '60px',
      sortKey: (row) => (row.result.cacheHit ? 1 : 0),
      cell: (row) => ({ text: row.result.cacheHit ? 'hit' : '', tone: 'muted' }),
      exports: [{ header: 'cache hit', value: (row) => row.result.cacheHit }],
    },
    {
      id: 'error',
      title: 'Error',
      width: 'minmax(90px, 1fr)',
      sortKey: (row) => errorText(row.result) || null,
      cell: (row) => ({ text: errorText(row.result), tone: 'error' }),
      exports: [{ header: 'error', value: (row) => errorText(row.result) }],
    },
  ];
  return columns.filter((c): c is Column<ResultRow> => c !== false);
}

/** The output, marked when it was cut off or refused through the API (which the text alone does not show). */
function outputCell(r: CaseResult): Cell {
  const notes = answerNotes(r);
  const text = outputPreview(r);
  if (r.error) return { text, tone: 'error' };
  if (r.finishReason === 'length') return { text: `✂ ${text}`, tone: 'warn', title: notes.join('\n') };
  if (r.refusal) return { text: text || `refused: ${r.refusal}`, tone: 'warn', title: notes.join('\n') };
  return { text };
}

export function resultDetails(row: ResultRow, record: RunRecord, images: Readonly<Record<string, string>> = {}): Details {
  const r = row.result;
  const label = row.evalCase?.label ?? r.caseId;
  const fields: Array<[string, string]> = [
    ['Result', statusCell(r.status).text],
    ['Model', r.model],
    ['Repeat', `#${r.repeat + 1} of ${record.options.repeat}`],
    ['Latency', ms(r.latencyMs)],
    ['Cost', `${usd(resultCost(r))}${r.judgeCostUsd ? ` (judge ${usd(r.judgeCostUsd)})` : ''}${r.cachedCostUsd !== undefined ? ` (cached; ${usd(r.costUsd)} spent this run)` : ''}`],
    ['Tokens in/out', r.usage ? `${int(r.usage.inputTokens)} / ${int(r.usage.outputTokens)}` : 'n/a'],
    ['Cache', r.cacheHit ? 'hit' : 'miss'],
    ['Attempts', String(r.attempts)],
  ];
  if (r.finishReason) fields.push(['Finish reason', r.finishReason === 'length' ? 'length (truncated at maxTokens)' : r.finishReason]);
  if (r.ttftMs !== undefined) fields.push(['Time to first token', ms(r.ttftMs)]);
  if (row.evalCase) fields.push(['Source', `${row.evalCase.source.file}:${row.evalCase.source.range.start.line + 1}`]);
  if (row.review) fields.push(['Review', reviewText(row.review)]);
  const notes = answerNotes(r);
  const turns = transcriptText(row.evalCase?.turns);
  const calls = toolCallsText(r);
  const blocks: Details['blocks'] = [
    ...(turns ? [{ title: 'Earlier turns (_messages)', text: turns }] : []),
    { title: 'Output', text: outputText(r) || '(empty)', tone: r.error ? ('error' as const) : undefined },
    ...(notes.length ? [{ title: 'How the answer ended', text: notes.join('\n'), tone: 'warn' as const }] : []),
    ...(calls ? [{ title: 'Tool calls', text: calls }] : []),
    ...r.evaluations.map((v) => ({
      title: `${v.passed ? '✓' : '✗'} ${v.name}`,
      text: [v.reason, ...(v.schemaErrors ?? []).map((e) => `${e.path || '$'}: ${e.message}`)].join('\n'),
      tone: v.evaluatorError ? ('error' as const) : v.passed ? ('pass' as const) : ('fail' as const),
    })),
    { title: 'Vars', text: JSON.stringify(row.evalCase?.vars ?? {}, null, 2) },
  ];
  if (row.evalCase?.expected !== undefined)
    blocks.push({ title: 'Expected', text: typeof row.evalCase.expected === 'string' ? row.evalCase.expected : JSON.stringify(row.evalCase.expected, null, 2) });
  if (r.error) blocks.push({ title: 'Error', text: errorText(r), tone: 'error' });
  const actions: Action[] = [{ label: 'Open case in dataset', message: { type: 'openCase', recordId: record.id, caseId: r.caseId } }];
  actions.push(...reviewActions(record, r));
  for (const model of record.models.filter((m) => m !== r.model)) {
    actions.push({
      label: `Diff output with ${model}`,
      message: { type: 'diffOutputs', left: { recordId: record.id, caseId: r.caseId, model: r.model, repeat: r.repeat }, right: { recordId: record.id, caseId: r.caseId, model, repeat: r.repeat } },
    });
  }
  const caseImages = (row.evalCase?.images ?? []).map((ref) => ({ ref, ...(images[imageKey(r.caseId, ref)] ? { src: images[imageKey(r.caseId, ref)] } : {}) }));
  return { title: `${label} · ${r.model}${record.options.repeat > 1 ? ` · #${r.repeat + 1}` : ''}`, fields, blocks, actions, ...(caseImages.length ? { images: caseImages } : {}) };
}

export function resultsView(record: RunRecord, images: Readonly<Record<string, string>> = {}): ViewModel<ResultRow> {
  const tally = resultsTally(record);
  const { rows, evaluators, all, groups } = tally;
  // isRepeated(record), without another pass over the results.
  const repeated = record.options.repeat > 1 || tally.repeats;
  return {
    kind: 'results',
    title: record.prompt.name ?? record.prompt.path,
    subtitle: runSubtitle(record),
    columns: resultColumns(record, evaluators, repeated, tally),
    rows,
    evaluators,
    rowLines: 1,
    filter: filterResultRows,
    summary: [withReviewCards(summaryBlock(record.models.length > 1 ? 'All models' : (record.models[0] ?? 'Run'), all, repeated), record)],
    summaryGroup: 'Model',
    charts: groupCharts(record.models.map((model, i) => ({ label: model, summary: groups[i], results: tally.byModel[i], latencies: tally.latencies[i] }))),
    totals: (shown) => {
      // Every row shown (one per result): the whole run's summary, already made.
      const cells = totalsCells(shown.length === rows.length ? all : summarizeGroup(shown.map((r) => r.result)), repeated);
      return { case: { text: 'Totals', sub: plural(shown.length, 'result'), title: `Totals of the ${plural(shown.length, 'result')} shown` }, ...cells };
    },
    details: (row) => resultDetails(row, record, images),
    rowTone: () => undefined,
    actions: [],
  };
}

export function runSubtitle(record: RunRecord): string {
  const when = record.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const git = record.git ? ` · ${record.git.commit.slice(0, 7)}${record.git.dirty ? ' (modified)' : ''}` : '';
  const status = record.status === 'completed' ? '' : record.status === 'pending' ? ` · ${batchState(record, Date.now())}` : ` · ${record.status}`;
  const batch = record.options.batch && record.status !== 'pending' ? ' · batch run' : '';
  return `${record.prompt.path} · ${when}${git} · ${plural(record.cases.length, 'case')} × ${plural(record.models.length, 'model')}${record.options.repeat > 1 ? ` × ${plural(record.options.repeat, 'repeat')}` : ''}${status}${batch}`;
}

/** "batch pending: 2 batches submitted 14:02 UTC, 40/100 answered, 12 min ago" – a batch run waiting for its provider. */
export function batchState(record: Pick<RunRecord, 'batch'>, now: number): string {
  const jobs = record.batch?.jobs ?? [];
  if (jobs.length === 0) return 'batch pending: submitting';
  const first = Math.min(...jobs.map((j) => Date.parse(j.submittedAt)));
  const total = jobs.reduce((sum, j) => sum + (j.counts?.total || j.requests), 0);
  const answered = jobs.reduce((sum, j) => sum + (j.counts ? j.counts.completed + j.counts.failed : 0), 0);
  const minutes = Math.max(0, Math.round((now - first) / 60_000));
  const at = new Date(first).toISOString().slice(11, 16);
  return `batch pending: ${jobs.length} batch${jobs.length === 1 ? '' : 'es'} submitted ${at} UTC, ${answered}/${total} answered, ${minutes < 60 ? `${minutes} min` : `${(minutes / 60).toFixed(1)} h`} ago`;
}

/** A result's cost at what its answer cost when produced, marked when it came from the cache. */
function costCell(r: CaseResult): Cell {
  const cost = resultCost(r);
  if (cost === null) return { text: usd(null), title: 'no known price for this model' };
  if (r.cachedCostUsd === undefined) return { text: usd(cost) };
  return { text: usd(cost), sub: 'cached', title: `cached: ${usd(cost)} when produced, ${usd(r.costUsd)} spent this run` };
}
