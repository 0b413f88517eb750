import path from 'node:path';
import * as vscode from 'vscode';
import type { CaseResult } from '../../core/record/types.js';
import { groupBy } from '../../core/groupBy.js';
import type { Analysis, PromptAnalysis } from '../analysis/analysis.js';
import { toRange } from '../problems/convert.js';
import type { Log } from '../log.js';
import { caseOutcome } from '../run/caseOutcome.js';
import { caseDuration, caseTestMessages, resultLine } from './testResults.js';
import { planRun, promptTree, testId, type CaseNodes, type TestNode } from './testTree.js';
import { syncItem, type ItemApi } from './testSync.js';
import type { Runner } from '../run/runner.js';
import type { RunUpdate } from '../run/contracts.js';
import type { EvalCase } from '../../core/dataset/row.js';
import { ensureTrusted, RESTRICTED_MESSAGE } from '../workspace/trust.js';

// Eval cases in the Testing view: file → prompt → case, discovered when the view first asks and
// kept current by the analysis (which follows edits and file watchers). Running them goes through
// the same runner as the palette, so results also land in the editor; runs started elsewhere
// (CodeLens, palette) show here too when they finish.

/**
 * Test items created per task: the first sync of a prompt with 5,000 cases held the extension host
 * for ~0.6–0.9 s, and every other extension with it. VS Code's test API costs ~0.2–0.5 ms an item
 * on a busy machine, creating it and sending it to the workbench. Beyond this many, the rest follow
 * NEXT_TASK_MS later, a budget at a time (50 steps for 5,000 cases).
 */
const NEW_ITEMS_PER_TASK = 100;
const NEXT_TASK_MS = 30;

/**
 * Cases reported to the Testing view per step when a run started elsewhere finishes. The workbench
 * spends most of a millisecond per case showing a result, and a 20,000-case run reported at once
 * held every command behind it for 16–20 s. Each step waits for a round trip to the workbench and
 * REPORT_PAUSE_MS more, so a command asked meanwhile is answered between steps.
 */
const REPORTS_PER_STEP = 100;
const REPORT_PAUSE_MS = 50;

export function registerTestExplorer(analysis: Analysis, runner: Runner, log: Log): vscode.Disposable {
  const controller = vscode.tests.createTestController('promptWorkbench', 'Prompt Workbench evals');
  controller.resolveHandler = async (item) => {
    if (!item) await analysis.discover();
  };

  /** What each file's tree last showed, as plain data (see testSync.ts). */
  const synced = new Map<string, TestNode>();
  const sameRange = (a: vscode.Range | undefined, b: TestNode['range']) =>
    a === undefined ? b === undefined : b !== undefined && a.start.line === b.start.line && a.start.character === b.start.column && a.end.line === b.end.line && a.end.character === b.end.column;
  const update = (item: vscode.TestItem, node: TestNode) => {
    if (item.label !== node.label) item.label = node.label;
    if (!sameRange(item.range, node.range)) item.range = node.range ? toRange(node.range) : undefined;
    if (item.description !== node.description) item.description = node.description;
    if (item.error !== node.error) item.error = node.error;
  };
  const items: ItemApi<vscode.TestItem> = {
    create(node) {
      const item = controller.createTestItem(node.id, node.label, vscode.Uri.file(node.file));
      update(item, node);
      return item;
    },
    update,
    fileOf: (item) => item.uri?.fsPath,
    child: (item, id) => item.children.get(id),
    childIds: (item) => [...allItems(item.children)].map((child) => child.id),
    add: (item, child) => item.children.add(child),
    remove: (item, id) => item.children.delete(id),
  };

  /** Follow-up syncs of files whose tree did not fit in one task's budget. */
  const unfinished = new Map<string, ReturnType<typeof setTimeout>>();
  const stopFilling = (file: string) => {
    clearTimeout(unfinished.get(file));
    unfinished.delete(file);
  };
  /** Each analysis's tree, made once: its estimate arriving syncs it again, and the tree's own nodes are passed over (testSync.ts). */
  const trees = new WeakMap<PromptAnalysis, TestNode>();
  const caseNodes: CaseNodes = new WeakMap();
  const treeOf = (a: PromptAnalysis): TestNode => {
    const made = trees.get(a);
    if (made) return made;
    const shown = synced.get(testId.file(a.file))?.children[0];
    const tree = promptTree({
      file: a.file,
      relativePath: vscode.workspace.asRelativePath(a.file, false),
      // While the file has an error its name cannot be read: the prompt keeps the one it showed.
      name: a.prepared.parsed.prompt?.name ?? (a.blocking.length ? shown?.label : undefined),
      models: a.models,
      promptRange: a.prepared.parsed.yaml.rangeOf([]),
      cases: a.prepared.cases,
      errors: a.blocking.map((d) => `${d.message} (${vscode.workspace.asRelativePath(d.file, false)}:${d.range.start.line + 1})`),
      shownCases: shown?.children,
      caseNodes,
    });
    trees.set(a, tree);
    return tree;
  };
  const sync = (a: PromptAnalysis) => {
    stopFilling(a.file);
    const tree = treeOf(a);
    const existing = controller.items.get(tree.id);
    const { item, shown: now } = syncItem(items, tree, existing, existing && synced.get(tree.id), { limit: NEW_ITEMS_PER_TASK, created: 0 });
    if (item !== existing) controller.items.add(item);
    synced.set(tree.id, now);
    if (now === tree) return;
    later(a, NEXT_TASK_MS);
  };
  /** Synced in a task after `ms`, if the analysis is still the file's. */
  const later = (a: PromptAnalysis, ms: number) => {
    stopFilling(a.file);
    unfinished.set(
      a.file,
      setTimeout(() => analysis.peek(a.file) === a && sync(a), ms),
    );
  };

  /** Files whose run the Testing view started itself (it reports those as results arrive). */
  const ownRuns = new Map<string, number>();

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
    const wanted = caseIds && new Set(caseIds);
    const cases = a.prepared.cases.filter((c) => !wanted || wanted.has(c.id));
    // By id, not searched for each result: a run of 10,000 cases reports 30,000 results here.
    const caseById = new Map(cases.map((c) => [c.id, c]));
    const items = new Map(cases.flatMap((c) => (findCase(file, c.id) ? [[c.id, findCase(file, c.id)!] as const] : [])));
    for (const item of items.values()) run.enqueued(item);
    const collected = new Map<string, CaseResult[]>();
    const reported = new Set<string>();
    const perCase = a.models.length * a.repeat;
    const report = (caseId: string) => {
      const item = items.get(caseId);
      const evalCase = caseById.get(caseId);
      if (!item || !evalCase || reported.has(caseId)) return;
      reported.add(caseId);
      reportCase(run, item, evalCase, collected.get(caseId) ?? []);
    };
    ownRuns.set(file, (ownRuns.get(file) ?? 0) + 1);
    const finished = await runner.execute(
      { uri: vscode.Uri.file(file), caseIds, reveal: false },
      {
        signal,
        onResult(result) {
          const item = items.get(result.caseId);
          if (!collected.has(result.caseId) && item) run.started(item);
          const mine = collected.get(result.caseId) ?? [];
          mine.push(result);
          collected.set(result.caseId, mine);
          run.appendOutput(`${resultLine(result, caseById.get(result.caseId)?.label ?? result.caseId)}\r\n`, undefined, item);
          if (mine.length >= perCase) report(result.caseId);
        },
      },
    );
    ownRuns.set(file, (ownRuns.get(file) ?? 1) - 1);
    if (!finished) {
      const why = a.blocking[0]?.message ?? 'the run could not start; see the notification';
      for (const [id, item] of items) if (!reported.has(id)) run.errored(item, new vscode.TestMessage(why));
      return;
    }
    for (const id of items.keys()) report(id);
  }

  /** Runs from elsewhere (CodeLens, palette, Compare Models…) show in the Testing view too, once finished. */
  const showOtherRun = (update: RunUpdate) => {
    if (!update.done || !update.working || update.root === undefined) return;
    const file = path.resolve(update.root, update.record.prompt.path);
    if (ownRuns.get(file)) return;
    const cases = new Map((analysis.peek(file)?.prepared.cases ?? []).map((c) => [c.id, c]));
    const reports = [...groupBy(update.record.results, (r) => r.caseId)].flatMap(([caseId, results]) => {
      const item = findCase(file, caseId);
      const evalCase = cases.get(caseId);
      return item && evalCase ? [{ item, evalCase, results }] : [];
    });
    if (!reports.length) return;
    const run = controller.createTestRun(new vscode.TestRunRequest(reports.map((r) => r.item)), `Prompt Workbench: ${path.basename(file)}`, false);
    void reportInSteps(run, reports).finally(() => run.end());
  };

  const profile = controller.createRunProfile('Run eval', vscode.TestRunProfileKind.Run, runHandler, true);
  for (const a of analysis.known()) sync(a);
  return vscode.Disposable.from(
    profile,
    controller,
    // In a task of its own: the check that changed was one already (diagnostics, lenses), and the
    // tree of 5,000 cases compared with the last one is ~10–20 ms more (with its garbage); together
    // they held the extension host for ~70 ms after each typing pause.
    analysis.onDidChange((a) => later(a, 0)),
    runner.onDidUpdateRun(showOtherRun),
    analysis.onDidRemove((file) => {
      stopFilling(file);
      controller.items.delete(testId.file(file));
      synced.delete(testId.file(file));
    }),
    new vscode.Disposable(() => unfinished.forEach((timer) => clearTimeout(timer))),
  );
}

async function reportInSteps(run: vscode.TestRun, reports: ReadonlyArray<{ item: vscode.TestItem; evalCase: EvalCase; results: readonly CaseResult[] }>): Promise<void> {
  for (let from = 0; from < reports.length; from += REPORTS_PER_STEP) {
    if (from > 0) await workbenchCaughtUp();
    for (const { item, evalCase, results } of reports.slice(from, from + REPORTS_PER_STEP)) reportCase(run, item, evalCase, results);
  }
}

/** Settles once the workbench has handled what was sent to it before (a command it runs, answered in order), and a pause. */
async function workbenchCaughtUp(): Promise<void> {
  await vscode.commands.executeCommand('setContext', 'promptWorkbench.reportingRun', true);
  await new Promise((resolve) => setTimeout(resolve, REPORT_PAUSE_MS));
}

/** A case's outcome over its results (every model and repeat) as the test item's state and messages at its row. */
function reportCase(run: vscode.TestRun, item: vscode.TestItem, evalCase: EvalCase, results: readonly CaseResult[]): void {
  const outcome = caseOutcome(evalCase.id, results);
  const messages = caseTestMessages(outcome, evalCase.expected).map((m) => {
    const message = m.expected !== undefined && m.actual !== undefined ? vscode.TestMessage.diff(m.message, m.expected, m.actual) : new vscode.TestMessage(m.message);
    // At its row only for a case placed in the editor (a prompt of up to CASE_RANGES_UP_TO cases,
    // testTree.ts): VS Code shows every located failure in an open file as a widget of its own, and
    // goes over all of them each time results change. 6,667 failing rows of a 10,000-case run kept
    // the workbench busy for seconds after the run, laying those widgets out.
    if (item.range) message.location = new vscode.Location(vscode.Uri.file(evalCase.source.file), toRange(evalCase.source.range));
    return message;
  });
  if (outcome.state === 'passed') run.passed(item, caseDuration(outcome));
  else if (outcome.state === 'failed') run.failed(item, messages, caseDuration(outcome));
  else if (outcome.state === 'errored') run.errored(item, messages, caseDuration(outcome));
  else run.skipped(item);
}

function* allItems(collection: vscode.TestItemCollection): Generator<vscode.TestItem> {
  for (const [, item] of collection) yield item;
}
