import { caseRepeats, casesBelow, type FinishedRun } from '../../../core/index.js';
import { percent, plural, usd } from '../../../shared/format.js';
import { fitMarkdown, MARKDOWN_LIMIT, type Part } from './budget.js';
import { failingCases, modelTable, promptHeading, runRoot } from './runSummary.js';

// `eval --markdown` / `--summary`: what a reviewer reads on a pull request or in the job summary.

export interface EvalMarkdownOptions {
  cwd: string;
  exitCode: number;
  failUnder?: number;
  minCasePassRate?: number;
  /** "Shard 1/4" and the like, said under the title. */
  note?: string;
  limit?: number;
}

const TITLES: Record<number, string> = {
  0: '✅ Prompt Workbench: passed',
  1: '❌ Prompt Workbench: failed',
  2: '⚠️ Prompt Workbench: some prompt files did not run',
  130: '⏹️ Prompt Workbench: interrupted',
};

export function evalMarkdown(runs: readonly FinishedRun[], options: EvalMarkdownOptions): string {
  const records = runs.map((r) => r.record);
  const sum = (pick: (s: (typeof records)[number]['summary']) => number) => records.reduce((n, r) => n + pick(r.summary), 0);
  const passed = sum((s) => s.passed);
  const decided = sum((s) => s.passed + s.failed + s.errored);
  const cost = sum((s) => s.costUsd);
  const incomplete = records.some((r) => r.summary.costIncomplete);
  const lines = [`## ${TITLES[options.exitCode] ?? TITLES[1]}`, ''];
  if (options.note) lines.push(`_${options.note}_`, '');
  lines.push(
    decided
      ? `**${percent(passed / decided)}** passed (${passed} of ${plural(decided, 'result')}) in ${plural(records.length, 'prompt file')} · cost ${usd(cost, incomplete)} · ${plural(
          sum((s) => s.cacheHits),
          'cache hit',
        )}`
      : `Nothing was evaluated (${plural(records.length, 'prompt file')}).`,
  );
  const gates = gateLines(runs, options);
  if (gates.length) lines.push('', ...gates);
  const parts: Part[] = [lines.join('\n')];
  for (const run of runs) {
    parts.push(`${promptHeading(run.record)}\n\n${modelTable(run.record)}`);
    const failing = failingCases(run.record, runRoot(run, options.cwd), options.cwd);
    if (failing.rows.length) parts.push(failing);
  }
  return `${fitMarkdown(parts, options.limit ?? MARKDOWN_LIMIT)}\n`;
}

function gateLines(runs: readonly FinishedRun[], options: EvalMarkdownOptions): string[] {
  const lines: string[] = [];
  if (options.failUnder !== undefined) {
    const passed = runs.reduce((n, r) => n + r.record.summary.passed, 0);
    const decided = runs.reduce((n, r) => n + r.record.summary.passed + r.record.summary.failed + r.record.summary.errored, 0);
    const rate = decided ? passed / decided : null;
    const ok = rate === null || rate >= options.failUnder;
    lines.push(`- ${ok ? '✅' : '❌'} pass rate ${percent(rate)} ${ok ? 'is at or above' : 'is below'} the required ${percent(options.failUnder)} (\`--fail-under\`)`);
  }
  if (options.minCasePassRate !== undefined) {
    const below = runs.reduce((n, r) => n + casesBelow(caseRepeats(r.record), options.minCasePassRate!).length, 0);
    lines.push(
      below
        ? `- ❌ ${plural(below, 'case')} passed fewer than ${percent(options.minCasePassRate)} of ${below === 1 ? 'its' : 'their'} repeats (\`--min-case-pass-rate\`)`
        : `- ✅ every case passed at least ${percent(options.minCasePassRate)} of its repeats (\`--min-case-pass-rate\`)`,
    );
  }
  return lines;
}
