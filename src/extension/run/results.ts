import * as vscode from 'vscode';
import type { FinishedRun } from './contracts.js';
import { loadCore } from '../core.js';
import type { Log } from '../log.js';
import type { WorkspaceSession } from '../../core/workspace/session.js';
import type { CaseOutcome } from './caseOutcome.js';
import { createOutcomeIndex, type OutcomeIndex } from './outcomeIndex.js';

// The latest run of each prompt file: this session's, or the newest record on disk for a file
// opened later. Decorations, Problems entries, CodeLens and EvalRunner.latestRun read it.

export interface ResultsStore extends vscode.Disposable {
  latest(promptFile: string): FinishedRun | undefined;
  /**
   * The latest run's outcome of each case, shared by the row marks, their hovers and Problems.
   * Made again only for cases with new results or reviews since it was last asked.
   */
  outcomes(promptFile: string): ReadonlyMap<string, CaseOutcome> | undefined;
  /** The newest record on disk, read once per prompt file when nothing ran in this session. */
  loadFromDisk(promptFile: string, session: WorkspaceSession): Promise<FinishedRun | undefined>;
  set(promptFile: string, run: FinishedRun): void;
  readonly onDidChange: vscode.Event<string>;
}

export function createResultsStore(log: Log): ResultsStore {
  const latest = new Map<string, FinishedRun>();
  const loading = new Map<string, Promise<FinishedRun | undefined>>();
  const changed = new vscode.EventEmitter<string>();
  const outcomes = new Map<string, OutcomeIndex>();
  const set = (file: string, run: FinishedRun) => {
    latest.set(file, run);
    changed.fire(file);
  };
  return {
    latest: (file) => latest.get(file),
    outcomes(file) {
      const run = latest.get(file);
      if (!run) return undefined;
      let index = outcomes.get(file);
      if (!index) outcomes.set(file, (index = createOutcomeIndex()));
      return index(run.record);
    },
    loadFromDisk(file, session) {
      if (latest.has(file)) return Promise.resolve(latest.get(file));
      let pending = loading.get(file);
      if (!pending) {
        pending = (async () => {
          const core = await loadCore();
          const promptPath = core.promptPath(session, file);
          for (const recordFile of await core.sessionRecordFiles(session)) {
            // The header says which prompt; only the record of this one is read whole.
            if ((await core.recordPromptPath(recordFile).catch(() => undefined)) !== promptPath) continue;
            const record = await core.readRecord(recordFile).catch(() => undefined);
            if (record?.prompt.path !== promptPath) continue;
            const run: FinishedRun = { record, file: recordFile, root: session.root };
            // A run finished in this session meanwhile wins.
            if (!latest.has(file)) set(file, run);
            return latest.get(file);
          }
          return undefined;
        })().catch((error) => {
          log.error(`reading past runs of ${file} failed`, error);
          return undefined;
        });
        loading.set(file, pending);
      }
      return pending;
    },
    set,
    onDidChange: changed.event,
    dispose: () => changed.dispose(),
  };
}
