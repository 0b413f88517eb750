import { hasErrors } from './diagnostics.js';
import type { RawRow } from './dataset/row.js';
import { parsePromptFile, type ParsedPrompt } from './prompt/parse.js';
import { findTestDataBlock, RowsNeedWholeFile, RowYamlErrors, type TestDataBlock } from './prompt/testDataBlock.js';
import { prepareParsed, preparePromptText, type PrepareOptions, type PreparedPrompt } from './prepare.js';
import { foldYamlErrors } from './yamlExplain.js';
import { rowMemo } from './prompt/rowMemo.js';

// preparePromptText for the editor's analysis, as you type: the YAML library spends ~0.4 s on a
// 5,000-row testData, so diagnostics and lenses came most of a second after the last key. When
// the rows sit in a plain block, the prompt is parsed without them and the rows are read as the
// CLI reads them (prompt/testDataBlock.ts: the same values, names and ranges; ~0.1 s), with the
// same cases and diagnostics as the whole-file parse. What differs is `parsed.yaml`: it covers the
// prompt without its rows, so it has no node inside testData. The analysis worker's caller never
// sees it (the host asks for positions by landmark, or parses the text itself when it must).

/** The rows this process read lately: the editor's worker checks the same file after every typing pause. */
const rowsRead = rowMemo();

export async function preparePromptTextInline(text: string, file: string, options: PrepareOptions): Promise<PreparedPrompt> {
  const check = await checkPromptTextInline(text, file, options);
  return check.exact ? check.exact() : check.prepared;
}

export interface InlineCheck {
  prepared: PreparedPrompt;
  /**
   * Set when `prepared` is provisional: a row has YAML mistakes, found by reading it alone. Its
   * errors are folded as the whole-file parse folds them, and usually read the same; but a mistake
   * that runs on past its row (an unclosed quote or bracket) is reported further down by the
   * whole-file parse, with more errors after it. This gives that parse's result.
   */
  exact?: () => Promise<PreparedPrompt>;
}

/** What the editor shows as you type: the whole-file parse's result, or a provisional one at once when a row has YAML mistakes. */
export async function checkPromptTextInline(text: string, file: string, options: PrepareOptions): Promise<InlineCheck> {
  const block = findTestDataBlock(text, rowsRead);
  if (block) {
    try {
      return await withRowsApart(text, file, options, block);
    } catch (error) {
      if (!(error instanceof RowsNeedWholeFile)) throw error;
    }
  }
  return { prepared: await preparePromptText(text, file, options) };
}

async function withRowsApart(text: string, file: string, options: PrepareOptions, block: TestDataBlock): Promise<InlineCheck> {
  const parsed = parsePromptFile(block.head, file, { strict: options.strict, allowCode: options.allowCode, lineGap: block.gap });
  // As for the CLI (prepareStream.ts): a mistake anywhere is reported as the whole-file parse reports it.
  if (hasErrors(parsed.diagnostics)) throw new RowsNeedWholeFile('the prompt has errors');
  if (!(Array.isArray(parsed.data?.testData) && parsed.data.testData.length === 0)) throw new RowsNeedWholeFile('the block is not the testData');
  const rows: RawRow[] = [];
  try {
    for (const batch of block.batches(file)) for (const row of batch) rows.push(row);
  } catch (error) {
    if (!(error instanceof RowYamlErrors)) throw error;
    return { prepared: withYamlErrors(parsed, text, error.errors), exact: () => preparePromptText(text, file, options) };
  }
  // The prompt as the whole-file parse gives it: its text, and its rows in testData.
  const values = rows.map((row) => row.value as Record<string, unknown>);
  parsed.text = text;
  if (parsed.data) parsed.data.testData = values;
  if (parsed.prompt) parsed.prompt.testData = values;
  return { prepared: await prepareParsed(parsed, options, rows) };
}

/** What the whole-file parse gives a text with YAML errors – no prompt, no cases – with a row's errors. */
function withYamlErrors(head: ParsedPrompt, text: string, errors: RowYamlErrors['errors']): PreparedPrompt {
  const diagnostics = foldYamlErrors(text, errors);
  return { parsed: { file: head.file, text, yaml: head.yaml, diagnostics }, cases: [], datasets: [], diagnostics: [...diagnostics] };
}
