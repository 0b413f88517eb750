import type { CaseResult, RecordCase, RunRecord } from '../src/core/record/types.js';
import { summarize } from '../src/core/record/summary.js';
import { seededRandom } from '../src/core/stats.js';

// Synthetic run records for the webview benchmark and tests: any number of cases × models, with
// a realistic mix of text and JSON outputs, passes, failures, errors, cache hits and latencies.
// Seeded, so every run of the benchmark renders the same data.

export interface FixtureOptions {
  cases: number;
  models: string[];
  repeat?: number;
  seed?: number;
  /** Probability a result passes (per model, shifted a little so models differ). */
  passRate?: number;
  id?: string;
  promptContent?: string;
}

const WORDS = 'alpha beta gamma delta capital river mountain summary release parser cache model answer city country ocean desert forest'.split(' ');

export function fixtureRecord(options: FixtureOptions): RunRecord {
  const random = seededRandom(options.seed ?? 7);
  const repeat = options.repeat ?? 1;
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const sentence = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const cases: RecordCase[] = Array.from({ length: options.cases }, (_, i) => ({
    id: `case-${i + 1}`,
    label: `case ${i + 1}: ${sentence(3)}`,
    vars: { topic: sentence(2), n: i, expected: pick(WORDS) },
    expected: pick(WORDS),
    source: { file: 'datasets/big.jsonl', range: { start: { line: i, column: 0 }, end: { line: i, column: 80 } } },
  }));
  const results: CaseResult[] = [];
  const startedAt = '2026-11-22T10:00:00.000Z';
  for (const evalCase of cases) {
    options.models.forEach((model, m) => {
      for (let r = 0; r < repeat; r++) {
        const passes = random() < (options.passRate ?? 0.8) - m * 0.05;
        const errored = random() < 0.01;
        const json = random() < 0.3 ? { answer: pick(WORDS), confidence: Number(random().toFixed(2)), tags: [pick(WORDS), pick(WORDS)] } : undefined;
        const output = errored ? undefined : json ? JSON.stringify(json) : sentence(4 + Math.floor(random() * 30));
        const cacheHit = random() < 0.1;
        const inputTokens = 40 + Math.floor(random() * 200);
        const outputTokens = errored ? 0 : 5 + Math.floor(random() * 120);
        results.push({
          caseId: evalCase.id,
          model,
          repeat: r,
          status: errored ? 'errored' : passes ? 'passed' : 'failed',
          messages: [
            { role: 'system', content: 'You are a helpful assistant. '.repeat(8) },
            { role: 'user', content: `Tell me about ${String(evalCase.vars.topic)}` },
          ],
          output,
          ...(json ? { json } : {}),
          evaluations: errored
            ? []
            : [
                {
                  name: 'contains expected',
                  kind: 'string',
                  passed: passes,
                  score: passes ? 1 : 0,
                  reason: passes ? `contains "${String(evalCase.vars.expected)}"` : `does not contain "${String(evalCase.vars.expected)}"`,
                },
                { name: 'one line', kind: 'regex', passed: true, score: 1, reason: 'matched /^[^\\n]+$/' },
                { name: 'short answer', kind: 'maxOutputTokens', passed: outputTokens <= 120, score: outputTokens <= 120 ? 1 : 0, reason: `${outputTokens} output tokens ≤ limit 120 output tokens` },
              ],
          ...(errored ? {} : { usage: { inputTokens, outputTokens, cachedInputTokens: 0 } }),
          costUsd: cacheHit ? 0 : errored ? 0 : ((inputTokens * 0.15 + outputTokens * 0.6) / 1e6) * (m + 1),
          latencyMs: Math.round(80 + random() * 400 + m * 150 + (random() < 0.05 ? 2000 : 0)),
          cacheHit,
          attempts: errored ? 5 : 1,
          ...(errored ? { error: { kind: 'http' as const, message: 'Internal server error', status: 500 } } : { finishReason: 'stop' }),
          startedAt,
        });
      }
    });
  }
  return {
    schema: 'prompt-workbench/run-record',
    version: 1,
    id: options.id ?? `20261122T100000Z-big-${(options.seed ?? 7).toString(16).padStart(4, '0').slice(-4)}`,
    status: 'completed',
    startedAt,
    finishedAt: '2026-11-22T10:05:00.000Z',
    tool: { name: 'prompt-workbench', version: '0.1.0' },
    prompt: {
      path: 'big.prompt.yml',
      name: 'Big benchmark prompt',
      contentHash: 'x',
      content: options.promptContent ?? 'name: Big benchmark prompt\n',
      datasets: [{ path: 'datasets/big.jsonl', contentHash: 'y', rows: options.cases }],
    },
    models: options.models,
    parameters: {},
    options: { repeat, concurrency: 8, cache: true, timeoutMs: 60000, maxRetries: 4 },
    cases,
    results,
    summary: summarize(results, options.models, 300_000),
  };
}
