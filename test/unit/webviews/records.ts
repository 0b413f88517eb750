import type { CaseResult, RecordCase, ResultStatus, RunRecord } from '../../../src/core/record/types.js';
import { summarize } from '../../../src/core/record/summary.js';

// Small hand-made run records for the view tests: a case list and results given as
// [caseId, model, status, extras] rows.

export type ResultSpec = [caseId: string, model: string, status: ResultStatus, extra?: Partial<CaseResult>];

export function makeCase(id: string, vars: Record<string, unknown> = {}): RecordCase {
  return { id, label: id, vars, source: { file: 'cases.jsonl', range: { start: { line: 0, column: 0 }, end: { line: 0, column: 1 } } } };
}

export function makeResult([caseId, model, status, extra]: ResultSpec): CaseResult {
  return {
    caseId,
    model,
    repeat: 0,
    status,
    messages: [{ role: 'user', content: `ask ${caseId}` }],
    output: `${caseId} on ${model}`,
    evaluations: [{ name: 'check', kind: 'string', passed: status === 'passed', reason: status === 'passed' ? 'ok' : 'nope' }],
    usage: { inputTokens: 10, outputTokens: 2, cachedInputTokens: 0 },
    costUsd: 0.001,
    latencyMs: 100,
    cacheHit: false,
    attempts: 1,
    startedAt: '2026-11-22T10:00:00.000Z',
    ...extra,
  };
}

export function makeRecord(options: { id?: string; models: string[]; cases: string[]; results: ResultSpec[]; repeat?: number; content?: string }): RunRecord {
  const results = options.results.map(makeResult);
  return {
    schema: 'prompt-workbench/run-record',
    version: 1,
    id: options.id ?? '20261122T100000Z-test-abcd',
    status: 'completed',
    startedAt: '2026-11-22T10:00:00.000Z',
    finishedAt: '2026-11-22T10:00:05.000Z',
    tool: { name: 'prompt-workbench', version: '0.1.0' },
    prompt: { path: 'test.prompt.yml', name: 'Test prompt', contentHash: 'h', content: options.content ?? 'name: Test prompt\n', datasets: [] },
    models: options.models,
    parameters: {},
    options: { repeat: options.repeat ?? 1, concurrency: 4, cache: false, timeoutMs: 1000, maxRetries: 0 },
    cases: options.cases.map((id) => makeCase(id, { q: id })),
    results,
    summary: summarize(results, options.models, 5000),
  };
}
