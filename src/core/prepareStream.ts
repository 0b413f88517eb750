import type { Diagnostic } from './diagnostics.js';
import { parsePromptFile, type ParsedPrompt } from './prompt/parse.js';
import { openCaseStream, type CaseStream } from './dataset/stream.js';
import type { DatasetRef } from './dataset/load.js';
import { checkCodeModules } from './evaluators/codeChecks.js';
import { readPrompt, type PrepareOptions } from './prepare.js';

// preparePrompt for runs and estimates of any size (the CLI): the same prompt, checks and
// diagnostics, with the cases streamed from their files instead of loaded (dataset/stream.ts).

export interface StreamedPrompt {
  parsed: ParsedPrompt;
  cases: CaseStream;
  datasets: DatasetRef[];
  diagnostics: Diagnostic[];
  /** Diagnostics left out beyond the stream's cap (a million bad rows are counted, not listed). */
  moreDiagnostics: number;
}

const NO_CASES: CaseStream = { count: 0, cases: async function* () {} };

export async function preparePromptStream(file: string, options: PrepareOptions): Promise<StreamedPrompt> {
  const read = await readPrompt(file, options);
  if ('diagnostic' in read) return { parsed: parsePromptFile('', file), cases: NO_CASES, datasets: [], diagnostics: [read.diagnostic], moreDiagnostics: 0 };
  const parsed = parsePromptFile(read.text, file, { strict: options.strict, allowCode: options.allowCode });
  const opened = await openCaseStream(parsed, options);
  const modules = options.allowCode ? await checkCodeModules(parsed, opened.stream.cases(), options) : [];
  return {
    parsed,
    cases: opened.stream,
    datasets: opened.datasets,
    diagnostics: [...parsed.diagnostics, ...opened.diagnostics, ...modules],
    moreDiagnostics: opened.moreDiagnostics,
  };
}
