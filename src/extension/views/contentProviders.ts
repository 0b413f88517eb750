import * as vscode from 'vscode';
import { loadCore } from '../core.js';
import { outputText } from '../../shared/outputText.js';
import { GIT_SCHEME, parseGitQuery, parseRunQuery, RUN_SCHEME, type UriParts } from './diffUris.js';
import type { RecordStore } from './recordStore.js';

// Read-only documents for VS Code's diff editor: a prompt file at a git revision (git show), and
// a prompt text or a case's output as a run recorded it.

export function toUri(parts: UriParts): vscode.Uri {
  return vscode.Uri.from({ scheme: parts.scheme, path: parts.path, query: parts.query });
}

/** git show only inside an open workspace folder: a crafted link must not read other repositories. */
function insideWorkspace(file: string): boolean {
  return !!vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file));
}

export function registerContentProviders(store: RecordStore): vscode.Disposable[] {
  const git: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri) {
      const target = parseGitQuery(uri.query);
      if (!target) return '(not a Prompt Workbench git document)';
      if (!insideWorkspace(target.file)) return `(${target.file} is not in an open workspace folder)`;
      try {
        return await (await loadCore()).gitShow(target.file, target.revision);
      } catch (error) {
        return `(git show ${target.revision} failed: ${(error as Error).message})`;
      }
    },
  };
  const run: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri) {
      const target = parseRunQuery(uri.query);
      if (!target) return '(not a Prompt Workbench run document)';
      const record = await store.resolve(target.recordId, target.recordFile).catch(() => undefined);
      if (!record) return `(run ${target.recordId} is no longer open or on disk)`;
      if (target.kind === 'prompt') return record.prompt.content;
      const result = record.results.find((r) => r.caseId === target.caseId && r.model === target.model && r.repeat === target.repeat);
      if (!result) return `(no result for case ${target.caseId} on ${target.model} in run ${target.recordId})`;
      return outputText(result);
    },
  };
  return [vscode.workspace.registerTextDocumentContentProvider(GIT_SCHEME, git), vscode.workspace.registerTextDocumentContentProvider(RUN_SCHEME, run)];
}
