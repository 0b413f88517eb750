import { readFile } from 'node:fs/promises';
import type { Diagnostic } from './diagnostics.js';
import { parsePromptFile, type ParsedPrompt } from './prompt/parse.js';
import { loadCases, type DatasetRef } from './dataset/load.js';
import { checkCases } from './dataset/check.js';
import type { EvalCase, RawRow } from './dataset/row.js';
import { decodeUtf8 } from './dataset/decode.js';
import { checkCodeModules } from './evaluators/codeChecks.js';
import { loadToolsFile } from './tools/toolsFile.js';
import { checkTools } from './tools/checks.js';
import { checkCaseImages } from './conversation/imageChecks.js';

/** A prompt file with its cases, ready to estimate or run, and everything wrong with it. */
export interface PreparedPrompt {
  parsed: ParsedPrompt;
  cases: EvalCase[];
  datasets: DatasetRef[];
  /** The prompt's own diagnostics, the datasets' and the cross-checks', in that order. */
  diagnostics: Diagnostic[];
}

export interface PrepareOptions {
  /** Record paths of datasets are relative to it (the config folder). */
  workspaceRoot: string;
  /** Datasets outside it are refused unless allowOutsideWorkspace; defaults to workspaceRoot. */
  boundary?: string;
  /** Reads a file; the extension supplies unsaved editor text through it. */
  readFile?: (file: string) => Promise<Uint8Array | string>;
  allowOutsideWorkspace?: boolean;
  /** Read the prompt strictly (prompt-workbench.yml's strict, --strict). */
  strict?: boolean;
  /**
   * Code evaluators (`javascript`) may run: the editor passes whether the workspace is trusted, the
   * CLI --allow-code. Never read from prompt-workbench.yml – a repository cannot allow itself.
   */
  allowCode?: boolean;
}

export async function preparePromptText(text: string, file: string, options: PrepareOptions): Promise<PreparedPrompt> {
  return prepareParsed(parsePromptFile(text, file, { strict: options.strict, allowCode: options.allowCode }), options);
}

/** The cases and checks of a parsed prompt; `inline`: its testData rows, when they were read apart from it (prepareInline.ts). */
export async function prepareParsed(parsed: ParsedPrompt, options: PrepareOptions, inline?: readonly RawRow[]): Promise<PreparedPrompt> {
  const tools = await toolsOf(parsed, options);
  const loaded = await loadCases(parsed, options, inline);
  const modules = options.allowCode ? await checkCodeModules(parsed, loaded.cases, options) : [];
  const images = await checkCaseImages(loaded.cases, { boundary: options.boundary ?? options.workspaceRoot, allowOutsideWorkspace: options.allowOutsideWorkspace });
  return {
    parsed,
    cases: loaded.cases,
    datasets: loaded.datasets,
    diagnostics: [...parsed.diagnostics, ...tools, ...loaded.diagnostics, ...checkCases(parsed, loaded.cases), ...modules, ...images],
  };
}

/** A `workbench.tools` file read into the prompt, and the checks that need its definitions. */
export async function toolsOf(parsed: ParsedPrompt, options: PrepareOptions): Promise<Diagnostic[]> {
  if (!parsed.prompt?.toolsFile) return [];
  const problems = await loadToolsFile(parsed, options);
  return parsed.prompt.tools ? [...problems, ...checkTools(parsed.prompt, parsed.yaml, parsed.file)] : problems;
}

export async function preparePrompt(file: string, options: PrepareOptions): Promise<PreparedPrompt> {
  const read = await readPrompt(file, options);
  if ('diagnostic' in read) return { parsed: parsePromptFile('', file), cases: [], datasets: [], diagnostics: [read.diagnostic] };
  return preparePromptText(read.text, file, options);
}

/** A prompt file's text, or why it cannot be had (missing, unreadable, not UTF-8). */
export async function readPrompt(file: string, options: Pick<PrepareOptions, 'readFile'>): Promise<{ text: string } | { diagnostic: Diagnostic }> {
  let content: Uint8Array | string;
  try {
    content = await (options.readFile ?? readFile)(file);
  } catch (error) {
    return {
      diagnostic: {
        file,
        severity: 'error',
        message: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `cannot read the file: ${(error as Error).message}`,
        range: { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } },
        code: 'prompt/unreadable',
      },
    };
  }
  return typeof content === 'string' ? { text: content } : decodeUtf8(content, file);
}
