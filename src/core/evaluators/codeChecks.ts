import type { Diagnostic } from '../diagnostics.js';
import type { ParsedPrompt } from '../prompt/parse.js';
import type { EvalCase } from '../dataset/row.js';
import { resolveCodeModule } from './codeModule.js';
import { codePaths, type EvaluatorBody } from './registry.js';

// When code evaluators are allowed, their modules are checked as the prompt is prepared – a
// missing file, a module outside the workspace or not JavaScript is a positioned error before any
// request is sent, not a surprise after the run. (When they are not allowed, parsing has refused
// them already.)

export interface CodeCheckOptions {
  workspaceRoot: string;
  boundary?: string;
  allowOutsideWorkspace?: boolean;
}

/** The module paths an entry names, with where they sit inside it. */
function modulesIn(e: EvaluatorBody): { path: string[]; file: string }[] {
  return codePaths(e).map((path) => {
    const spec = path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], e) as string | { file: string };
    return { path, file: typeof spec === 'string' ? spec : spec.file };
  });
}

/** The module paths these evaluators would run, as written, once each (for run headers). */
export function codeModuleNames(evaluators: readonly EvaluatorBody[]): string[] {
  return [...new Set(evaluators.flatMap(modulesIn).map((m) => m.file))];
}

export async function checkCodeModules(parsed: ParsedPrompt, cases: Iterable<EvalCase> | AsyncIterable<EvalCase>, options: CodeCheckOptions): Promise<Diagnostic[]> {
  const prompt = parsed.prompt;
  if (!prompt) return [];
  const where = { promptFile: parsed.file, boundary: options.boundary ?? options.workspaceRoot, allowOutsideWorkspace: options.allowOutsideWorkspace };
  const out: Diagnostic[] = [];
  const ghCount = ((parsed.data?.evaluators as unknown[] | undefined) ?? []).length;
  for (const [i, evaluator] of prompt.evaluators.entries()) {
    const base = i < ghCount ? ['evaluators', i] : ['workbench', 'evaluators', i - ghCount];
    for (const { path, file } of modulesIn(evaluator)) {
      const resolved = await resolveCodeModule(file, where);
      if (!resolved.ok)
        out.push({ file: parsed.file, range: parsed.yaml.rangeOf([...base, ...path]), severity: 'error', message: `${path.join('.')}: ${resolved.reason}`, code: 'evaluator/code-module' });
    }
  }
  for await (const c of cases) {
    for (const { path, file } of c.evaluators.flatMap(modulesIn)) {
      const resolved = await resolveCodeModule(file, where);
      if (!resolved.ok) out.push({ file: c.source.file, range: c.source.range, severity: 'error', message: `_evaluators ${path.join('.')}: ${resolved.reason}`, code: 'evaluator/code-module' });
    }
  }
  return out;
}
