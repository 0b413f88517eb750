import { DEFAULT_UI, type HostMessage, type PanelSource, type RowsPage, type UiState, type ViewFrame, type WebviewMessage } from '../src/shared/protocol.js';
import { renderDetails } from './details.js';
import { h } from './dom.js';
import { createGrid, KEEP, type Grid } from './grid.js';
import { renderSummary } from './summary.js';
import { button, createToolbar, type Toolbar } from './toolbar.js';

// The webview's state and rendering. The host sends a view's frame; this keeps the user's filters,
// sort and selection, asks the host for the rows in view (a page at a time), re-renders on
// change, and persists the filters so a reloaded panel looks the same.

export interface AppIo {
  post: (message: WebviewMessage) => void;
  persist(source: PanelSource, ui: UiState): void;
  /** First rows are on screen (for the benchmark's time-to-first-render mark). */
  rendered(): void;
}

const ROW_HEIGHT = { 1: 26, 2: 44 } as const;
const UNITS = { results: 'results', models: 'cases', versions: 'rows' } as const;
/** Rows asked for beyond each side of the window, so scrolling a little needs no new page. */
const MARGIN = 150;
/** Rows asked for before the grid exists to say how many fit (more than a tall panel shows). */
const FIRST_WINDOW = 60;

export function createApp(root: HTMLElement, io: AppIo, initialUi: UiState | undefined) {
  let frame: ViewFrame | null = null;
  let source: PanelSource | null = null;
  let ui: UiState = initialUi ?? DEFAULT_UI;
  let grid: Grid | null = null;
  let toolbar: Toolbar | null = null;
  let gridSignature = '';
  let toolbarSignature = '';
  let openKey: string | undefined;
  let summaryOpen = true;
  let firstRender = true;
  let seq = 0;
  /** The request that asked for the current set of rows: replies to earlier ones are stale. */
  let resetSeq = 0;
  /** The rows last asked for, so a scroll inside them asks nothing again. */
  let asked = { seq: 0, first: 0, last: 0 };
  /** Rows the current filters leave (from the host's last reply). */
  let total = 0;

  const header = h('header', { class: 'view-header' });
  const summarySlot = h('div', { class: 'summary-slot' });
  const toolbarSlot = h('div', { class: 'toolbar-slot' });
  const gridSlot = h('div', { class: 'grid-slot' });
  const detailsSlot = h('div', { class: 'details-slot' });
  const main = h('div', { class: 'main' }, gridSlot, detailsSlot);
  root.replaceChildren(h('div', { class: 'loading', role: 'status' }, 'Loading results…'));

  function request(start: number, end: number, locate?: string): number {
    seq++;
    io.post({ type: 'rows', seq, ui, start, count: end - start, ...(locate === undefined ? {} : { locate }) });
    return seq;
  }

  /** Asks for the window and a margin on each side. */
  function ask(first: number, last: number, locate?: string): number {
    const start = Math.max(0, first - MARGIN);
    const end = last + MARGIN;
    asked = { seq: request(start, end, locate), first: start, last: end };
    return asked.seq;
  }

  /** The rows changed as a whole (filters, sort, a new frame): ask again for the window. */
  function refreshRows(): void {
    const { first, last } = grid?.window() ?? { first: 0, last: FIRST_WINDOW };
    resetSeq = ask(first, Math.max(last, first + 1), grid?.activeKey());
  }

  /**
   * While scrolling, asks for the rows beyond those asked for when the window comes within half a
   * margin of their edge: only the new rows, so each reply is small and lands between frames.
   */
  function follow(first: number, last: number): void {
    // The grid drops rows this far from its window; they are to be asked for again.
    asked = { ...asked, first: Math.max(asked.first, first - KEEP), last: Math.min(asked.last, last + KEEP) };
    const roomAbove = asked.first === 0 || first - asked.first >= MARGIN / 2;
    const roomBelow = asked.last >= total || asked.last - last >= MARGIN / 2;
    if (roomAbove && roomBelow) return;
    if (last <= asked.first || first >= asked.last) {
      ask(first, last);
      return;
    }
    if (!roomBelow) {
      request(asked.last, last + MARGIN);
      asked = { ...asked, last: last + MARGIN };
    }
    if (!roomAbove) {
      const start = Math.max(0, first - MARGIN);
      request(start, asked.first);
      asked = { ...asked, first: start };
    }
  }

  function receiveRows(page: RowsPage): void {
    if (!grid || !frame || page.seq < resetSeq) return;
    if (page.seq === resetSeq) {
      total = page.total;
      grid.reset(page.total, page.totals, ui.sort, page.located ?? -1);
      toolbar?.setCount(page.total, frame.rowCount, UNITS[frame.kind]);
    }
    grid.fill(page.start, page.rows);
    if (firstRender) {
      firstRender = false;
      requestAnimationFrame(() => io.rendered());
    }
  }

  function setUi(next: UiState): void {
    ui = next;
    if (source) io.persist(source, ui);
    refreshRows();
  }

  function sortBy(column: string): void {
    const current = ui.sort?.column === column ? ui.sort : null;
    // Ascending, then descending, then back to the dataset order.
    const sort = !current ? { column, descending: false } : !current.descending ? { column, descending: true } : null;
    setUi({ ...ui, sort });
  }

  function showDetails(key: string): void {
    openKey = key;
    io.post({ type: 'details', key });
  }

  function receiveDetails(message: Extract<HostMessage, { type: 'details' }>): void {
    if (message.key !== openKey) return;
    if (!message.details) return closeDetails();
    const hadFocus = detailsSlot.contains(document.activeElement);
    detailsSlot.replaceChildren(renderDetails(message.details, io.post, closeDetails));
    main.classList.add('with-details');
    if (hadFocus) (detailsSlot.firstElementChild as HTMLElement | null)?.focus();
  }

  function closeDetails(): void {
    openKey = undefined;
    detailsSlot.replaceChildren();
    main.classList.remove('with-details');
    grid?.focus();
  }

  function renderHeader(view: ViewFrame): void {
    header.replaceChildren(
      h('div', { class: 'titles' }, h('h1', {}, view.title), h('div', { class: 'subtitle' }, view.subtitle)),
      h('span', { class: view.progress ? 'badge running' : 'badge', role: 'status', hidden: !view.progress }, view.progress),
      h('div', { class: 'header-actions' }, ...view.actions.map((action) => button(action.label, `action-${action.message.type}`, () => io.post(action.message), false))),
    );
  }

  function render(view: ViewFrame): void {
    const scrollTop = grid?.element.scrollTop ?? 0;
    const hadFocus = !!grid && document.activeElement === grid.element;
    // Ask for the rows first: the host looks them up while this draws the rest.
    refreshRows();
    renderHeader(view);
    summarySlot.replaceChildren(renderSummary(view.summary, view.summaryGroup, view.charts, summaryOpen, (open) => (summaryOpen = open)));

    const nextToolbarSignature = JSON.stringify([view.kind, view.evaluators, view.changedLabel]);
    if (!toolbar || nextToolbarSignature !== toolbarSignature) {
      toolbarSignature = nextToolbarSignature;
      toolbar = createToolbar({
        filter: ui.filter,
        evaluators: view.evaluators,
        changedLabel: view.changedLabel,
        onFilter: (filter) => setUi({ ...ui, filter }),
        onExport: (format) => io.post({ type: 'export', format, ui }),
      });
      toolbarSlot.replaceChildren(toolbar.element);
    }

    const nextGridSignature = JSON.stringify([view.kind, view.columns, view.rowLines]);
    if (!grid || nextGridSignature !== gridSignature) {
      gridSignature = nextGridSignature;
      grid = createGrid({ columns: view.columns, rowHeight: ROW_HEIGHT[view.rowLines], onSort: sortBy, onOpen: showDetails, onClose: closeDetails, onWindow: follow });
      gridSlot.replaceChildren(grid.element);
      grid.element.scrollTop = scrollTop;
    }
    if (root.firstElementChild?.classList.contains('loading') || root.firstElementChild?.classList.contains('failure')) {
      root.replaceChildren(header, summarySlot, toolbarSlot, main);
    }
    if (openKey !== undefined) showDetails(openKey);
    if (hadFocus) grid.focus();
  }

  function receive(message: HostMessage): void {
    switch (message.type) {
      case 'show':
        frame = message.frame;
        source = message.source;
        if (message.ui) ui = message.ui;
        if (source) io.persist(source, ui);
        render(frame);
        return;
      case 'rows':
        receiveRows(message);
        return;
      case 'details':
        receiveDetails(message);
        return;
      case 'failure':
        frame = null;
        root.replaceChildren(h('div', { class: 'failure', role: 'alert' }, message.message));
        return;
    }
  }

  return { receive };
}
