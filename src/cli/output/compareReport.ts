import type { Comparison, RecordCase, VersionPair } from '../../core/index.js';
import { percent, points, pText } from '../../shared/format.js';
import { caseWhere } from './caseLocation.js';
import { failureReason } from './markdown/runSummary.js';

// compare's results: per prompt and model the verdict, the counts and the cases that broke or
// were fixed (terminal), and the same as JSON.

export interface CompareEntry {
  comparison: Comparison;
  labels: { before: string; after: string };
  /** The verdict sentence (shared with the editor's comparison views). */
  verdict: string;
  /** The folder the records' paths are relative to. */
  root: string;
}

/** Something compare says about a prompt file instead of comparing it (new, unchanged, does not run at base). */
export interface CompareNote {
  prompt: string;
  text: string;
}

export function outcomeWord(c: Comparison): string {
  if (c.difference.paired === 0) return 'nothing to compare';
  if (c.difference.direction === 'worse') return 'worse beyond noise';
  if (c.difference.direction === 'better') return 'better beyond noise';
  return 'within noise';
}

const MARKS = { worse: '▼', better: '▲', same: '=' } as const;

export function printComparison(entry: CompareEntry, cwd: string, limit = 20): string {
  const { comparison: c, labels } = entry;
  const counts = c.difference.counts;
  const same = counts['same-pass'] + counts['same-fail'] + counts.same;
  const lines = [
    '',
    `${c.prompt} · ${c.model}${c.model === `${labels.before} → ${labels.after}` ? '' : `  (${labels.before} → ${labels.after})`}`,
    `${MARKS[c.difference.direction]} ${labels.after} is ${outcomeWord(c)} against ${labels.before}: ${percent(c.difference.beforeRate)} → ${percent(c.difference.afterRate)} (${points(c.difference.delta)}), ${c.difference.test.method} ${pText(c.difference.test.pValue)}`,
    `  ${entry.verdict}`,
    `  ${counts.broke} broke · ${counts.fixed} fixed · ${same} same${counts['only-before'] ? ` · ${counts['only-before']} only in ${labels.before}` : ''}${counts['only-after'] ? ` · ${counts['only-after']} only in ${labels.after}` : ''}${counts.pending ? ` · ${counts.pending} undecided` : ''}`,
  ];
  const cases = new Map([...c.base.cases, ...c.head.cases].map((k) => [k.id, k]));
  for (const change of ['broke', 'fixed'] as const) {
    const pairs = c.pairs.filter((p) => p.change === change);
    if (pairs.length === 0) continue;
    lines.push(`  ${change === 'broke' ? 'Broke' : 'Fixed'}:`);
    lines.push(...pairs.slice(0, limit).map((p) => `    ${change === 'broke' ? '▼' : '▲'} ${pairLine(p, cases.get(p.caseId), entry.root, cwd)}`));
    if (pairs.length > limit) lines.push(`    … and ${pairs.length - limit} more (--json lists them all)`);
  }
  return `${lines.join('\n')}\n`;
}

function pairLine(pair: VersionPair, evalCase: RecordCase | undefined, root: string, cwd: string): string {
  const rate = (side: 'before' | 'after') => (pair[side] ? `${pair[side].passed}/${pair[side].decided}` : '–');
  const failing = pair.after?.results.find((r) => r.status === 'failed' || r.status === 'errored');
  const why = pair.change === 'broke' && failing ? `  – ${failureReason(failing)}` : '';
  return `${caseWhere(evalCase, pair.caseId, root, cwd)}  ${evalCase?.label ?? pair.caseId}  ${rate('before')} → ${rate('after')}${why}`;
}

export function compareJson(entries: readonly CompareEntry[], notes: readonly CompareNote[], exitCode: number, options: { alpha: number; failOnRegression: boolean }) {
  return {
    exitCode,
    alpha: options.alpha,
    failOnRegression: options.failOnRegression,
    regression: entries.some((e) => e.comparison.regression),
    comparisons: entries.map(({ comparison: c, labels, verdict }) => ({
      prompt: c.prompt,
      model: c.model,
      base: { label: labels.before, runId: c.base.id, passRate: c.difference.beforeRate },
      head: { label: labels.after, runId: c.head.id, passRate: c.difference.afterRate },
      paired: c.difference.paired,
      delta: c.difference.delta,
      test: c.difference.test,
      largerThanNoise: c.difference.largerThanNoise,
      direction: c.difference.direction,
      regression: c.regression,
      verdict,
      counts: c.difference.counts,
      fixed: c.pairs.filter((p) => p.change === 'fixed').map((p) => p.caseId),
      broke: c.pairs.filter((p) => p.change === 'broke').map((p) => p.caseId),
    })),
    notes,
  };
}
