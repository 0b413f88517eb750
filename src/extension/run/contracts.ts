import type * as vscode from 'vscode';
import type { FinishedRun } from '../../core/record/types.js';
import type { CatalogModel } from '../../core/providers/catalog.js';

// The seam between the extension's run machinery (commands, CodeLens, Test Explorer) and the
// webview panels (results, comparisons). Each side codes against these interfaces only.

export interface RunRequest {
  /** The prompt file. */
  uri: vscode.Uri;
  /** Prompt text to run instead of the file's (a git revision's text); datasets still resolve next to `uri`. */
  text?: string;
  /** Shown in progress and stored nowhere; e.g. "HEAD" for a revision run. */
  label?: string;
  models?: string[];
  caseIds?: string[];
  repeat?: number;
  /** Open the results view when the run finishes (default true for palette runs). */
  reveal?: boolean;
  /** Through the providers' batch APIs (Run Eval as Batch): about half price, answers within 24 hours. */
  batch?: boolean;
}

export type { FinishedRun };

export interface RunUpdate extends FinishedRun {
  done: boolean;
  /** A run of the working file (not of a git revision's text): its results are the editor's, and the Testing view's. */
  working?: boolean;
}

export interface EvalRunner {
  /** Runs with progress and cancellation in the UI; undefined when the run could not start (the user was told why). */
  run(request: RunRequest): Promise<FinishedRun | undefined>;
  /** Fires as results arrive (throttled) and once more with done = true. */
  readonly onDidUpdateRun: vscode.Event<RunUpdate>;
  /** The most recent run of a prompt file in this session or on disk. */
  latestRun(uri: vscode.Uri): Promise<FinishedRun | undefined>;
  /** A run's record gained something after it finished (a person's review): decorations and the rest show it. */
  recordChanged?(run: FinishedRun): void;
  /** GitHub Models' catalog for the prompt's session; empty without a token or offline. */
  catalogModels?(uri: vscode.Uri): Promise<CatalogModel[]>;
}

export interface ResultsViews {
  openRun(run: FinishedRun): Promise<void>;
  openModelComparison(run: FinishedRun): Promise<void>;
  openVersionComparison(before: FinishedRun & { label: string }, after: FinishedRun & { label: string }): Promise<void>;
}
