import path from 'node:path';
import * as vscode from 'vscode';
import type { Analysis, PromptAnalysis } from '../analysis/analysis.js';
import { lastRunSummary, promptLenses, rowLenses, type LensSpec, type RowLensInput } from './codeLensModel.js';
import { isPromptFile, samePath } from '../workspace/location.js';
import type { ResultsStore } from '../run/results.js';

// CodeLens on prompt files (run, estimate, compare, last run) and "▶ Run case" above every dataset
// row. Lenses come from the cached analysis; the estimate is computed after the typing pause and
// the lenses refresh when it lands, so typing never waits for the tokenizer.

export const DATASET_SELECTOR_GLOB = '**/*.{jsonl,ndjson,csv,tsv,json,yml,yaml}';

export function registerCodeLens(analysis: Analysis, results: ResultsStore): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const refresh = () => changed.fire();
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    async provideCodeLenses(doc, token) {
      const file = doc.uri.fsPath;
      const specs = isPromptFile(file) ? await promptFileLenses(file) : await datasetLenses(file);
      return token.isCancellationRequested ? [] : specs.map(toCodeLens);
    },
  };

  async function promptFileLenses(file: string): Promise<LensSpec[]> {
    const a = await analysis.analyze(file);
    analysis.wantEstimate(file);
    const run = results.latest(file);
    const prompt = promptLenses({
      file,
      line: a.prepared.parsed.yaml.rangeOf([]).start.line,
      caseCount: a.prepared.cases.length,
      models: a.models,
      repeat: a.repeat,
      errors: a.blocking.length,
      trusted: vscode.workspace.isTrusted,
      estimate: a.estimate,
      lastRun: run ? lastRunSummary(run.record) : undefined,
      batch: a.estimate.kind === 'ready' && a.estimate.estimate.models.every((m) => m.batchCostUsd !== null),
      noTestData: a.prepared.diagnostics.some((d) => d.code === 'prompt/no-test-data'),
    });
    return a.blocking.length ? prompt : [...prompt, ...rowLenses(rowsIn(a, file), vscode.workspace.isTrusted)];
  }

  async function datasetLenses(file: string): Promise<LensSpec[]> {
    // A dataset only shows lenses once some prompt is known to use it; finding that out means
    // looking at the workspace's prompt files, done once and only when a data file is opened.
    if (!analysis.promptsUsing(file).length && !analysis.discovered) await analysis.discover();
    const prompts = analysis.promptsUsing(file).flatMap((p) => analysis.peek(p) ?? []);
    const rows = prompts.flatMap((a) => rowsIn(a, file, prompts.length > 1 ? promptLabel(a) : undefined));
    return rowLenses(rows, vscode.workspace.isTrusted);
  }

  function rowsIn(a: PromptAnalysis, file: string, label?: string): RowLensInput[] {
    return a.prepared.cases.filter((c) => samePath(c.source.file, file)).map((c) => ({ file: a.file, caseId: c.id, line: c.source.range.start.line, promptLabel: label }));
  }

  return vscode.Disposable.from(
    changed,
    vscode.languages.registerCodeLensProvider(
      [
        { scheme: 'file', pattern: '**/*.prompt.{yml,yaml}' },
        { scheme: 'file', pattern: DATASET_SELECTOR_GLOB },
      ],
      provider,
    ),
    analysis.onDidChange(refresh),
    results.onDidChange(refresh),
    vscode.workspace.onDidGrantWorkspaceTrust(refresh),
  );
}

function promptLabel(a: PromptAnalysis): string {
  return a.prepared.parsed.prompt?.name ?? path.basename(a.file).replace(/\.prompt\.ya?ml$/i, '');
}

function toCodeLens(spec: LensSpec): vscode.CodeLens {
  const args = spec.target ? [vscode.Uri.file(spec.target.file), ...(spec.target.caseId === undefined ? [] : [spec.target.caseId])] : [];
  return new vscode.CodeLens(new vscode.Range(spec.line, 0, spec.line, 0), { title: spec.title, command: spec.command, arguments: args, tooltip: spec.tooltip });
}
