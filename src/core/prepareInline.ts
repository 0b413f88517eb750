import { hasErrors } from './diagnostics.js';
import type { RawRow } from './dataset/row.js';
import { parsePromptFile } from './prompt/parse.js';
import { findTestDataBlock, RowsNeedWholeFile, type TestDataBlock } from './prompt/testDataBlock.js';
import { prepareParsed, preparePromptText, type PrepareOptions, type PreparedPrompt } from './prepare.js';

// preparePromptText for the editor's analysis, as you type: the YAML library spends ~0.4 s on a
// 5,000-row testData, so diagnostics and lenses came most of a second after the last key. When
// the rows sit in a plain block, the prompt is parsed without them and the rows are read as the
// CLI reads them (prompt/testDataBlock.ts: the same values, names and ranges; ~0.1 s), with the
// same cases and diagnostics as the whole-file parse. What differs is `parsed.yaml`: it covers the
// prompt without its rows, so it has no node inside testData. The analysis worker's caller never
// sees it (the host asks for positions by landmark, or parses the text itself when it must).

export async function preparePromptTextInline(text: string, file: string, options: PrepareOptions): Promise<PreparedPrompt> {
  const block = findTestDataBlock(text);
  if (block) {
    try {
      return await withRowsApart(text, file, options, block);
    } catch (error) {
      if (!(error instanceof RowsNeedWholeFile)) throw error;
    }
  }
  return preparePromptText(text, file, options);
}

async function withRowsApart(text: string, file: string, options: PrepareOptions, block: TestDataBlock): Promise<PreparedPrompt> {
  const parsed = parsePromptFile(block.head, file, { strict: options.strict, allowCode: options.allowCode, lineGap: block.gap });
  // As for the CLI (prepareStream.ts): a mistake anywhere is reported as the whole-file parse reports it.
  if (hasErrors(parsed.diagnostics)) throw new RowsNeedWholeFile('the prompt has errors');
  if (!(Array.isArray(parsed.data?.testData) && parsed.data.testData.length === 0)) throw new RowsNeedWholeFile('the block is not the testData');
  const rows: RawRow[] = [];
  for (const batch of block.batches(file)) for (const row of batch) rows.push(row);
  // The prompt as the whole-file parse gives it: its text, and its rows in testData.
  const values = rows.map((row) => row.value as Record<string, unknown>);
  parsed.text = text;
  if (parsed.data) parsed.data.testData = values;
  if (parsed.prompt) parsed.prompt.testData = values;
  return prepareParsed(parsed, options, rows);
}
