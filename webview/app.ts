import { buildView } from '../src/shared/buildView.js';
import { DEFAULT_UI, type HostMessage, type PanelSource, type UiState, type ViewData, type WebviewMessage } from '../src/shared/protocol.js';
import type { TableRow } from '../src/shared/table.js';
import type { ViewModel } from '../src/shared/viewModel.js';
import { visibleRows } from '../src/shared/visibleRows.js';
import { renderDetails } from './details.js';
import { h } from './dom.js';
import { createGrid, type Grid } from './grid.js';
import { renderSummary } from './summary.js';
import { button, createToolbar, type Toolbar } from './toolbar.js';

// The webview's state and rendering. The host sends what to show; this keeps the user's filters,
// sort and selection, re-renders on change, and persists them so a reloaded panel looks the same.

export interface AppIo {
  post: (message: WebviewMessage) => void;
  persist(source: PanelSource, ui: UiState): void;
  /** First rows are on screen (for the benchmark's time-to-first-render mark). */
  rendered(): void;
}

const ROW_HEIGHT = { 1: 26, 2: 44 } as const;
/** A big run in progress re-renders at most this often, however fast its results arrive. */
const LIVE_RENDER_MS = 400;
const UNITS = { results: 'results', models: 'cases', versions: 'rows' } as const;

export function createApp(root: HTMLElement, io: AppIo, initialUi: UiState | undefined) {
  let data: ViewData | null = null;
  let source: PanelSource | null = null;
  let ui: UiState = initialUi ?? DEFAULT_UI;
  let model: ViewModel<TableRow> | null = null;
  let grid: Grid<TableRow> | null = null;
  let toolbar: Toolbar | null = null;
  let gridSignature = '';
  let toolbarSignature = '';
  let openKey: string | undefined;
  let summaryOpen = true;
  let firstRender = true;
  let liveTimer: ReturnType<typeof setTimeout> | undefined;
  let lastRender = 0;

  const header = h('header', { class: 'view-header' });
  const summarySlot = h('div', { class: 'summary-slot' });
  const toolbarSlot = h('div', { class: 'toolbar-slot' });
  const gridSlot = h('div', { class: 'grid-slot' });
  const detailsSlot = h('div', { class: 'details-slot' });
  const main = h('div', { class: 'main' }, gridSlot, detailsSlot);
  root.replaceChildren(h('div', { class: 'loading', role: 'status' }, 'Loading results…'));

  function setUi(next: UiState): void {
    ui = next;
    if (source) io.persist(source, ui);
    refreshRows();
  }

  function refreshRows(): void {
    if (!model || !grid) return;
    const rows = visibleRows(model, ui);
    grid.setRows(rows, model.totals(rows), ui.sort);
    toolbar?.setCount(rows.length, model.rows.length, UNITS[model.kind]);
    if (openKey !== undefined && !model.rows.some((r) => r.key === openKey)) closeDetails();
    else if (openKey !== undefined) showDetails(openKey);
  }

  function sortBy(column: string): void {
    const current = ui.sort?.column === column ? ui.sort : null;
    // Ascending, then descending, then back to the dataset order.
    const sort = !current ? { column, descending: false } : !current.descending ? { column, descending: true } : null;
    setUi({ ...ui, sort });
  }

  function showDetails(key: string): void {
    const row = model?.rows.find((r) => r.key === key);
    if (!model || !row) return;
    openKey = key;
    detailsSlot.replaceChildren(renderDetails(model.details(row), io.post, closeDetails));
    main.classList.add('with-details');
  }

  function closeDetails(): void {
    openKey = undefined;
    detailsSlot.replaceChildren();
    main.classList.remove('with-details');
    grid?.focus();
  }

  function renderHeader(view: ViewModel<TableRow>): void {
    const records = data?.kind === 'versions' ? [data.before.record, data.after.record] : data ? [data.record] : [];
    const running = records.filter((r) => r.status === 'running');
    const progress = running.map((r) => `running… ${r.results.length}/${r.cases.length * r.models.length * r.options.repeat}`).join(' · ');
    header.replaceChildren(
      h('div', { class: 'titles' }, h('h1', {}, view.title), h('div', { class: 'subtitle' }, view.subtitle)),
      h('span', { class: progress ? 'badge running' : 'badge', role: 'status', hidden: !progress }, progress),
      h('div', { class: 'header-actions' }, ...view.actions.map((action) => button(action.label, `action-${action.message.type}`, () => io.post(action.message), false))),
    );
  }

  /** Progress messages come in bursts; rebuilding the view for each would keep the page busy. */
  function renderSoon(): void {
    if (liveTimer) return;
    liveTimer = setTimeout(
      () => {
        liveTimer = undefined;
        render();
      },
      Math.max(0, LIVE_RENDER_MS - (performance.now() - lastRender)),
    );
  }

  function render(): void {
    clearTimeout(liveTimer);
    liveTimer = undefined;
    lastRender = performance.now();
    if (!data) return;
    const scrollTop = grid?.element.scrollTop ?? 0;
    const hadFocus = !!grid && document.activeElement === grid.element;
    model = buildView(data);
    renderHeader(model);
    summarySlot.replaceChildren(renderSummary(model.summary, model.summaryGroup, model.charts, summaryOpen, (open) => (summaryOpen = open)));

    const nextToolbarSignature = JSON.stringify([model.kind, model.evaluators, model.changedLabel]);
    if (!toolbar || nextToolbarSignature !== toolbarSignature) {
      toolbarSignature = nextToolbarSignature;
      toolbar = createToolbar({
        filter: ui.filter,
        evaluators: model.evaluators,
        changedLabel: model.changedLabel,
        onFilter: (filter) => setUi({ ...ui, filter }),
        onExport: (format) => io.post({ type: 'export', format, ui }),
      });
      toolbarSlot.replaceChildren(toolbar.element);
    }

    const nextGridSignature = JSON.stringify([model.kind, model.columns.map((c) => [c.id, c.title, c.subtitle]), model.rowLines]);
    if (!grid || nextGridSignature !== gridSignature) {
      gridSignature = nextGridSignature;
      grid = createGrid({
        columns: model.columns,
        rowHeight: ROW_HEIGHT[model.rowLines],
        rowTone: (row) => model!.rowTone(row),
        onSort: sortBy,
        onOpen: (row) => showDetails(row.key),
        onClose: closeDetails,
      });
      gridSlot.replaceChildren(grid.element);
      grid.element.scrollTop = scrollTop;
    }
    if (root.firstElementChild?.classList.contains('loading') || root.firstElementChild?.classList.contains('failure')) {
      root.replaceChildren(header, summarySlot, toolbarSlot, main);
    }
    refreshRows();
    if (hadFocus) grid.focus();
    if (firstRender) {
      firstRender = false;
      requestAnimationFrame(() => io.rendered());
    }
  }

  function receive(message: HostMessage): void {
    switch (message.type) {
      case 'show':
        data = message.view;
        source = message.source;
        if (message.ui) ui = message.ui;
        if (source) io.persist(source, ui);
        render();
        return;
      case 'runProgress': {
        const records = data?.kind === 'versions' ? [data.before.record, data.after.record] : data ? [data.record] : [];
        const record = records.find((r) => r.id === message.recordId);
        if (!record) return;
        record.results.length = Math.min(record.results.length, message.from);
        record.results.push(...message.results);
        record.status = message.status;
        if (message.finishedAt) record.finishedAt = message.finishedAt;
        if (message.status === 'running') renderSoon();
        else render();
        return;
      }
      case 'failure':
        data = null;
        root.replaceChildren(h('div', { class: 'failure', role: 'alert' }, message.message));
        return;
    }
  }

  return { receive };
}
