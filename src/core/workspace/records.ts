import { listRecordFiles, outputTokenHistory, tokenHistory, type TokenHistory } from '../record/read.js';
import { promptPath, type WorkspaceSession } from './session.js';

// The run records of a session: its results folder, newest first.

export function sessionRecordFiles(session: WorkspaceSession): Promise<string[]> {
  return listRecordFiles(session.resultsDir);
}

/** Mean output tokens per model over the prompt's recent runs: the basis of the next estimate. */
export async function outputHistoryOf(session: WorkspaceSession, file: string): Promise<Map<string, number>> {
  return outputTokenHistory(session.resultsDir, promptPath(session, file));
}

/** The prompt's answers' and its judges' mean output tokens over its recent runs. */
export async function tokenHistoryOf(session: WorkspaceSession, file: string): Promise<TokenHistory> {
  return tokenHistory(session.resultsDir, promptPath(session, file));
}
