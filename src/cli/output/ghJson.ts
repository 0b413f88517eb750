import { caseGroupsOf, runCaseGroups, type CaseResult, type FinishedRun, type RecordCase, type RunRecord } from '../../core/index.js';

// `--format gh-json`: exactly the JSON `gh models eval --json` prints (github/gh-models
// cmd/eval/eval.go: EvaluationSummary, TestResult, EvaluationResult, Summary), so a CI script
// written for gh reads it unchanged. gh evaluates one model; a run of several models gives one
// document per model. passRate is a percentage, 100 when there are no tests, as in gh.

export interface GhEvaluationResult {
  evaluatorName: string;
  score: number;
  passed: boolean;
  details?: string;
}

export interface GhTestResult {
  testCase: Record<string, unknown>;
  modelResponse: string;
  evaluationResults: GhEvaluationResult[];
}

export interface GhEvaluationSummary {
  name: string;
  description: string;
  model: string;
  testResults: GhTestResult[];
  summary: { totalTests: number; passedTests: number; failedTests: number; passRate: number };
}

/** gh fails a whole run on a request error; here the case stays, failed by a "request" result that says why. */
function evaluationResults(result: CaseResult): GhEvaluationResult[] {
  if (result.error && result.status !== 'failed') return [{ evaluatorName: 'request', score: 0, passed: false, details: `${result.error.kind}: ${result.error.message}` }];
  return result.evaluations.map((v) => ({ evaluatorName: v.name, score: v.score ?? (v.passed ? 1 : 0), passed: v.passed, ...(v.reason ? { details: v.reason } : {}) }));
}

/** The documents of a run held in memory, one per model. */
export function ghJsonReports(record: RunRecord): GhEvaluationSummary[] {
  return record.models.map((model) => {
    const testResults = [...caseGroupsOf(record)].flatMap((g) => g.results.filter((r) => r.model === model && r.status !== 'cancelled').map((r) => testResult(g.case, r)));
    return { name: record.prompt.name ?? '', description: record.prompt.description ?? '', model, testResults, summary: summaryOf(testResults) };
  });
}

/**
 * Writes the same documents, each exactly as JSON.stringify(doc, null, 2) would, a test result at a
 * time (`writeLines` takes whole lines, without their last newline): a run of any size is read from
 * its record file, never held.
 */
export async function writeGhJson(run: FinishedRun, writeLines: (text: string) => void): Promise<void> {
  const { record } = run;
  for (const model of record.models) {
    const head = JSON.stringify({ name: record.prompt.name ?? '', description: record.prompt.description ?? '', model }, null, 2).replace(/\n}$/, ',\n  "testResults": [');
    // Each result is written when the next one shows whether it needs a comma.
    let previous: string | undefined;
    let total = 0;
    let passed = 0;
    for await (const group of runCaseGroups(run)) {
      for (const r of group.results) {
        if (r.model !== model || r.status === 'cancelled') continue;
        const result = testResult(group.case, r);
        writeLines(previous === undefined ? head : `${previous},`);
        previous = indent(JSON.stringify(result, null, 2), '    ');
        total++;
        if (result.evaluationResults.every((e) => e.passed)) passed++;
      }
    }
    const summary = indent(JSON.stringify(summaryFromTally(total, passed), null, 2), '  ').trimStart();
    writeLines(`${previous === undefined ? `${head}],` : `${previous}\n  ],`}\n  "summary": ${summary}\n}`);
  }
}

function indent(text: string, by: string): string {
  return text.replace(/^/gm, by);
}

function testResult(c: RecordCase | undefined, r: CaseResult): GhTestResult {
  return { testCase: c?.vars ?? {}, modelResponse: (r.output ?? '').trim(), evaluationResults: evaluationResults(r) };
}

function summaryOf(testResults: readonly GhTestResult[]): GhEvaluationSummary['summary'] {
  return summaryFromTally(testResults.length, testResults.filter((t) => t.evaluationResults.every((e) => e.passed)).length);
}

function summaryFromTally(totalTests: number, passedTests: number): GhEvaluationSummary['summary'] {
  return { totalTests, passedTests, failedTests: totalTests - passedTests, passRate: totalTests ? (passedTests / totalTests) * 100 : 100 };
}
