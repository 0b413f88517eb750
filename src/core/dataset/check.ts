import type { Diagnostic } from '../diagnostics.js';
import type { ParsedPrompt } from '../prompt/parse.js';
import { findPlaceholders, placeholderNames } from '../template.js';
import { placeholderRange } from '../prompt/placeholderRange.js';
import { BUILTIN_EVALUATORS, builtinVars } from '../evaluators/builtins.js';
import type { EvalCase } from './row.js';

/**
 * Checks the prompt's `{{vars}}` against the cases before anything is sent: a variable no row
 * provides is reported once on the message; a row that lacks a variable others provide is
 * reported on the row. gh models sends such a placeholder as written ("{{x}}"), so these are
 * warnings – errors when the prompt is read strictly (github/gh-models pkg/prompt TemplateString).
 */
export function checkCases(parsed: ParsedPrompt, cases: readonly EvalCase[]): Diagnostic[] {
  const prompt = parsed.prompt;
  if (!prompt || cases.length === 0) return [];
  const severity = prompt.strict ? 'error' : 'warning';
  const out: Diagnostic[] = [];
  const used = new Map<string, number[]>();
  prompt.messages.forEach((m, i) => {
    for (const name of placeholderNames(m.content)) if (name.trim() === name) used.set(name, [...(used.get(name) ?? []), i]);
  });
  for (const [name, messageIndexes] of used) {
    const lacking = cases.filter((c) => !Object.hasOwn(c.vars, name));
    if (lacking.length === 0) continue;
    if (lacking.length === cases.length) {
      for (const i of messageIndexes) {
        const content = prompt.messages[i].content;
        const first = findPlaceholders(content).find((p) => p.name === name)!;
        out.push({
          file: parsed.file,
          range: placeholderRange(parsed.yaml, ['messages', i, 'content'], content, first),
          severity,
          message: `{{${name}}} is not provided by any dataset row, so it is sent as written ("{{${name}}}"), as gh models does`,
          code: 'template/undefined-var',
        });
      }
      continue;
    }
    for (const c of lacking) {
      out.push({
        file: c.source.file,
        range: c.source.range,
        severity,
        message: `this row has no "${name}", used as {{${name}}} in messages[${messageIndexes[0]}]; it is sent as written ("{{${name}}}"), as gh models does`,
        code: 'dataset/missing-var',
      });
    }
  }
  out.push(...checkBuiltinNeeds(parsed, cases));
  return out;
}

function checkBuiltinNeeds(parsed: ParsedPrompt, cases: readonly EvalCase[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const evaluators = parsed.prompt?.evaluators ?? [];
  const ghCount = ((parsed.data?.evaluators as unknown[] | undefined) ?? []).length;
  evaluators.forEach((e, i) => {
    if (!e.uses) return;
    const name = e.uses.replace(/^github\//, '');
    const builtin = BUILTIN_EVALUATORS[name];
    if (!builtin) return;
    const missingIn = (c: EvalCase) => builtin.needs.filter((v) => !Object.hasOwn(builtinVars(name, c.vars), v));
    const lacking = cases.filter((c) => missingIn(c).length > 0);
    if (lacking.length === 0) return;
    const names = [...new Set(lacking.flatMap(missingIn))];
    const path = i < ghCount ? ['evaluators', i] : ['workbench', 'evaluators', i - ghCount];
    out.push({
      file: parsed.file,
      range: parsed.yaml.rangeOf(path),
      severity: parsed.prompt?.strict ? 'error' : 'warning',
      message: `${e.uses} uses ${names.map((v) => `{{${v}}}`).join(' and ')}, which ${lacking.length} of ${cases.length} rows lack; the judge gets it as written, as gh models does`,
      code: 'evaluator/missing-var',
    });
  });
  return out;
}

/** Variables a row must provide: the placeholders of every message. */
export function requiredVars(parsed: ParsedPrompt): string[] {
  return [...new Set((parsed.prompt?.messages ?? []).flatMap((m) => placeholderNames(m.content)))];
}
