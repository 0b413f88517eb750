import type { Diagnostic } from './diagnostics.js';
import { parsePromptFile, type ParsedPrompt } from './prompt/parse.js';
import { casesOf, NO_CASES, openCaseStream, type CaseStream } from './dataset/stream.js';
import type { DatasetRef } from './dataset/load.js';
import { checkCodeModules } from './evaluators/codeChecks.js';
import { readPrompt, toolsOf, type PrepareOptions } from './prepare.js';
import { withImageSizes } from './conversation/imageChecks.js';

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

export async function preparePromptStream(file: string, options: PrepareOptions): Promise<StreamedPrompt> {
  const read = await readPrompt(file, options);
  if ('diagnostic' in read) return { parsed: parsePromptFile('', file), cases: NO_CASES, datasets: [], diagnostics: [read.diagnostic], moreDiagnostics: 0 };
  const parsed = parsePromptFile(read.text, file, { strict: options.strict, allowCode: options.allowCode });
  // A row's local images are not checked ahead here (that would be a second pass over every
  // dataset): their sizes are read as the cases pass (withImageSizes), and the runner checks each
  // before sending – a refused image is an error on that case.
  const tools = await toolsOf(parsed, options);
  const opened = await openCaseStream(parsed, options);
  // Only a row's own `_evaluators` can name more modules: without any, the prompt's are checked without reading the rows again.
  const modules = options.allowCode ? await checkCodeModules(parsed, opened.stream.rowEvaluators === false ? [] : casesOf(opened.stream), options) : [];
  return {
    parsed,
    cases: withImageSizes(opened.stream, { boundary: options.boundary ?? options.workspaceRoot, allowOutsideWorkspace: options.allowOutsideWorkspace }),
    datasets: opened.datasets,
    diagnostics: [...parsed.diagnostics, ...tools, ...opened.diagnostics, ...modules],
    moreDiagnostics: opened.moreDiagnostics,
  };
}
