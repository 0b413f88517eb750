import type { CaseResult, RunRecord } from '../../core/index.js';

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

export function ghJsonReports(record: RunRecord): GhEvaluationSummary[] {
  const cases = new Map(record.cases.map((c, i) => [c.id, { vars: c.vars, order: i }]));
  return record.models.map((model) => {
    const results = record.results
      .filter((r) => r.model === model && r.status !== 'cancelled')
      .sort((a, b) => (cases.get(a.caseId)?.order ?? 0) - (cases.get(b.caseId)?.order ?? 0) || a.repeat - b.repeat);
    const testResults = results.map((r) => ({ testCase: cases.get(r.caseId)?.vars ?? {}, modelResponse: (r.output ?? '').trim(), evaluationResults: evaluationResults(r) }));
    const passedTests = testResults.filter((t) => t.evaluationResults.every((e) => e.passed)).length;
    const totalTests = testResults.length;
    return {
      name: record.prompt.name ?? '',
      description: record.prompt.description ?? '',
      model,
      testResults,
      summary: { totalTests, passedTests, failedTests: totalTests - passedTests, passRate: totalTests ? (passedTests / totalTests) * 100 : 100 },
    };
  });
}
