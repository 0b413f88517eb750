import { readFile as fsReadFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { ParsedPrompt } from '../prompt/parse.js';
import { issueMessage } from '../prompt/issues.js';
import { checkInsideWorkspace } from '../paths.js';
import { decodeUtf8 } from '../dataset/decode.js';
import { parseLocatedYaml, type PathSegment } from '../yamlPositions.js';
import { toolListSchema } from './schema.js';
import type { ToolDefinition } from '../chat.js';

// `workbench.tools: tools/weather.json` – the list kept in a file of its own (JSON or YAML, a list or
// `{ tools: [...] }`), so several prompts share one set of definitions. Same rule as datasets: relative
// to the prompt file, inside the workspace unless allowed; problems are positioned in that file.

export interface ToolsFileOptions {
  workspaceRoot: string;
  boundary?: string;
  allowOutsideWorkspace?: boolean;
  readFile?: (file: string) => Promise<Uint8Array | string>;
}

export const TOOLS_FILE_EXTENSIONS = ['.json', '.yaml', '.yml'];

/** Loads the file `workbench.tools` names into the prompt's `tools`; the problems found on the way. */
export async function loadToolsFile(parsed: ParsedPrompt, options: ToolsFileOptions): Promise<Diagnostic[]> {
  const prompt = parsed.prompt;
  if (!prompt?.toolsFile) return [];
  const ref = prompt.toolsFile;
  const range = parsed.yaml.rangeOf(['workbench', 'tools']);
  const fail = (message: string, code: string): Diagnostic[] => [{ file: parsed.file, range, severity: 'error', message, code }];
  const file = path.resolve(path.dirname(parsed.file), ref);
  if (!TOOLS_FILE_EXTENSIONS.includes(path.extname(file).toLowerCase())) return fail(`tools file "${ref}" must be ${TOOLS_FILE_EXTENSIONS.join(', ')}`, 'tools/extension');
  if (!options.allowOutsideWorkspace) {
    const inside = await checkInsideWorkspace(file, options.boundary ?? options.workspaceRoot);
    if (!inside.ok) return fail(`tools file "${ref}" is refused: ${inside.reason} (set allowOutsideWorkspace: true in prompt-workbench.yml to allow it)`, 'tools/outside-workspace');
  }
  let content: Uint8Array | string;
  try {
    content = await (options.readFile ?? fsReadFile)(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(code === 'ENOENT' ? `tools file "${ref}" does not exist` : `tools file "${ref}" cannot be read: ${(error as Error).message}`, 'tools/unreadable');
  }
  const decoded = typeof content === 'string' ? { text: content } : decodeUtf8(content, file);
  if ('diagnostic' in decoded) return [decoded.diagnostic];
  const parsedTools = parseToolsText(decoded.text, file);
  if (parsedTools.tools) prompt.tools = parsedTools.tools;
  return parsedTools.diagnostics;
}

/** A tools file's text: its definitions, or where it is wrong. */
export function parseToolsText(text: string, file: string): { tools?: ToolDefinition[]; diagnostics: Diagnostic[] } {
  const yaml = parseLocatedYaml(text);
  const diagnostics = yaml.syntaxErrors(file);
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  const js = yaml.toJS(file);
  if (!js.ok) return { diagnostics: [...diagnostics, js.diagnostic] };
  const wrapped = js.value !== null && typeof js.value === 'object' && !Array.isArray(js.value) && 'tools' in js.value;
  const list = wrapped ? (js.value as { tools: unknown }).tools : js.value;
  const base: PathSegment[] = wrapped ? ['tools'] : [];
  const result = toolListSchema.min(1).safeParse(list);
  if (!result.success) {
    for (const issue of result.error.issues) {
      diagnostics.push({
        file,
        severity: 'error',
        message: issueMessage({ ...issue, path: ['tools', ...issue.path] }, { tools: list }),
        range: yaml.rangeOf([...base, ...(issue.path as PathSegment[])]),
        code: 'tools/invalid',
      });
    }
    return { diagnostics };
  }
  return { tools: result.data, diagnostics };
}
