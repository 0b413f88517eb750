import { summarizeGroup, summaryCost, type GroupSummary, type RecordCase, type VersionPair } from '../../../core/index.js';
import { ms, percent, points, pText, usd } from '../../../shared/format.js';
import { outputPreview } from '../../../shared/outputText.js';
import { caseWhere } from '../caseLocation.js';
import { outcomeWord, type CompareEntry, type CompareNote } from '../compareReport.js';
import { fitMarkdown, MARKDOWN_LIMIT, type Part, type RowList } from './budget.js';
import { htmlText, mdCode, mdText } from './escape.js';
import { failureReason, passRateCell } from './runSummary.js';
import { mdRow, mdTable } from './table.js';

// `compare --markdown` / `--summary`: per prompt and model whether head is worse, better or the
// same as base beyond noise, in one sentence, the figures side by side, and what broke or was fixed.

export interface CompareMarkdownOptions {
  cwd: string;
  alpha: number;
  failOnRegression: boolean;
  limit?: number;
}

const ICONS = { worse: '❌', better: '✅', same: '➖' } as const;

export function compareMarkdown(entries: readonly CompareEntry[], notes: readonly CompareNote[], options: CompareMarkdownOptions): string {
  const parts: Part[] = [overview(entries, notes, options)];
  for (const entry of entries) parts.push(...comparisonParts(entry, options.cwd));
  return `${fitMarkdown(parts, options.limit ?? MARKDOWN_LIMIT)}\n`;
}

function overview(entries: readonly CompareEntry[], notes: readonly CompareNote[], options: CompareMarkdownOptions): string {
  const worse = entries.filter((e) => e.comparison.regression).length;
  const against = entries[0] ? ` against ${mdText(entries[0].labels.before)}` : '';
  const title = worse
    ? `## ❌ Prompt Workbench: worse beyond noise in ${worse} of ${entries.length} comparison${entries.length === 1 ? '' : 's'}${against}`
    : `## ✅ Prompt Workbench: no regression beyond noise${against}`;
  const lines = [title, '', `Paired test per prompt and model at α = ${options.alpha}${options.failOnRegression ? '; a regression fails this check' : ''}.`];
  if (entries.length) {
    const header = ['Prompt', 'Model', 'Base', 'Head', 'Change', 'Fixed', 'Broke', 'Paired test', 'Verdict'];
    const rows = entries.map(({ comparison: c }) => [
      mdCode(c.prompt),
      mdText(c.model),
      percent(c.difference.beforeRate),
      percent(c.difference.afterRate),
      points(c.difference.delta),
      String(c.difference.counts.fixed),
      String(c.difference.counts.broke),
      `${c.difference.test.method}, ${pText(c.difference.test.pValue)}`,
      `${ICONS[c.difference.direction]} ${outcomeWord(c)}`,
    ]);
    lines.push('', mdTable(header, rows, ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'left', 'left']));
  }
  if (notes.length) lines.push('', ...notes.map((n) => `- ${mdCode(n.prompt)}: ${mdText(n.text)}`));
  return lines.join('\n');
}

function comparisonParts(entry: CompareEntry, cwd: string): Part[] {
  const { comparison: c, labels } = entry;
  const before = summarizeGroup(c.base.results);
  const after = summarizeGroup(c.head.results);
  const latency = (s: typeof before) => (s.latencyMs ? `${ms(s.latencyMs.p50)} / ${ms(s.latencyMs.p95)}` : 'n/a');
  const figures = mdTable(
    ['', mdText(labels.before), mdText(labels.after)],
    [
      ['Pass rate (95% CI)', passRateCell(before), passRateCell(after)],
      ['Passed', `${before.passed} of ${before.passed + before.failed + before.errored}`, `${after.passed} of ${after.passed + after.failed + after.errored}`],
      // Cached answers at what they cost when produced: a side from the cache is not "$0".
      ['Cost', costText(before), costText(after)],
      ['Cost / pass', usd(before.costPerPassingCase, before.costIncomplete), usd(after.costPerPassingCase, after.costIncomplete)],
      ['Latency p50 / p95', latency(before), latency(after)],
    ],
    ['left', 'right', 'right'],
  );
  const heading = `### ${ICONS[c.difference.direction]} ${mdCode(c.prompt)} · ${mdText(c.model)}`;
  const parts: Part[] = [`${heading}\n\n**${mdText(capitalise(outcomeWord(c)))}.** ${mdText(entry.verdict)}\n\n${figures}`];
  const cases = new Map<string, RecordCase>([...c.base.cases, ...c.head.cases].map((k) => [k.id, k]));
  for (const change of ['broke', 'fixed'] as const) {
    const pairs = c.pairs.filter((p) => p.change === change);
    if (pairs.length) parts.push(pairList(change, pairs, cases, entry, cwd));
  }
  return parts;
}

function pairList(change: 'broke' | 'fixed', pairs: readonly VersionPair[], cases: Map<string, RecordCase>, entry: CompareEntry, cwd: string): RowList {
  const { before, after } = entry.labels;
  const broke = change === 'broke';
  const header = ['Where', 'Case', mdText(before), mdText(after), ...(broke ? [`Why (${mdText(after)})`] : []), `Output (${mdText(after)})`];
  const rate = (group: VersionPair['before']) => (group ? `${group.passed}/${group.decided}` : '–');
  const rows = pairs.map((p) => {
    const failing = p.after?.results.find((r) => r.status === 'failed' || r.status === 'errored');
    const shown = broke ? failing : p.after?.first;
    return mdRow([
      mdCode(caseWhere(cases.get(p.caseId), p.caseId, entry.root, cwd)),
      mdText(cases.get(p.caseId)?.label ?? p.caseId, 80),
      rate(p.before),
      rate(p.after),
      ...(broke ? [failing ? mdText(failureReason(failing), 160) : ''] : []),
      shown ? mdText(outputPreview(shown, 100), 100) : '',
    ]);
  });
  const title = broke ? `Broke: ${rows.length} (passed more often in ${before} than in ${after})` : `Fixed: ${rows.length} (passed more often in ${after} than in ${before})`;
  return {
    head: `<details${broke && rows.length <= 20 ? ' open' : ''}><summary>${htmlText(title)}</summary>\n\n${mdTable(header, [])}\n`,
    rows,
    tail: '\n</details>',
    more: (omitted) => mdRow([`_… and ${omitted} more, left out to keep this summary under GitHub's size limit_`, ...header.slice(1).map(() => '')]),
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "$0.0042" or "$0.0042 (cached)": the results at what they cost when produced. */
function costText(s: GroupSummary): string {
  return `${usd(summaryCost(s), s.costIncomplete)}${s.cachedCostUsd ? ' (cached)' : ''}`;
}
