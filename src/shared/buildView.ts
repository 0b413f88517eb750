import { modelsView } from './modelsView.js';
import type { ViewData } from './protocol.js';
import { resultsView } from './resultsView.js';
import type { TableRow } from './table.js';
import type { ViewModel } from './viewModel.js';
import { versionsView } from './versionsView.js';

/** The view model for whatever the host asked to show. */
export function buildView(view: ViewData): ViewModel<TableRow> {
  switch (view.kind) {
    case 'results':
      return resultsView(view.record, view.images);
    case 'models':
      return modelsView(view.record);
    case 'versions':
      return versionsView(view.before, view.after);
  }
}
