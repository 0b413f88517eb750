import { caseRepeats, type CaseRepeats, type RunRecord } from '../../core/index.js';

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

export function junitXml(records: readonly RunRecord[]): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  for (const record of records) {
    const flaky = new Map(
      caseRepeats(record)
        .filter((e) => e.flaky)
        .map((e) => [`${e.caseId}\u0000${e.model}`, e]),
    );
    for (const model of record.models) {
      const results = record.results.filter((r) => r.model === model);
      const labels = new Map(record.cases.map((c) => [c.id, c]));
      const cases = results.map((r) => {
        const c = labels.get(r.caseId);
        const name = `${c?.label ?? r.caseId}${record.options.repeat > 1 ? ` #${r.repeat + 1}` : ''}`;
        const where = c ? `${c.source.file}:${c.source.range.start.line + 1}` : record.prompt.path;
        const attrs = `name="${escapeXml(name)}" classname="${escapeXml(`${record.prompt.path} [${model}]`)}" file="${escapeXml(where)}" time="${(r.latencyMs / 1000).toFixed(3)}"`;
        const flakiness = flaky.get(`${r.caseId}\u0000${model}`);
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
      });
      const f = results.filter((r) => r.status === 'failed').length;
      const e = results.filter((r) => r.status === 'errored').length;
      const s = results.filter((r) => r.status === 'cancelled').length;
      tests += results.length;
      failures += f;
      errors += e;
      const time = results.reduce((sum, r) => sum + r.latencyMs, 0) / 1000;
      suites.push(
        `  <testsuite name="${escapeXml(`${record.prompt.name ?? record.prompt.path} [${model}]`)}" tests="${results.length}" failures="${f}" errors="${e}" skipped="${s}" time="${time.toFixed(3)}" timestamp="${record.startedAt}">\n${cases.join('\n')}\n  </testsuite>`,
      );
    }
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="prompt-workbench" tests="${tests}" failures="${failures}" errors="${errors}">\n${suites.join('\n')}\n</testsuites>\n`;
}

function flakyPrefix(flakiness: CaseRepeats | undefined): string {
  return flakiness ? `flaky (passed ${flakiness.passed} of ${flakiness.decided} repeats): ` : '';
}

function flakyProperties(flakiness: CaseRepeats | undefined): string {
  if (!flakiness) return '';
  return `\n      <properties>\n        <property name="flaky" value="true"/>\n        <property name="passedRepeats" value="${flakiness.passed}/${flakiness.decided}"/>\n      </properties>`;
}
