// The virtual documents the diff editor opens: a prompt file at a git revision, a prompt text as
// a run recorded it, a case's output. Described as plain parts so the routing is testable without
// VS Code; contentProviders.ts turns them into vscode.Uri and back.

export const GIT_SCHEME = 'prompt-workbench-git';
export const RUN_SCHEME = 'prompt-workbench-run';

export interface UriParts {
  scheme: string;
  /** Ends with a real file name so VS Code picks the language (YAML, JSON, plain text). */
  path: string;
  query: string;
}

export interface GitTarget {
  /** fsPath of the prompt file. */
  file: string;
  revision: string;
}

export type RunTarget = { kind: 'prompt'; recordId: string; recordFile?: string } | { kind: 'output'; recordId: string; recordFile?: string; caseId: string; model: string; repeat: number };

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() || 'prompt.yml';
}

function safeSegment(text: string): string {
  return (
    text
      .replace(/[^a-zA-Z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'x'
  );
}

export function gitUri(target: GitTarget): UriParts {
  return { scheme: GIT_SCHEME, path: `/${safeSegment(target.revision.slice(0, 12))}/${baseName(target.file)}`, query: JSON.stringify(target) };
}

/** `label` only names the tab ("HEAD", "working copy"); the query says what to serve. */
export function runUri(target: RunTarget, label: string, promptPath: string, json = false): UriParts {
  const name = target.kind === 'prompt' ? baseName(promptPath) : `${safeSegment(target.caseId)}.${safeSegment(target.model)}${target.repeat ? `.${target.repeat + 1}` : ''}.${json ? 'json' : 'txt'}`;
  return { scheme: RUN_SCHEME, path: `/${safeSegment(label)}/${name}`, query: JSON.stringify(target) };
}

export function parseGitQuery(query: string): GitTarget | undefined {
  const value = parseJson(query) as Partial<GitTarget> | undefined;
  return value && typeof value.file === 'string' && typeof value.revision === 'string' && /^[\w./~^-]+$/.test(value.revision) && !value.revision.startsWith('-')
    ? { file: value.file, revision: value.revision }
    : undefined;
}

export function parseRunQuery(query: string): RunTarget | undefined {
  const value = parseJson(query) as Partial<RunTarget & { caseId: string; model: string; repeat: number }> | undefined;
  if (!value || typeof value.recordId !== 'string') return undefined;
  const recordFile = typeof value.recordFile === 'string' ? value.recordFile : undefined;
  if (value.kind === 'prompt') return { kind: 'prompt', recordId: value.recordId, recordFile };
  if (value.kind === 'output' && typeof value.caseId === 'string' && typeof value.model === 'string' && typeof value.repeat === 'number') {
    return { kind: 'output', recordId: value.recordId, recordFile, caseId: value.caseId, model: value.model, repeat: value.repeat };
  }
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
