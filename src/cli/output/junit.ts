import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { caseRepeats, runCaseGroups, type CaseRepeats, type CaseResult, type FinishedRun, type RecordCase, type RunRecord } from '../../core/index.js';

// JUnit XML, the format every CI understands: a suite per prompt file × model, a test per case
// (and repeat); failed evaluators become <failure>, request errors <error>, cancelled <skipped>.
// A flaky case – one that passed some of its repeats, not all – is marked where every JUnit
// consumer shows it: the failure message of its failing repeats starts with "flaky (passed 2 of 3
// repeats)" and their type is "flaky"; each of its testcases also carries <properties> with
// flaky=true and passedRepeats=2/3 for tools that read testcase properties (JUnit 5, Ant).
// Surefire's <flakyFailure> is not used: it belongs inside a testcase that passed, which most
// consumers then show as a plain pass.

export function escapeXml(text: string): string {
  // XML 1.0 cannot carry most control characters at all, even escaped.
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

interface SuiteCounts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  seconds: number;
}

type Write = (text: string) => void | Promise<void>;

/** Writes the document to a file as it goes: a run of any size is never held. */
export async function writeJunitFile(file: string, runs: readonly FinishedRun[]): Promise<void> {
  const out = createWriteStream(file);
  const closed = finished(out);
  await writeJunit(runs, async (text) => {
    if (!out.write(text)) await once(out, 'drain');
  });
  out.end();
  await closed;
}

/** The whole document as a string, for runs held in memory (tests, small runs). */
export async function junitXml(runs: readonly FinishedRun[]): Promise<string> {
  const parts: string[] = [];
  await writeJunit(runs, (text) => void parts.push(text));
  return parts.join('');
}

/** Writes the document piece by piece; a run's results are read from its record file when memory holds only some. */
export async function writeJunit(runs: readonly FinishedRun[], write: Write): Promise<void> {
  // Suite attributes come before their testcases: a first pass counts, a second writes.
  const counts = await Promise.all(runs.map(suiteCounts));
  const total = counts
    .flatMap((byModel) => [...byModel.values()])
    .reduce((t, c) => ({ tests: t.tests + c.tests, failures: t.failures + c.failures, errors: t.errors + c.errors }), { tests: 0, failures: 0, errors: 0 });
  await write(`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="prompt-workbench" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}">\n`);
  for (const [i, run] of runs.entries()) {
    const { record } = run;
    const flaky = new Map(
      caseRepeats(record)
        .filter((e) => e.flaky)
        .map((e) => [`${e.caseId}\u0000${e.model}`, e]),
    );
    for (const model of record.models) {
      const c = counts[i].get(model) ?? { tests: 0, failures: 0, errors: 0, skipped: 0, seconds: 0 };
      await write(
        `  <testsuite name="${escapeXml(`${record.prompt.name ?? record.prompt.path} [${model}]`)}" tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}" time="${c.seconds.toFixed(3)}" timestamp="${record.startedAt}">\n`,
      );
      for await (const group of runCaseGroups(run)) {
        for (const r of group.results) if (r.model === model) await write(`${testcase(record, model, group.case, r, flaky.get(`${r.caseId}\u0000${model}`))}\n`);
      }
      await write('  </testsuite>\n');
    }
  }
  await write('</testsuites>\n');
}

async function suiteCounts(run: FinishedRun): Promise<Map<string, SuiteCounts>> {
  const byModel = new Map<string, SuiteCounts>();
  for await (const group of runCaseGroups(run)) {
    for (const r of group.results) {
      const c = byModel.get(r.model) ?? { tests: 0, failures: 0, errors: 0, skipped: 0, seconds: 0 };
      c.tests++;
      if (r.status === 'failed') c.failures++;
      else if (r.status === 'errored') c.errors++;
      else if (r.status === 'cancelled') c.skipped++;
      c.seconds += r.latencyMs / 1000;
      byModel.set(r.model, c);
    }
  }
  return byModel;
}

function testcase(record: RunRecord, model: string, c: RecordCase | undefined, r: CaseResult, flakiness: CaseRepeats | undefined): string {
  const name = `${c?.label ?? r.caseId}${record.options.repeat > 1 ? ` #${r.repeat + 1}` : ''}`;
  const where = c ? `${c.source.file}:${c.source.range.start.line + 1}` : record.prompt.path;
  const attrs = `name="${escapeXml(name)}" classname="${escapeXml(`${record.prompt.path} [${model}]`)}" file="${escapeXml(where)}" time="${(r.latencyMs / 1000).toFixed(3)}"`;
  // Properties first, as the formats that allow them in a testcase place them.
  const props = flakyProperties(flakiness);
  const output = r.output !== undefined ? `\n      <system-out>${escapeXml(r.output)}</system-out>` : '';
  if (r.status === 'passed') return `    <testcase ${attrs}>${props || output ? `${props}${output}\n    ` : ''}</testcase>`;
  if (r.status === 'cancelled') return `    <testcase ${attrs}>\n      <skipped message="cancelled"/>\n    </testcase>`;
  if (r.status === 'errored') {
    const message = `${flakyPrefix(flakiness)}${r.error?.message ?? 'error'}`;
    return `    <testcase ${attrs}>${props}\n      <error message="${escapeXml(message)}" type="${escapeXml(r.error?.kind ?? 'error')}">${escapeXml(message)}</error>${output}\n    </testcase>`;
  }
  const failed = r.evaluations.filter((v) => !v.passed);
  const message = `${flakyPrefix(flakiness)}${failed.map((v) => `${v.name}: ${v.reason}`).join('; ')}`;
  const type = flakiness ? 'flaky' : 'evaluator';
  return `    <testcase ${attrs}>${props}\n      <failure message="${escapeXml(message)}" type="${type}">${escapeXml(failed.map((v) => `${v.name}: ${v.reason}`).join('\n'))}</failure>${output}\n    </testcase>`;
}

function flakyPrefix(flakiness: CaseRepeats | undefined): string {
  return flakiness ? `flaky (passed ${flakiness.passed} of ${flakiness.decided} repeats): ` : '';
}

function flakyProperties(flakiness: CaseRepeats | undefined): string {
  if (!flakiness) return '';
  return `\n      <properties>\n        <property name="flaky" value="true"/>\n        <property name="passedRepeats" value="${flakiness.passed}/${flakiness.decided}"/>\n      </properties>`;
}
