import path from 'node:path';
import type { Diagnostic, Range } from '../diagnostics.js';
import { checkInsideWorkspace } from '../paths.js';
import type { ParsedPrompt } from '../prompt/parse.js';
import type { PathSegment } from '../yamlPositions.js';

// The dataset files a prompt names (`workbench.dataset`), checked before anything reads them: not
// the prompt itself, a known format, inside the workspace unless allowed.

export const DATASET_EXTENSIONS = ['.jsonl', '.ndjson', '.yml', '.yaml', '.json', '.csv', '.tsv'];

export interface DatasetFile {
  /** Absolute. */
  file: string;
  /** As written in the prompt file. */
  ref: string;
  /** Where the prompt file names it, for errors about reading it. */
  range: Range;
}

export interface RefOptions {
  workspaceRoot: string;
  boundary?: string;
  allowOutsideWorkspace?: boolean;
}

export async function resolveDatasets(parsed: ParsedPrompt, options: RefOptions): Promise<{ files: DatasetFile[]; diagnostics: Diagnostic[] }> {
  const refs = parsed.prompt?.datasets ?? [];
  const files: DatasetFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (let i = 0; i < refs.length; i++) {
    const range = parsed.yaml.rangeOf(datasetPath(parsed, i));
    const fail = (message: string, code: string) => diagnostics.push({ file: parsed.file, range, severity: 'error', message, code });
    const file = path.resolve(path.dirname(parsed.file), refs[i]);
    if (file === path.resolve(parsed.file)) {
      fail(`dataset "${refs[i]}" is this prompt file itself`, 'dataset/self');
      continue;
    }
    if (!DATASET_EXTENSIONS.includes(path.extname(file).toLowerCase())) {
      fail(`dataset "${refs[i]}" must be one of ${DATASET_EXTENSIONS.join(', ')}`, 'dataset/extension');
      continue;
    }
    if (!options.allowOutsideWorkspace) {
      const inside = await checkInsideWorkspace(file, options.boundary ?? options.workspaceRoot);
      if (!inside.ok) {
        fail(`dataset "${refs[i]}" is refused: ${inside.reason} (set allowOutsideWorkspace: true in prompt-workbench.yml to allow it)`, 'dataset/outside-workspace');
        continue;
      }
    }
    files.push({ file, ref: refs[i], range });
  }
  return { files, diagnostics };
}

/** "dataset cannot be read", said for the reason Node gave. */
export function unreadable(dataset: DatasetFile, parsedFile: string, error: unknown): Diagnostic {
  const code = (error as NodeJS.ErrnoException).code;
  const message =
    code === 'ENOENT' ? `dataset "${dataset.ref}" does not exist` : code === 'EISDIR' ? `dataset "${dataset.ref}" is a folder` : `dataset "${dataset.ref}" cannot be read: ${(error as Error).message}`;
  return { file: parsedFile, range: dataset.range, severity: 'error', message, code: 'dataset/unreadable' };
}

function datasetPath(parsed: ParsedPrompt, i: number): PathSegment[] {
  const value = (parsed.data?.workbench as { dataset?: unknown } | undefined)?.dataset;
  return Array.isArray(value) ? ['workbench', 'dataset', i] : ['workbench', 'dataset'];
}
