import type { ExportFormat, FilterState } from '../src/shared/protocol.js';
import { h } from './dom.js';

// Filters (failed only, changed only, failing evaluator, search) and the export buttons. Every
// control is a focusable vscode-elements component, reachable with Tab.

export interface ToolbarOptions {
  filter: FilterState;
  evaluators: string[];
  changedLabel?: string;
  onFilter(filter: FilterState): void;
  onExport(format: ExportFormat): void;
}

export interface Toolbar {
  element: HTMLElement;
  setCount(shown: number, total: number, unit: string): void;
}

const SEARCH_DEBOUNCE_MS = 120;

export function createToolbar(options: ToolbarOptions): Toolbar {
  let filter = { ...options.filter };
  const update = (patch: Partial<FilterState>) => {
    filter = { ...filter, ...patch };
    options.onFilter(filter);
  };

  const failedOnly = checkbox('Failed only', filter.failedOnly, 'filter-failed', (checked) => update({ failedOnly: checked }));
  const changedOnly = options.changedLabel ? checkbox(options.changedLabel, filter.changedOnly, 'filter-changed', (checked) => update({ changedOnly: checked })) : null;

  const select = h('vscode-single-select', { id: 'filter-evaluator', 'aria-label': 'Failing evaluator' }) as HTMLElement & { value: string };
  select.append(h('vscode-option', { value: '' }, 'Any evaluator'));
  for (const name of options.evaluators) select.append(h('vscode-option', { value: name }, `Failing: ${name}`));
  select.value = filter.evaluator ?? '';
  // The component sets its value once its options are upgraded; set it again after that.
  queueMicrotask(() => (select.value = filter.evaluator ?? ''));
  select.addEventListener('change', () => update({ evaluator: select.value === '' ? null : select.value }));

  const search = h('vscode-textfield', { id: 'filter-search', placeholder: 'Search cases, vars, outputs…', 'aria-label': 'Search' }) as HTMLElement & { value: string };
  search.value = filter.search;
  let timer: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => update({ search: search.value }), SEARCH_DEBOUNCE_MS);
  });

  const count = h('span', { class: 'row-count', role: 'status', 'aria-live': 'polite' });
  const csv = button('Export CSV', 'export-csv', () => options.onExport('csv'));
  const html = button('Export HTML', 'export-html', () => options.onExport('html'));

  const element = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Filters and export' }, failedOnly, changedOnly, select, search, count, h('span', { class: 'spacer' }), csv, html);
  return {
    element,
    setCount(shown, total, unit) {
      count.textContent = shown === total ? `${total} ${unit}` : `${shown} of ${total} ${unit}`;
    },
  };
}

function checkbox(label: string, checked: boolean, id: string, onChange: (checked: boolean) => void): HTMLElement {
  const box = h('vscode-checkbox', { id, label, checked }) as HTMLElement & { checked: boolean };
  box.addEventListener('change', () => onChange(box.checked));
  return box;
}

export function button(label: string, id: string | undefined, onClick: () => void, secondary = true): HTMLElement {
  const element = h('vscode-button', { id, secondary });
  element.textContent = label;
  element.addEventListener('click', onClick);
  return element;
}
