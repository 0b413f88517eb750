import type { ColumnHead, RowView, SortState } from '../src/shared/protocol.js';
import type { Cell } from '../src/shared/table.js';
import { fillCell, h } from './dom.js';
import { middleEllipsisParts } from '../src/shared/middleEllipsis.js';

// A virtualised, keyboard-navigable grid: only the rows in view (plus a margin) exist in the DOM,
// recycled while scrolling, and only rows near the window are held at all: the host sends them a
// page at a time (onWindow), so 100,000 rows open and scroll as fast as 15. Rows have a fixed
// height, which is what makes the window arithmetic exact and cheap.

export interface GridOptions {
  columns: ColumnHead[];
  rowHeight: number;
  onSort(column: string): void;
  /** Enter, or a click on a row: show its details. */
  onOpen(key: string): void;
  /** Escape in the grid. */
  onClose(): void;
  /** Rows first … last-1 are in view (after every scroll): ask the host for what is missing or near. */
  onWindow(first: number, last: number): void;
}

export interface Grid {
  element: HTMLElement;
  /** Rows the window shows now (with its margin), to ask for when the rows change. */
  window(): { first: number; last: number };
  /** A new set of rows (filters, sort or the view changed): forgets the rows it had. */
  reset(total: number, totals: readonly Cell[], sort: SortState | null, active: number): void;
  /** Rows from the host, starting at index `start`. */
  fill(start: number, rows: readonly RowView[]): void;
  /** The key of the active (keyboard) row, to keep it across updates. */
  activeKey(): string | undefined;
  focus(): void;
}

const OVERSCAN = 8;
/** Rows kept around the window; beyond that, rows scrolled past are dropped and asked for again. */
export const KEEP = 2000;
/** The smallest width a CSS track can take ("minmax(110px, 1fr)" → 110, "92px" → 92). */
export function minTrackWidth(track: string): number {
  const match = /(\d+(?:\.\d+)?)px/.exec(track);
  return match ? Number(match[1]) : 80;
}

export function createGrid(options: GridOptions): Grid {
  const { columns, rowHeight } = options;
  let total = 0;
  let rows = new Map<number, RowView>();
  let active = -1;
  let generation = 0;
  let frame = 0;
  const pool: Array<{ element: HTMLElement; index: number; generation: number }> = [];

  const template = columns.map((c) => c.width).join(' ');
  const minWidth = columns.reduce((sum, c) => sum + minTrackWidth(c.width), 0);
  const head = h('div', { class: 'grid-head', role: 'row', 'aria-rowindex': 1 });
  const headCells = columns.map((column, i) => {
    const [start, end] = middleEllipsisParts(column.title);
    // Narrow columns cut the middle of a long title (a model id), keeping its distinguishing end.
    const label = end ? [h('span', { class: 'title-start' }, start), h('span', { class: 'title-end' }, end)] : [column.title];
    const button = h('button', { class: end ? 'sort-button split-title' : 'sort-button', type: 'button', 'data-column': column.id, title: `Sort by ${column.title}` }, ...label);
    button.addEventListener('click', () => options.onSort(column.id));
    return h(
      'div',
      { class: `grid-cell head-cell${column.align === 'end' ? ' align-end' : ''}`, role: 'columnheader', 'aria-colindex': i + 1, 'aria-sort': 'none' },
      button,
      column.subtitle ? h('span', { class: 'cell-sub' }, column.subtitle) : null,
    );
  });
  head.append(...headCells);
  const body = h('div', { class: 'grid-body', role: 'rowgroup' });
  const foot = h('div', { class: 'grid-foot', role: 'row' });
  const footCells = columns.map((column, i) => h('div', { class: 'grid-cell', role: 'gridcell', 'aria-colindex': i + 1 }));
  foot.append(...footCells);
  const inner = h('div', { class: 'grid-inner' }, head, body, foot);
  const scroller = h('div', { class: 'grid', role: 'grid', tabindex: 0, 'aria-label': 'Cases', 'aria-colcount': columns.length }, inner);
  // CSSOM, not a style attribute: the CSP allows it and the stylesheet reads the variables.
  scroller.style.setProperty('--grid-columns', template);
  scroller.style.setProperty('--row-height', `${rowHeight}px`);
  inner.style.minWidth = `${minWidth}px`;

  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(() => ((frame = 0), render()));
  };
  scroller.addEventListener('scroll', schedule, { passive: true });
  new ResizeObserver(schedule).observe(scroller);

  function rowElement(): { element: HTMLElement; index: number; generation: number } {
    const element = h('div', { class: 'grid-row', role: 'row' });
    for (let i = 0; i < columns.length; i++) element.append(h('div', { class: 'grid-cell', role: 'gridcell', 'aria-colindex': i + 1 }));
    element.addEventListener('click', () => {
      const index = Number(element.dataset.index);
      setActive(index, false);
      const row = rows.get(index);
      if (row) options.onOpen(row.key);
    });
    body.append(element);
    return { element, index: -1, generation: -1 };
  }

  function fill(slot: { element: HTMLElement; index: number; generation: number }, index: number): void {
    const row = rows.get(index);
    slot.index = index;
    // A row still on its way is drawn empty and filled again when it arrives.
    slot.generation = row ? generation : -1;
    const { element } = slot;
    element.dataset.index = String(index);
    element.id = `pw-row-${index}`;
    element.setAttribute('aria-rowindex', String(index + 2));
    element.style.transform = `translateY(${index * rowHeight}px)`;
    const tone = row?.tone;
    element.className = `grid-row${tone ? ` row-${tone}` : ''}${row ? '' : ' pending'}${index === active ? ' active' : ''}`;
    element.setAttribute('aria-selected', index === active ? 'true' : 'false');
    element.setAttribute('aria-busy', row ? 'false' : 'true');
    const cells = element.children;
    for (let c = 0; c < columns.length; c++) {
      fillCell(cells[c] as HTMLElement, row?.cells[c], `grid-cell${columns[c].align === 'end' ? ' align-end' : ''}`);
    }
  }

  function visibleWindow(): { first: number; last: number } {
    const viewport = scroller.clientHeight;
    const top = Math.max(0, scroller.scrollTop - head.offsetHeight);
    const first = Math.max(0, Math.min(total, Math.floor(top / rowHeight) - OVERSCAN));
    const last = Math.max(first, Math.min(total, Math.ceil((top + viewport) / rowHeight) + OVERSCAN));
    return { first, last };
  }

  function render(): void {
    const { first, last } = visibleWindow();
    const wanted = last - first;
    while (pool.length < wanted) pool.push(rowElement());
    // Slots already showing a row in the window keep it; the others take the missing indexes.
    const kept = new Set<number>();
    const free: typeof pool = [];
    for (const slot of pool) {
      if (slot.generation === generation && slot.index >= first && slot.index < last && !kept.has(slot.index)) kept.add(slot.index);
      else free.push(slot);
    }
    for (let index = first; index < last; index++) {
      if (kept.has(index)) continue;
      const slot = free.pop()!;
      slot.element.hidden = false;
      fill(slot, index);
    }
    for (const slot of free) {
      slot.element.hidden = true;
      slot.index = -1;
    }
    options.onWindow(first, last);
  }

  function refreshActiveClass(): void {
    for (const slot of pool) {
      if (slot.index < 0) continue;
      const on = slot.index === active;
      slot.element.classList.toggle('active', on);
      slot.element.setAttribute('aria-selected', on ? 'true' : 'false');
    }
    if (active >= 0) scroller.setAttribute('aria-activedescendant', `pw-row-${active}`);
    else scroller.removeAttribute('aria-activedescendant');
  }

  function setActive(index: number, reveal: boolean): void {
    active = total ? Math.max(0, Math.min(total - 1, index)) : -1;
    if (reveal && active >= 0) {
      const headH = head.offsetHeight;
      const footH = foot.offsetHeight;
      const rowTop = active * rowHeight;
      const visibleTop = scroller.scrollTop;
      const visibleBottom = scroller.scrollTop + scroller.clientHeight - headH - footH;
      if (rowTop < visibleTop) scroller.scrollTop = rowTop;
      else if (rowTop + rowHeight > visibleBottom) scroller.scrollTop = rowTop + rowHeight - (scroller.clientHeight - headH - footH);
    }
    render();
    refreshActiveClass();
  }

  scroller.addEventListener('keydown', (event) => {
    if (event.target !== scroller) return;
    const page = Math.max(1, Math.floor((scroller.clientHeight - head.offsetHeight - foot.offsetHeight) / rowHeight) - 1);
    const moves: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, PageDown: active + page, PageUp: active - page, Home: 0, End: total - 1 };
    if (event.key in moves) {
      event.preventDefault();
      setActive(active < 0 && event.key !== 'End' ? 0 : moves[event.key], true);
    } else if ((event.key === 'Enter' || event.key === ' ') && active >= 0) {
      event.preventDefault();
      const row = rows.get(active);
      if (row) options.onOpen(row.key);
    } else if (event.key === 'Escape') {
      options.onClose();
    }
  });

  return {
    element: scroller,
    window: visibleWindow,
    reset(count, totals, sort, keep) {
      total = count;
      rows = new Map();
      generation++;
      body.style.height = `${total * rowHeight}px`;
      scroller.setAttribute('aria-rowcount', String(total + 2));
      foot.setAttribute('aria-rowindex', String(total + 2));
      active = keep >= 0 && keep < total ? keep : -1;
      columns.forEach((column, i) => {
        fillCell(footCells[i], totals[i], `grid-cell${column.align === 'end' ? ' align-end' : ''}`);
        const sorted = sort?.column === column.id;
        headCells[i].setAttribute('aria-sort', sorted ? (sort.descending ? 'descending' : 'ascending') : 'none');
        headCells[i].classList.toggle('sorted', sorted);
      });
    },
    fill(start, page) {
      page.forEach((row, i) => rows.set(start + i, row));
      if (rows.size > 2 * KEEP) {
        const { first, last } = visibleWindow();
        for (const index of rows.keys()) if (index < first - KEEP || index >= last + KEEP) rows.delete(index);
      }
      render();
      refreshActiveClass();
    },
    activeKey: () => (active >= 0 ? rows.get(active)?.key : undefined),
    focus: () => scroller.focus(),
  };
}
