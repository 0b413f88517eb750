import * as vscode from 'vscode';
import type { Analysis } from '../analysis/analysis.js';
import { toDiagnostic } from './convert.js';
import { createOwnedDiagnostics, groupByFile } from './ownedDiagnostics.js';
import { listedPerFile, resultProblems } from './resultProblems.js';
import { throttle, type Throttled } from '../analysis/debounce.js';
import type { ResultsStore } from '../run/results.js';
import type { WorkspaceSessions } from '../workspace/sessions.js';
import type { Log } from '../log.js';
import { isPromptFile, promptFilesByContent, recognisePromptText } from '../workspace/location.js';

// Two Problems sources: the core's checks of prompt, dataset and workspace config files as they
// are typed ("Prompt Workbench"), and the failing cases of each prompt's latest run at their rows
// ("Prompt Workbench eval").

export function registerSchemaDiagnostics(analysis: Analysis, sessions: WorkspaceSessions, log: Log): vscode.Disposable {
  const owned = createOwnedDiagnostics('prompt-workbench');
  const convert = (d: Parameters<typeof toDiagnostic>[0]) => toDiagnostic(d, 'Prompt Workbench');
  // Every open prompt file is checked, shown or not (restored tabs, a file opened in the background).
  const check = (doc: vscode.TextDocument) => {
    if (doc.uri.scheme !== 'file') return;
    // Any .yml with top-level messages: and model:/testData: is a prompt file too, as for gh models.
    if (doc.languageId === 'yaml' && recognisePromptText(doc.uri.fsPath, () => doc.getText())) publishPromptFiles();
    if (isPromptFile(doc.uri.fsPath)) void analysis.analyze(doc.uri.fsPath).catch((error) => log.error(`checking ${doc.uri.fsPath} failed`, error));
  };
  // A YAML file that becomes (or stops being) a prompt file as it is typed.
  const recheck = (event: vscode.TextDocumentChangeEvent) => {
    const doc = event.document;
    if (doc.uri.scheme !== 'file' || doc.languageId !== 'yaml' || !recognisePromptText(doc.uri.fsPath, () => doc.getText())) return;
    publishPromptFiles();
    if (isPromptFile(doc.uri.fsPath)) check(doc);
    else owned.delete(doc.uri.fsPath);
  };
  // After activation returns: checking loads the core.
  const initial = setTimeout(() => vscode.workspace.textDocuments.forEach(check), 0);
  return vscode.Disposable.from(
    owned,
    { dispose: () => clearTimeout(initial) },
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidChangeTextDocument(recheck),
    analysis.onDidChange((a) => {
      // Every file the prompt reads gets an entry, so fixed problems disappear from it too.
      const byFile = groupByFile(a.prepared.diagnostics, (d) => d.file, convert);
      for (const file of [a.file, ...a.dataFiles]) if (!byFile.has(file)) byFile.set(file, []);
      owned.set(a.file, byFile);
    }),
    analysis.onDidRemove((file) => owned.delete(file)),
    sessions.onDidReadConfig(({ file, diagnostics }) => owned.set(`config:${file}`, new Map([[file, diagnostics.map(convert)]]))),
  );
}

/** Failing results listed per file (listedPerFile says why). */
const LISTED_PER_FILE = 500;
/** While results stream in, a prompt's entries are updated at most this often: the row marks and the status bar are the live view. */
const RUN_UPDATE_MS = 1000;

export function registerResultDiagnostics(analysis: Analysis, results: ResultsStore): vscode.Disposable {
  const owned = createOwnedDiagnostics('prompt-workbench-eval');
  const throttled = new Map<string, Throttled<[]>>();
  const update = (file: string) => {
    const a = analysis.peek(file);
    const outcomes = results.outcomes(file);
    if (!a || !outcomes) return owned.delete(file);
    const cases = a.prepared.cases.map((c) => ({ id: c.id, label: c.label, file: c.source.file, range: c.source.range }));
    const running = results.latest(file)?.record.status === 'running';
    const problems = listedPerFile(resultProblems(cases, outcomes), LISTED_PER_FILE, running);
    owned.set(
      file,
      groupByFile(
        problems,
        (p) => p.file,
        (p) => toDiagnostic(p, 'Prompt Workbench eval'),
      ),
    );
  };
  const updateSoon = (file: string) => {
    let run = throttled.get(file);
    if (!run) throttled.set(file, (run = throttle(() => update(file), RUN_UPDATE_MS)));
    run();
  };
  return vscode.Disposable.from(
    owned,
    { dispose: () => throttled.forEach((t) => t.cancel()) },
    analysis.onDidChange((a) => update(a.file)),
    analysis.onDidRemove((file) => owned.delete(file)),
    results.onDidChange(updateSoon),
  );
}

/**
 * The palette, editor title and context menus offer prompt commands by file name (package.json's
 * `when`); a file recognised by its content is listed in this context key so it gets them too.
 * Keyed by file system path and URI path: `resourcePath` is one or the other across VS Code versions.
 */
function publishPromptFiles(): void {
  const keys = promptFilesByContent().flatMap((file) => [file, vscode.Uri.file(file).path]);
  void vscode.commands.executeCommand('setContext', 'promptWorkbench.promptFilesByContent', Object.fromEntries(keys.map((key) => [key, true])));
}
