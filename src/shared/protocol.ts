import type { RunRecord } from '../core/record/types.js';
import type { MarkupNode } from './markup.js';
import type { Cell, Tone } from './table.js';

// The one message protocol between the extension host and the results webview. Both sides import
// these types, so a message the other side does not understand fails to compile instead of being
// dropped at run time. The host owns records, files and the view model; the webview gets a view's
// frame (titles, columns, summary) and asks for the rows it scrolls to, a page at a time, so a
// 100,000-result record costs the page what one screenful costs.

/** A run record as the host's view model reads it. */
export type ViewRecord = RunRecord;

export interface VersionSide {
  label: string;
  record: ViewRecord;
}

/**
 * `images`: thumbnails the host allows for a results view – imageKey(case, ref) → a webview URI of a
 * local image inside the record's folder (see extension/views/imageFiles.ts).
 */
export type ViewData =
  { kind: 'results'; record: ViewRecord; images?: Record<string, string> } | { kind: 'models'; record: ViewRecord } | { kind: 'versions'; before: VersionSide; after: VersionSide };

export type ViewKind = ViewData['kind'];

/** The key of a row's image in ViewData's `images`. */
export function imageKey(caseId: string, ref: string): string {
  return `${caseId}\u0000${ref}`;
}

/** Which result of a view an intent is about (versions: the side; models: the model). */
export interface ResultRef {
  recordId: string;
  caseId: string;
  model: string;
  repeat: number;
}

export interface FilterState {
  failedOnly: boolean;
  /** Keep rows where this evaluator failed; null = any. */
  evaluator: string | null;
  search: string;
  /** Models view: only cases where the models disagree. Versions view: only fixed or broke. */
  changedOnly: boolean;
}

export interface SortState {
  column: string;
  descending: boolean;
}

/** What the user set up in a view; persisted with the panel so it survives a reload. */
export interface UiState {
  filter: FilterState;
  sort: SortState | null;
}

export const DEFAULT_UI: UiState = {
  filter: { failedOnly: false, evaluator: null, search: '', changedOnly: false },
  sort: null,
};

/** A record the host can load again after a reload. */
export interface RecordRef {
  id: string;
  /** Path of the record file (a file URI in views saved by older versions); absent when the run wrote no record. */
  file?: string;
}

export interface VersionRef extends RecordRef {
  label: string;
  /** The git commit the prompt text came from, for the prompt diff. */
  revision?: string;
  /** URI string of the prompt file the run was made for. */
  promptUri?: string;
}

/** Enough to rebuild a panel after VS Code reloads (no record data: records can be large). */
export type PanelSource = { kind: 'results'; run: RecordRef } | { kind: 'models'; run: RecordRef } | { kind: 'versions'; before: VersionRef; after: VersionRef };

/** The webview's persisted state (vscode.setState), handed to the panel serializer on reload. */
export interface PersistedState {
  source: PanelSource;
  ui: UiState;
}

export interface SummaryCard {
  title: string;
  value: string;
  detail?: string;
  tone?: Tone;
}

export interface SummaryBlock {
  heading: string;
  /** A sentence that says what the numbers mean (the version comparison's verdict). */
  sentence?: string;
  tone?: Tone;
  cards: SummaryCard[];
}

export interface DetailsBlock {
  title: string;
  /** Plain text; shown preformatted. */
  text: string;
  tone?: Tone;
}

export interface Action {
  label: string;
  message: WebviewMessage;
}

/** A row's image: its reference as written and, when the host allows it, a URI to show it from. */
export interface DetailsImage {
  ref: string;
  src?: string;
}

export interface Details {
  title: string;
  fields: Array<[string, string]>;
  blocks: DetailsBlock[];
  /** `_images` of the row, shown as thumbnails where `src` is set. */
  images?: DetailsImage[];
  actions: Action[];
}

/** A column as the webview draws it (how it sorts and fills its cells stays on the host). */
export interface ColumnHead {
  id: string;
  title: string;
  subtitle?: string;
  /** A CSS grid track, e.g. "minmax(120px, 2fr)". */
  width: string;
  align?: 'start' | 'end';
}

/** Everything a view shows but its rows. */
export interface ViewFrame {
  kind: ViewKind;
  title: string;
  subtitle: string;
  columns: ColumnHead[];
  evaluators: string[];
  changedLabel?: string;
  rowLines: 1 | 2;
  summary: SummaryBlock[];
  summaryGroup: string;
  charts: MarkupNode[];
  actions: Action[];
  /** "running… 40/120" while a shown run is in progress; empty otherwise. */
  progress: string;
  /** Rows before any filter. */
  rowCount: number;
}

/** One row as drawn: a cell per column of the frame, in column order. */
export interface RowView {
  key: string;
  tone?: Tone;
  cells: Cell[];
}

/** The webview's request for the rows `start … start+count` of the view filtered and sorted by `ui`. */
export interface RowsRequest {
  /** Increases with every request; a reply to an older one is dropped. */
  seq: number;
  ui: UiState;
  start: number;
  count: number;
  /** A row key (the active row) whose position in the filtered rows the reply should tell. */
  locate?: string;
}

export type HostMessage =
  /** Replaces everything the webview shows but its rows, which it then asks for (`rows`). */
  | { type: 'show'; frame: ViewFrame; source: PanelSource | null; ui: UiState | null }
  /** A page of rows, with the filtered count and the totals row of all filtered rows. */
  | { type: 'rows'; seq: number; total: number; start: number; rows: RowView[]; totals: Cell[]; located?: number }
  /** A row's details; null when the row no longer exists. */
  | { type: 'details'; key: string; details: Details | null }
  /** Something the webview cannot show (the record file is gone, could not be parsed…). */
  | { type: 'failure'; message: string };

export type RowsPage = Extract<HostMessage, { type: 'rows' }>;

export type ExportFormat = 'csv' | 'html';

export type WebviewMessage =
  /** Sent once the script has loaded and listens; the host posts nothing before it. */
  | { type: 'ready' }
  | ({ type: 'rows' } & RowsRequest)
  | { type: 'details'; key: string }
  | { type: 'export'; format: ExportFormat; ui: UiState }
  | { type: 'openCase'; recordId: string; caseId: string }
  | { type: 'diffPrompts' }
  | { type: 'diffOutputs'; left: ResultRef; right: ResultRef }
  /** A person's pass or fail for one result (the host asks for an optional note and records it). */
  | { type: 'review'; result: ResultRef; verdict: 'pass' | 'fail' }
  /** Write the result's output into its dataset row as `expected`. */
  | { type: 'acceptExpected'; result: ResultRef };

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object';
}

function isResultRef(value: unknown): value is ResultRef {
  return isObject(value) && typeof value.recordId === 'string' && typeof value.caseId === 'string' && typeof value.model === 'string' && typeof value.repeat === 'number';
}

export function isUiState(value: unknown): value is UiState {
  if (!isObject(value) || !isObject(value.filter)) return false;
  const f = value.filter;
  const sortOk = value.sort === null || (isObject(value.sort) && typeof value.sort.column === 'string' && typeof value.sort.descending === 'boolean');
  return typeof f.failedOnly === 'boolean' && typeof f.changedOnly === 'boolean' && typeof f.search === 'string' && (f.evaluator === null || typeof f.evaluator === 'string') && sortOk;
}

/** The host's check on what a webview posts: untrusted until its shape is known. */
export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (!isObject(value)) return false;
  switch (value.type) {
    case 'ready':
    case 'diffPrompts':
      return true;
    case 'rows':
      return (
        Number.isSafeInteger(value.seq) &&
        Number.isSafeInteger(value.start) &&
        Number.isSafeInteger(value.count) &&
        (value.start as number) >= 0 &&
        (value.count as number) >= 0 &&
        isUiState(value.ui) &&
        (value.locate === undefined || typeof value.locate === 'string')
      );
    case 'details':
      return typeof value.key === 'string';
    case 'export':
      return (value.format === 'csv' || value.format === 'html') && isUiState(value.ui);
    case 'openCase':
      return typeof value.recordId === 'string' && typeof value.caseId === 'string';
    case 'diffOutputs':
      return isResultRef(value.left) && isResultRef(value.right);
    case 'review':
      return isResultRef(value.result) && (value.verdict === 'pass' || value.verdict === 'fail');
    case 'acceptExpected':
      return isResultRef(value.result);
    default:
      return false;
  }
}
