import { el, toMarkup, type MarkupNode } from './markup.js';
import type { UiState } from './protocol.js';
import { REPORT_CSS } from './reportStyle.js';
import type { Cell, TableRow } from './table.js';
import { summaryMarkup } from './summaryMarkup.js';
import type { Details, ViewModel } from './viewModel.js';
import { describeFilter, shownRows } from './visibleRows.js';

// A self-contained HTML report of a view, for a reviewer without VS Code: one file, inline style,
// no script and no external resource (its own CSP says so), every string from a record escaped.

export interface ReportMeta {
  generatedAt: string;
  tool: string;
}

const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export function htmlReport<Row extends TableRow>(model: ViewModel<Row>, ui: UiState, meta: ReportMeta): string {
  const { rows, totals } = shownRows(model, ui);
  const filter = describeFilter(model, ui);
  const doc = el(
    'html',
    { lang: 'en' },
    el(
      'head',
      {},
      el('meta', { charset: 'utf-8' }),
      el('meta', { 'http-equiv': 'Content-Security-Policy', content: REPORT_CSP }),
      el('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
      el('title', {}, model.title),
      el('style', {}, REPORT_CSS),
    ),
    el(
      'body',
      {},
      el('h1', {}, model.title),
      el('div', { class: 'subtitle' }, model.subtitle),
      el('h2', {}, 'Summary'),
      ...summaryMarkup(model.summary, model.summaryGroup),
      el('h2', {}, 'Charts'),
      el('div', { class: 'charts' }, ...model.charts),
      el('h2', {}, `Cases (${rows.length} of ${model.rows.length}${filter ? `; ${filter}` : ''})`),
      reportTable(model, rows, totals),
      el('p', { class: 'meta' }, `Generated ${meta.generatedAt} by ${meta.tool}.`),
    ),
  );
  return `<!DOCTYPE html>\n${toMarkup(doc)}\n`;
}

function cellNode(tag: 'td' | 'th', cell: Cell | undefined, align?: 'start' | 'end'): MarkupNode {
  if (!cell) return el(tag, {});
  return el(
    tag,
    { class: [cell.tone ? `tone-${cell.tone}` : '', align === 'end' ? 'end' : ''].filter(Boolean).join(' ') || undefined, title: cell.title },
    cell.text,
    cell.sub ? el('span', { class: cell.subTone ? `sub tone-${cell.subTone}` : 'sub' }, cell.sub) : null,
  );
}

function detailsNode(details: Details): MarkupNode {
  return el(
    'details',
    {},
    el('summary', {}, 'details'),
    ...details.fields.map(([name, value]) => el('div', {}, el('strong', {}, `${name}: `), value)),
    ...details.blocks.flatMap((block) => [el('div', { class: block.tone ? `tone-${block.tone}` : undefined }, el('strong', {}, block.title)), el('pre', {}, block.text)]),
  );
}

function reportTable<Row extends TableRow>(model: ViewModel<Row>, rows: readonly Row[], totals: Record<string, Cell>): MarkupNode {
  return el(
    'table',
    {},
    el('thead', {}, el('tr', {}, ...model.columns.map((c) => el('th', { scope: 'col', class: c.align === 'end' ? 'end' : undefined }, c.title)), el('th', { scope: 'col' }, 'Details'))),
    el(
      'tbody',
      {},
      ...rows.map((row) =>
        el(
          'tr',
          { class: model.rowTone(row) === 'changed' ? 'row-changed' : undefined },
          ...model.columns.map((c) => cellNode('td', c.cell(row), c.align)),
          el('td', {}, detailsNode(model.details(row))),
        ),
      ),
    ),
    el('tfoot', {}, el('tr', {}, ...model.columns.map((c) => cellNode('td', totals[c.id], c.align)), el('td', {}))),
  );
}
