import type { FinishedRun } from '../run/contracts.js';
import type { PanelSource, ViewData } from '../../shared/protocol.js';

// What a panel shows, host side: the full runs (the host serves outputs and prompt texts from
// them), convertible to the ViewData its view model is built from and to the PanelSource a
// reload needs.

export interface VersionRun extends FinishedRun {
  label: string;
  /** The git commit the prompt text came from. */
  revision?: string;
  /** The prompt file the run was made for (URI string). */
  promptUri?: string;
}

export type LoadedView = { kind: 'results'; run: FinishedRun } | { kind: 'models'; run: FinishedRun } | { kind: 'versions'; before: VersionRun; after: VersionRun };

export function runsOf(view: LoadedView): FinishedRun[] {
  return view.kind === 'versions' ? [view.before, view.after] : [view.run];
}

/** The records a view model is built from (the host keeps them whole; the webview gets pages of rows). */
export function toViewData(view: LoadedView): ViewData {
  if (view.kind === 'versions') return { kind: 'versions', before: { label: view.before.label, record: view.before.record }, after: { label: view.after.label, record: view.after.record } };
  return { kind: view.kind, record: view.run.record };
}

export function toSource(view: LoadedView): PanelSource {
  const ref = (run: FinishedRun) => ({ id: run.record.id, file: run.file });
  if (view.kind === 'versions') {
    const side = (run: VersionRun) => ({ ...ref(run), label: run.label, revision: run.revision, promptUri: run.promptUri });
    return { kind: 'versions', before: side(view.before), after: side(view.after) };
  }
  return { kind: view.kind, run: ref(view.run) };
}

/** Replaces the run with the same record id by `run` (a newer state of a run in progress). */
export function withRun(view: LoadedView, run: FinishedRun): LoadedView {
  const id = run.record.id;
  if (view.kind === 'versions') {
    return {
      ...view,
      before: view.before.record.id === id ? { ...view.before, record: run.record, file: run.file ?? view.before.file, root: run.root ?? view.before.root } : view.before,
      after: view.after.record.id === id ? { ...view.after, record: run.record, file: run.file ?? view.after.file, root: run.root ?? view.after.root } : view.after,
    };
  }
  return view.run.record.id === id ? { ...view, run: { record: run.record, file: run.file ?? view.run.file, root: run.root ?? view.run.root } } : view;
}

export function panelTitle(view: LoadedView): string {
  const file = (run: FinishedRun) => run.record.prompt.path.split('/').pop() ?? run.record.prompt.path;
  switch (view.kind) {
    case 'results':
      return `Results: ${file(view.run)}`;
    case 'models':
      return `Models: ${file(view.run)}`;
    case 'versions':
      return `${file(view.after)}: ${view.before.label} ↔ ${view.after.label}`;
  }
}
