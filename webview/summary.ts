import type { MarkupNode } from '../src/shared/markup.js';
import { summaryMarkup } from '../src/shared/summaryMarkup.js';
import type { SummaryBlock } from '../src/shared/viewModel.js';
import { fromMarkup, h } from './dom.js';

// The summary above the table (per-model or per-version numbers, the verdict sentence) and the
// charts. A native <details>, so it folds away with the keyboard too.

export function renderSummary(blocks: readonly SummaryBlock[], groupLabel: string, charts: readonly MarkupNode[], open: boolean, onToggle: (open: boolean) => void): HTMLElement {
  const details = h(
    'details',
    { class: 'summary', open },
    h('summary', {}, 'Summary and charts'),
    h(
      'div',
      { class: 'summary-body' },
      h('div', { class: 'summary-blocks' }, ...summaryMarkup(blocks, groupLabel).map((node) => fromMarkup(node))),
      h('div', { class: 'charts' }, ...charts.map((chart) => fromMarkup(chart))),
    ),
  );
  details.addEventListener('toggle', () => onToggle(details.open));
  return details;
}
