import { el, type MarkupNode } from './markup.js';
import type { SummaryBlock } from './viewModel.js';

// The summary above a table, as markup both the webview and the HTML report render: blocks with a
// verdict sentence stand alone; blocks with the same cards (one per model or version) become one
// compact table, a row each, so six models still fit above the fold.

function cardsNode(block: SummaryBlock): MarkupNode {
  return el(
    'div',
    { class: 'cards' },
    ...block.cards.map((card) =>
      el(
        'div',
        { class: 'card', 'data-card': card.title },
        el('div', { class: 'card-title' }, card.title),
        el('div', { class: `card-value${card.tone ? ` tone-${card.tone}` : ''}` }, card.value),
        card.detail ? el('div', { class: 'card-detail' }, card.detail) : null,
      ),
    ),
  );
}

function standalone(block: SummaryBlock): MarkupNode {
  return el(
    'section',
    { class: 'summary-block', 'aria-label': block.heading },
    el('h2', {}, block.heading),
    block.sentence ? el('p', { class: `sentence tone-${block.tone ?? 'muted'}`, 'data-testid': 'verdict' }, block.sentence) : null,
    cardsNode(block),
  );
}

function table(blocks: readonly SummaryBlock[], groupLabel: string): MarkupNode {
  const titles = blocks[0].cards.map((c) => c.title);
  return el(
    'table',
    { class: 'summary-table' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, groupLabel), ...titles.map((t) => el('th', { scope: 'col' }, t)))),
    el(
      'tbody',
      {},
      ...blocks.map((block) =>
        el(
          'tr',
          { 'data-group': block.heading },
          el('th', { scope: 'row' }, block.heading),
          ...block.cards.map((card) =>
            el(
              'td',
              { 'data-card': card.title },
              el('span', { class: `card-value${card.tone ? ` tone-${card.tone}` : ''}` }, card.value),
              card.detail ? el('span', { class: 'card-detail' }, card.detail) : null,
            ),
          ),
        ),
      ),
    ),
  );
}

export function summaryMarkup(blocks: readonly SummaryBlock[], groupLabel: string): MarkupNode[] {
  const alone = blocks.filter((b) => b.sentence);
  const grouped = blocks.filter((b) => !b.sentence);
  const sameCards = grouped.length > 1 && grouped.every((b) => b.cards.map((c) => c.title).join() === grouped[0].cards.map((c) => c.title).join());
  return [...alone.map(standalone), ...(sameCards ? [table(grouped, groupLabel)] : grouped.map(standalone))];
}
