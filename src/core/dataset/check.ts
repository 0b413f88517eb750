import type { Diagnostic } from '../diagnostics.js';
import type { ParsedPrompt } from '../prompt/parse.js';
import { findPlaceholders, placeholderNames } from '../template.js';
import { placeholderRange } from '../prompt/placeholderRange.js';
import { BUILTIN_EVALUATORS, builtinVars } from '../evaluators/builtins.js';
import type { CaseSource, EvalCase } from './row.js';

// Checks the prompt's `{{vars}}` against the cases before anything is sent: a variable no row
// provides is reported once on the message; a row that lacks a variable others provide is
// reported on the row. gh models sends such a placeholder as written ("{{x}}"), so these are
// warnings – errors when the prompt is read strictly (github/gh-models pkg/prompt TemplateString).
// The checker takes the cases one at a time, so a dataset of any size is checked as it streams by;
// it keeps counts and, per variable, the first rows that lack it.

/** Rows named per problem; more are counted in the message, not listed. */
const MAX_ROWS_PER_PROBLEM = 200;

export interface CaseChecker {
  add(evalCase: EvalCase): void;
  finish(): Diagnostic[];
}

interface Usage {
  name: string;
  messages: number[];
  provided: number;
  lacking: CaseSource[];
}

interface BuiltinUse {
  uses: string;
  name: string;
  path: (string | number)[];
  lacking: number;
  missing: Set<string>;
}

export function createCaseChecker(parsed: ParsedPrompt): CaseChecker {
  const prompt = parsed.prompt;
  let count = 0;
  const usages: Usage[] = [];
  for (const [i, m] of (prompt?.messages ?? []).entries()) {
    for (const name of placeholderNames(m.content)) {
      if (name.trim() !== name) continue;
      const known = usages.find((u) => u.name === name);
      if (known) known.messages.push(i);
      else usages.push({ name, messages: [i], provided: 0, lacking: [] });
    }
  }
  const builtins = builtinUses(parsed);
  return {
    add(c) {
      count++;
      for (const u of usages) {
        if (Object.hasOwn(c.vars, u.name)) u.provided++;
        else if (u.lacking.length < MAX_ROWS_PER_PROBLEM) u.lacking.push(c.source);
      }
      for (const b of builtins) {
        const missing = BUILTIN_EVALUATORS[b.name].needs.filter((v) => !Object.hasOwn(builtinVars(b.name, c.vars), v));
        if (!missing.length) continue;
        b.lacking++;
        for (const m of missing) b.missing.add(m);
      }
    },
    finish() {
      if (!prompt) return [];
      if (count === 0) return noCasesProblem(parsed, usages);
      return [...usages.flatMap((u) => usageProblems(parsed, u, count)), ...builtins.flatMap((b) => builtinProblem(parsed, b, count))];
    },
  };
}

/** A prompt with {{vars}} and not one case: a run would have nothing to send, so say so where the first var is. */
function noCasesProblem(parsed: ParsedPrompt, usages: readonly Usage[]): Diagnostic[] {
  const prompt = parsed.prompt!;
  // A dataset that yields no rows is reported by its loader.
  if (!usages.length || prompt.datasets.length) return [];
  const u = usages[0];
  const content = prompt.messages[u.messages[0]].content;
  const first = findPlaceholders(content).find((p) => p.name === u.name)!;
  const names = usages.map((v) => `{{${v.name}}}`).join(', ');
  return [
    {
      file: parsed.file,
      range: placeholderRange(parsed.yaml, ['messages', u.messages[0], 'content'], content, first),
      severity: 'warning',
      message: `no test data fills ${names}: a run has no case to send and evaluates nothing – add a testData row (${usages.map((v) => `${v.name}: …`).join(', ')}) or a dataset`,
      code: 'prompt/no-test-data',
    },
  ];
}

function usageProblems(parsed: ParsedPrompt, u: Usage, count: number): Diagnostic[] {
  const prompt = parsed.prompt!;
  const severity = prompt.strict ? 'error' : 'warning';
  if (u.provided === count) return [];
  if (u.provided === 0) {
    return u.messages.map((i) => {
      const content = prompt.messages[i].content;
      const first = findPlaceholders(content).find((p) => p.name === u.name)!;
      return {
        file: parsed.file,
        range: placeholderRange(parsed.yaml, ['messages', i, 'content'], content, first),
        severity,
        message: `{{${u.name}}} is not provided by any dataset row, so it is sent as written ("{{${u.name}}}"), as gh models does`,
        code: 'template/undefined-var',
      };
    });
  }
  const lackingCount = count - u.provided;
  const more = lackingCount - u.lacking.length;
  return u.lacking.map((source, k) => ({
    file: source.file,
    range: source.range,
    severity,
    message: `this row has no "${u.name}", used as {{${u.name}}} in messages[${u.messages[0]}]; it is sent as written ("{{${u.name}}}"), as gh models does${k === u.lacking.length - 1 && more > 0 ? ` (and ${more} more rows)` : ''}`,
    code: 'dataset/missing-var',
  }));
}

function builtinUses(parsed: ParsedPrompt): BuiltinUse[] {
  const ghCount = ((parsed.data?.evaluators as unknown[] | undefined) ?? []).length;
  return (parsed.prompt?.evaluators ?? []).flatMap((e, i) => {
    const name = e.uses?.replace(/^github\//, '');
    if (!e.uses || !name || !Object.hasOwn(BUILTIN_EVALUATORS, name)) return [];
    const path = i < ghCount ? ['evaluators', i] : ['workbench', 'evaluators', i - ghCount];
    return [{ uses: e.uses, name, path, lacking: 0, missing: new Set<string>() }];
  });
}

function builtinProblem(parsed: ParsedPrompt, b: BuiltinUse, count: number): Diagnostic[] {
  if (b.lacking === 0) return [];
  return [
    {
      file: parsed.file,
      range: parsed.yaml.rangeOf(b.path),
      severity: parsed.prompt?.strict ? 'error' : 'warning',
      message: `${b.uses} uses ${[...b.missing].map((v) => `{{${v}}}`).join(' and ')}, which ${b.lacking} of ${count} rows lack; the judge gets it as written, as gh models does`,
      code: 'evaluator/missing-var',
    },
  ];
}

/** All the cases at once (the editor, and prompts whose rows are in memory anyway). */
export function checkCases(parsed: ParsedPrompt, cases: readonly EvalCase[]): Diagnostic[] {
  const checker = createCaseChecker(parsed);
  for (const c of cases) checker.add(c);
  return checker.finish();
}

/** Variables a row must provide: the placeholders of every message. */
export function requiredVars(parsed: ParsedPrompt): string[] {
  return [...new Set((parsed.prompt?.messages ?? []).flatMap((m) => placeholderNames(m.content)))];
}
