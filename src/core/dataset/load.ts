import { createHash } from 'node:crypto';
import { readFile as fsReadFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { ParsedPrompt } from '../prompt/parse.js';
import { toWorkspacePath } from '../paths.js';
import { DATASET_EXTENSIONS, resolveDatasets, unreadable } from './refs.js';
import { toCase, type EvalCase, type RawRow, type RowParse } from './row.js';
import { parseJsonl } from './jsonl.js';
import { parseYamlRows } from './yamlRows.js';
import { parseCsv } from './csv.js';
import { decodeUtf8 } from './decode.js';

export interface DatasetRef {
  /** Workspace-relative path. */
  path: string;
  contentHash: string;
  rows: number;
}

export interface LoadedCases {
  cases: EvalCase[];
  diagnostics: Diagnostic[];
  datasets: DatasetRef[];
}

export interface LoadOptions {
  /** Record paths of datasets are relative to it (the config folder). */
  workspaceRoot: string;
  /** Datasets outside it are refused unless allowOutsideWorkspace; defaults to workspaceRoot. */
  boundary?: string;
  /** Reads a file; the extension passes one that prefers unsaved editor text. */
  readFile?: (file: string) => Promise<Uint8Array | string>;
  allowOutsideWorkspace?: boolean;
  /** Code evaluators in a row's `_evaluators` may run (a trusted workspace, --allow-code). */
  allowCode?: boolean;
}

export { DATASET_EXTENSIONS };

export function parseDatasetText(text: string, file: string): RowParse {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return parseJsonl(text, file);
  if (ext === '.csv') return parseCsv(text, file);
  if (ext === '.tsv') return parseCsv(text, file, '\t');
  return parseYamlRows(text, file);
}

/**
 * The prompt's cases: inline testData rows first, then each `workbench.dataset` file in order.
 * `inline`: the testData rows when they were read apart from the prompt (prepareInline.ts).
 */
export async function loadCases(parsed: ParsedPrompt, options: LoadOptions, inline?: readonly RawRow[]): Promise<LoadedCases> {
  const prompt = parsed.prompt;
  const diagnostics: Diagnostic[] = [];
  const datasets: DatasetRef[] = [];
  if (!prompt) return { cases: [], diagnostics, datasets };
  const raw: RawRow[] = inline
    ? [...inline]
    : prompt.testData.map((value, i) => ({
        value,
        source: { file: parsed.file, range: parsed.yaml.rangeOf(['testData', i]) },
        name: `testData[${i}]`,
      }));
  const resolved = await resolveDatasets(parsed, options);
  diagnostics.push(...resolved.diagnostics);
  for (const dataset of resolved.files) {
    const file = dataset.file;
    let content: Uint8Array | string;
    try {
      content = await (options.readFile ?? fsReadFile)(file);
    } catch (error) {
      diagnostics.push(unreadable(dataset, parsed.file, error));
      continue;
    }
    const decoded = typeof content === 'string' ? { text: content } : decodeUtf8(content, file);
    if ('diagnostic' in decoded) {
      diagnostics.push(decoded.diagnostic);
      continue;
    }
    const parsedRows = parseDatasetText(decoded.text, file);
    diagnostics.push(...parsedRows.diagnostics);
    raw.push(...parsedRows.rows);
    datasets.push({ path: toWorkspacePath(file, options.workspaceRoot), contentHash: sha256(decoded.text), rows: parsedRows.rows.length });
  }
  const cases: EvalCase[] = [];
  for (const row of raw) {
    const converted = toCase(row, { allowCode: options.allowCode });
    diagnostics.push(...converted.diagnostics);
    if (converted.case) cases.push(converted.case);
  }
  diagnostics.push(...dedupeIds(cases));
  return { cases, diagnostics, datasets };
}

/** Identical rows get the same hash id; number the repeats so each case stays addressable. */
function dedupeIds(cases: EvalCase[]): Diagnostic[] {
  const seen = new Map<string, number>();
  const diagnostics: Diagnostic[] = [];
  for (const c of cases) {
    const count = (seen.get(c.id) ?? 0) + 1;
    seen.set(c.id, count);
    if (count === 1) continue;
    if (c.id.startsWith('row-')) {
      c.id = `${c.id}-${count}`;
    } else {
      diagnostics.push({ file: c.source.file, range: c.source.range, severity: 'error', message: `_id "${c.id}" is used by more than one row`, code: 'dataset/duplicate-id' });
      c.id = `${c.id}#${count}`;
    }
  }
  return diagnostics;
}

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}
