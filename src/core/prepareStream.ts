import type { Diagnostic } from './diagnostics.js';
import { parsePromptFile, type ParsedPrompt } from './prompt/parse.js';
import { casesOf, NO_CASES, openCaseStream, type CaseStream, type StreamOptions } from './dataset/stream.js';
import type { DatasetRef } from './dataset/load.js';
import { checkCodeModules } from './evaluators/codeChecks.js';
import { readPrompt, toolsOf, type PrepareOptions } from './prepare.js';
import { imageSizer, withImageSizes } from './conversation/imageChecks.js';
import type { ImagePolicy } from './conversation/images.js';
import { hasErrors } from './diagnostics.js';
import { findTestDataBlock, RowsNeedWholeFile, type TestDataBlock } from './prompt/testDataBlock.js';
import { findTestDataInFile } from './prompt/testDataFile.js';

// preparePrompt for runs and estimates of any size (the CLI): the same prompt, checks and
// diagnostics, with the cases streamed from their files instead of loaded (dataset/stream.ts), and
// inline rows read like a file's (prompt/testDataBlock.ts), from the file itself (testDataFile.ts).

export interface StreamedPrompt {
  parsed: ParsedPrompt;
  cases: CaseStream;
  datasets: DatasetRef[];
  diagnostics: Diagnostic[];
  /** Diagnostics left out beyond the stream's cap (a million bad rows are counted, not listed). */
  moreDiagnostics: number;
}

/**
 * `visit` sees the cases (their image sizes known) as the datasets are first read: an estimate
 * counts them then instead of reading everything again (see dataset/stream.ts StreamOptions).
 */
export async function preparePromptStream(file: string, options: PrepareOptions, visit?: StreamOptions['visit']): Promise<StreamedPrompt> {
  // From the file itself, its text never held whole (prompt/testDataFile.ts), unless the caller reads the file its own way.
  const inFile = options.readFile ? undefined : findTestDataInFile(file);
  const fromFile = inFile && (await rowsApart(inFile.block, inFile.text, file, options, visit));
  if (fromFile) return fromFile;
  const read = await readPrompt(file, options);
  if ('diagnostic' in read) return { parsed: parsePromptFile('', file), cases: NO_CASES, datasets: [], diagnostics: [read.diagnostic], moreDiagnostics: 0 };
  const block = findTestDataBlock(read.text);
  const apart = block && (await rowsApart(block, () => read.text, file, options, visit));
  return apart || prepareText(read.text, () => read.text, file, options, visit);
}

/** The prompt with its rows read apart, or undefined when they must be read with the whole file. */
async function rowsApart(block: TestDataBlock, text: () => string, file: string, options: PrepareOptions, visit: StreamOptions['visit']): Promise<StreamedPrompt | undefined> {
  try {
    return await prepareText(block.head, text, file, options, visit, block);
  } catch (error) {
    if (!(error instanceof RowsNeedWholeFile)) throw error;
    return undefined;
  }
}

/**
 * The prompt parsed from `source`: the whole file, or – its rows in a plain testData block – the
 * file without them, the rows read as the cases pass. `text` is the whole file's, read when asked.
 */
async function prepareText(source: string, text: () => string, file: string, options: PrepareOptions, visit: StreamOptions['visit'], block?: TestDataBlock): Promise<StreamedPrompt> {
  const parsed = parsePromptFile(source, file, { strict: options.strict, allowCode: options.allowCode, lineGap: block?.gap });
  // A mistake anywhere is reported as the whole-file parse reports it; and the `testData: []` put
  // in must be what the prompt's testData is, or the block was not the prompt's rows.
  if (block && hasErrors(parsed.diagnostics)) throw new RowsNeedWholeFile('the prompt has errors');
  if (block && !(Array.isArray(parsed.data?.testData) && parsed.data.testData.length === 0)) throw new RowsNeedWholeFile('the block is not the testData');
  // An estimate never asks for it; a run record keeps it.
  Object.defineProperty(parsed, 'text', { get: text, enumerable: true, configurable: true });
  // A row's local images are not checked ahead here (that would be a second pass over every
  // dataset): their sizes are read as the cases pass (withImageSizes), and the runner checks each
  // before sending – a refused image is an error on that case.
  const tools = await toolsOf(parsed, options);
  const images = { boundary: options.boundary ?? options.workspaceRoot, allowOutsideWorkspace: options.allowOutsideWorkspace };
  const opened = await openCaseStream(parsed, { ...options, inlineRows: block && (() => block.batches(file)), visit: visit && withSizes(visit, images) });
  // Only a row's own `_evaluators` can name more modules: without any, the prompt's are checked without reading the rows again.
  const modules = options.allowCode ? await checkCodeModules(parsed, opened.stream.rowEvaluators === false ? [] : casesOf(opened.stream), options) : [];
  return {
    parsed,
    cases: withImageSizes(opened.stream, images),
    datasets: opened.datasets,
    diagnostics: [...parsed.diagnostics, ...tools, ...opened.diagnostics, ...modules],
    moreDiagnostics: opened.moreDiagnostics,
  };
}

/** A visitor that sees each case with its image sizes, as the stream's own cases have them. */
function withSizes(visit: NonNullable<StreamOptions['visit']>, policy: ImagePolicy): StreamOptions['visit'] {
  return (parsed) => {
    const inner = visit(parsed);
    const size = imageSizer(policy);
    return (
      inner &&
      (async (cases) => {
        await size(cases);
        await inner(cases);
      })
    );
  };
}
