import * as vscode from 'vscode';
import type { CaseResult } from '../../core/record/types.js';
import type { Analysis, PromptAnalysis } from '../analysis/analysis.js';
import { toRange } from '../problems/convert.js';
import type { Log } from '../log.js';
import { caseOutcome } from '../run/caseOutcome.js';
import { caseDuration, caseTestMessages, resultLine } from './testResults.js';
import { planRun, promptTree, testId, type TestNode } from './testTree.js';
import type { Runner } from '../run/runner.js';
import { ensureTrusted, RESTRICTED_MESSAGE } from '../workspace/trust.js';

// Eval cases in the Testing view: file → prompt → case, discovered when the view first asks and
// kept current by the analysis (which follows edits and file watchers). Running them goes through
// the same runner as the palette, so results also land in the editor.

export function registerTestExplorer(analysis: Analysis, runner: Runner, log: Log): vscode.Disposable {
  const controller = vscode.tests.createTestController('promptWorkbench', 'Prompt Workbench evals');
  controller.resolveHandler = async (item) => {
    if (!item) await analysis.discover();
  };

  // Items are updated in place, and only what changed is set: each setter is a message to the
  // workbench, and a prompt with thousands of cases is re-synced after every typing pause.
  const sameRange = (a: vscode.Range | undefined, b: TestNode['range']) =>
    a === undefined ? b === undefined : b !== undefined && a.start.line === b.start.line && a.start.character === b.start.column && a.end.line === b.end.line && a.end.character === b.end.column;
  const toItem = (node: TestNode, existing?: vscode.TestItem): vscode.TestItem => {
    const item = existing?.uri?.fsPath === node.file && existing.label === node.label ? existing : controller.createTestItem(node.id, node.label, vscode.Uri.file(node.file));
    if (!sameRange(item.range, node.range)) item.range = node.range ? toRange(node.range) : undefined;
    if (item.description !== node.description) item.description = node.description;
    if (item.error !== node.error) item.error = node.error;
    const children = node.children.map((child) => toItem(child, item.children.get(child.id)));
    const unchanged = children.length === item.children.size && children.every((child) => item.children.get(child.id) === child);
    if (!unchanged) item.children.replace(children);
    return item;
  };

  const sync = (a: PromptAnalysis) => {
    const tree = promptTree({
      file: a.file,
      relativePath: vscode.workspace.asRelativePath(a.file, false),
      name: a.prepared.parsed.prompt?.name,
      models: a.models,
      promptRange: a.prepared.parsed.yaml.rangeOf([]),
      cases: a.prepared.cases.map((c) => ({ id: c.id, label: c.label, file: c.source.file, range: c.source.range })),
      errors: a.blocking.map((d) => `${d.message} (${vscode.workspace.asRelativePath(d.file, false)}:${d.range.start.line + 1})`),
    });
    const existing = controller.items.get(tree.id);
    const item = toItem(tree, existing);
    if (item !== existing) controller.items.add(item);
  };

  const findCase = (file: string, caseId: string): vscode.TestItem | undefined => controller.items.get(testId.file(file))?.children.get(testId.prompt(file))?.children.get(testId.case(file, caseId));

  async function runHandler(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const run = controller.createTestRun(request, 'Prompt Workbench', true);
    try {
      if (!request.include) await analysis.discover();
      const include = request.include ?? [...allItems(controller.items)];
      if (!vscode.workspace.isTrusted) {
        ensureTrusted();
        for (const item of include) run.errored(item, new vscode.TestMessage(RESTRICTED_MESSAGE));
        return;
      }
      const plan = planRun(
        include.map((i) => i.id),
        (request.exclude ?? []).map((i) => i.id),
        (file) => analysis.peek(file)?.prepared.cases.map((c) => c.id) ?? [],
      );
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      for (const [file, caseIds] of plan) {
        if (abort.signal.aborted) break;
        await runPrompt(run, file, caseIds, abort.signal);
      }
    } catch (error) {
      log.error('the test run failed', error);
      run.appendOutput(`Prompt Workbench: ${error instanceof Error ? error.message : String(error)}\r\n`);
    } finally {
      run.end();
    }
  }

  async function runPrompt(run: vscode.TestRun, file: string, caseIds: string[] | undefined, signal: AbortSignal) {
    const a = await analysis.analyzeNow(file);
    const cases = a.prepared.cases.filter((c) => !caseIds || caseIds.includes(c.id));
    const items = new Map(cases.flatMap((c) => (findCase(file, c.id) ? [[c.id, findCase(file, c.id)!] as const] : [])));
    for (const item of items.values()) run.enqueued(item);
    const collected = new Map<string, CaseResult[]>();
    const reported = new Set<string>();
    const perCase = a.models.length * a.repeat;
    const report = (caseId: string) => {
      const item = items.get(caseId);
      const evalCase = cases.find((c) => c.id === caseId);
      if (!item || !evalCase || reported.has(caseId)) return;
      reported.add(caseId);
      const outcome = caseOutcome(caseId, collected.get(caseId) ?? []);
      const messages = caseTestMessages(outcome, evalCase.expected).map((m) => {
        const message = m.expected !== undefined && m.actual !== undefined ? vscode.TestMessage.diff(m.message, m.expected, m.actual) : new vscode.TestMessage(m.message);
        message.location = new vscode.Location(vscode.Uri.file(evalCase.source.file), toRange(evalCase.source.range));
        return message;
      });
      if (outcome.state === 'passed') run.passed(item, caseDuration(outcome));
      else if (outcome.state === 'failed') run.failed(item, messages, caseDuration(outcome));
      else if (outcome.state === 'errored') run.errored(item, messages, caseDuration(outcome));
      else run.skipped(item);
    };
    const finished = await runner.execute(
      { uri: vscode.Uri.file(file), caseIds, reveal: false },
      {
        signal,
        onResult(result) {
          const item = items.get(result.caseId);
          if (!collected.has(result.caseId) && item) run.started(item);
          collected.set(result.caseId, [...(collected.get(result.caseId) ?? []), result]);
          run.appendOutput(`${resultLine(result, cases.find((c) => c.id === result.caseId)?.label ?? result.caseId)}\r\n`, undefined, item);
          if (collected.get(result.caseId)!.length >= perCase) report(result.caseId);
        },
      },
    );
    if (!finished) {
      const why = a.blocking[0]?.message ?? 'the run could not start; see the notification';
      for (const [id, item] of items) if (!reported.has(id)) run.errored(item, new vscode.TestMessage(why));
      return;
    }
    for (const id of items.keys()) report(id);
  }

  const profile = controller.createRunProfile('Run eval', vscode.TestRunProfileKind.Run, runHandler, true);
  for (const a of analysis.known()) sync(a);
  return vscode.Disposable.from(
    profile,
    controller,
    analysis.onDidChange(sync),
    analysis.onDidRemove((file) => controller.items.delete(testId.file(file))),
  );
}

function* allItems(collection: vscode.TestItemCollection): Generator<vscode.TestItem> {
  for (const [, item] of collection) yield item;
}
