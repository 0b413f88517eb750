// Every command the extension contributes, in one list: package.json's `contributes.commands`, the
// handler map and the unit test that keeps them in step all read from here.

export const COMMANDS = [
  'promptWorkbench.runEval',
  'promptWorkbench.runEvalAsBatch',
  'promptWorkbench.runAllEvals',
  'promptWorkbench.runCaseAtCursor',
  'promptWorkbench.runCase',
  'promptWorkbench.addTestCase',
  'promptWorkbench.estimateCost',
  'promptWorkbench.compareModels',
  'promptWorkbench.compareWithRevision',
  'promptWorkbench.compareWithHead',
  'promptWorkbench.compareRuns',
  'promptWorkbench.openResults',
  'promptWorkbench.setApiKey',
  'promptWorkbench.clearCache',
  'promptWorkbench.selectModels',
  'promptWorkbench.cancelRun',
  'promptWorkbench.showLog',
  'promptWorkbench.importRowsFromLog',
  'promptWorkbench.generateRows',
] as const;

export type CommandId = (typeof COMMANDS)[number];

/** Handled by the results/comparison views (src/extension/views and src/extension/viewCommands); the rest by the run machinery. */
export const VIEW_COMMANDS = [
  'promptWorkbench.compareModels',
  'promptWorkbench.compareWithRevision',
  'promptWorkbench.compareWithHead',
  'promptWorkbench.compareRuns',
  'promptWorkbench.openResults',
] as const satisfies readonly CommandId[];

export type ViewCommandId = (typeof VIEW_COMMANDS)[number];
export type HostCommandId = Exclude<CommandId, ViewCommandId>;

export function isCommandId(id: string): id is CommandId {
  return (COMMANDS as readonly string[]).includes(id);
}
