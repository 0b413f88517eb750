import type { RunRecord } from '../../core/index.js';

// JUnit XML, the format every CI understands: a suite per prompt file × model, a test per case
// (and repeat); failed evaluators become <failure>, request errors <error>, cancelled <skipped>.

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
    for (const model of record.models) {
      const results = record.results.filter((r) => r.model === model);
      const labels = new Map(record.cases.map((c) => [c.id, c]));
      const cases = results.map((r) => {
        const c = labels.get(r.caseId);
        const name = `${c?.label ?? r.caseId}${record.options.repeat > 1 ? ` #${r.repeat + 1}` : ''}`;
        const where = c ? `${c.source.file}:${c.source.range.start.line + 1}` : record.prompt.path;
        const attrs = `name="${escapeXml(name)}" classname="${escapeXml(`${record.prompt.path} [${model}]`)}" file="${escapeXml(where)}" time="${(r.latencyMs / 1000).toFixed(3)}"`;
        const output = r.output !== undefined ? `\n      <system-out>${escapeXml(r.output)}</system-out>` : '';
        if (r.status === 'passed') return `    <testcase ${attrs}>${output ? `${output}\n    ` : ''}</testcase>`;
        if (r.status === 'cancelled') return `    <testcase ${attrs}>\n      <skipped message="cancelled"/>\n    </testcase>`;
        if (r.status === 'errored') {
          const message = r.error?.message ?? 'error';
          return `    <testcase ${attrs}>\n      <error message="${escapeXml(message)}" type="${escapeXml(r.error?.kind ?? 'error')}">${escapeXml(message)}</error>${output}\n    </testcase>`;
        }
        const failed = r.evaluations.filter((v) => !v.passed);
        const message = failed.map((v) => `${v.name}: ${v.reason}`).join('; ');
        return `    <testcase ${attrs}>\n      <failure message="${escapeXml(message)}" type="evaluator">${escapeXml(failed.map((v) => `${v.name}: ${v.reason}`).join('\n'))}</failure>${output}\n    </testcase>`;
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
