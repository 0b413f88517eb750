import type { Range } from '../../core/diagnostics.js';
import type { CaseOutcome, Failure } from '../run/caseOutcome.js';
import { groupBy } from '../../core/groupBy.js';
import { truncate } from '../format.js';

// Failing cases as Problems entries at their rows: one per case and model, saying which evaluator
// failed and why (a schema failure's reason carries the JSON path), with a glimpse of the output.

export interface CaseLocation {
  id: string;
  label: string;
  /** Absolute path of the file holding the row (the prompt file or a dataset). */
  file: string;
  range: Range;
}

export interface ResultProblem {
  file: string;
  range: Range;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** The failing evaluator's name, or the request error's kind. */
  code: string;
}

export function resultProblems(cases: readonly CaseLocation[], outcomes: ReadonlyMap<string, CaseOutcome>): ResultProblem[] {
  const out: ResultProblem[] = [];
  for (const c of cases) {
    const outcome = outcomes.get(c.id);
    if (!outcome?.failures.length) continue;
    const range = firstLine(c.range);
    for (const problem of problemsOf(outcome, c.label)) out.push({ file: c.file, range, ...problem });
  }
  return out;
}

/**
 * At most `max` entries per file, then one saying how many more there are and where the rest are
 * listed. The workbench keeps at most 1,000 per file anyway, and each update of a file's entries
 * goes to it and back to every extension host (vscode.languages.getDiagnostics): 6,667 failing
 * cases of a 10,000-case run held the workbench for seconds at a time. While a run goes on, the
 * note does not count: the entries then stay the same once a file's first `max` are in, and
 * nothing is sent again until the run ends.
 */
export function listedPerFile(problems: readonly ResultProblem[], max: number, running = false): ResultProblem[] {
  const counts = new Map<string, number>();
  const firstUnlisted = new Map<string, ResultProblem>();
  const out: ResultProblem[] = [];
  for (const problem of problems) {
    const n = (counts.get(problem.file) ?? 0) + 1;
    counts.set(problem.file, n);
    if (n <= max) out.push(problem);
    else if (n === max + 1) firstUnlisted.set(problem.file, problem);
  }
  for (const [file, first] of firstUnlisted) {
    const more = (counts.get(file) ?? 0) - max;
    const what = running
      ? 'More failing results from this row on are'
      : `${more.toLocaleString('en-US')} more failing ${more === 1 ? 'result' : 'results'} from this row on ${more === 1 ? 'is' : 'are'}`;
    out.push({
      file,
      range: first.range,
      severity: 'info',
      message: `${what} not listed here (Problems lists the first ${max.toLocaleString('en-US')} of a file); the results view lists every case.`,
      code: 'not-listed',
    });
  }
  return out;
}

type Problem = Omit<ResultProblem, 'file' | 'range'>;

/** Made once per outcome and label: a live update of a big run keeps most cases' outcomes. */
const made = new WeakMap<CaseOutcome, { label: string; problems: Problem[] }>();

function problemsOf(outcome: CaseOutcome, label: string): Problem[] {
  const known = made.get(outcome);
  if (known?.label === label) return known.problems;
  const problems = [...groupBy(outcome.failures, (f) => f.model)].map(([model, failures]) => problemOf(outcome, label, model, failures));
  made.set(outcome, { label, problems });
  return problems;
}

function problemOf(outcome: CaseOutcome, label: string, model: string, failures: Failure[]): Problem {
  const first = failures[0];
  const decided = outcome.results.filter((r) => r.model === model && r.status !== 'cancelled').length;
  const repeats = decided > 1 ? ` (${failures.length} of ${decided} repeats)` : '';
  const output = first.status === 'failed' && first.output !== undefined ? ` — output: ${JSON.stringify(truncate(first.output, 80))}` : '';
  return {
    severity: first.status === 'failed' ? 'error' : 'warning',
    message: `Case "${label}" ${first.status} on ${model}${repeats}: ${first.reason}${output}`,
    code: first.evaluator ?? first.reason.split(':')[0],
  };
}

/** A multi-line YAML row is underlined on its first line only: the whole mapping would be noise. */
function firstLine(range: Range): Range {
  if (range.end.line === range.start.line) return range;
  return { start: range.start, end: { line: range.start.line, column: Number.MAX_SAFE_INTEGER } };
}
