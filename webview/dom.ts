import type { MarkupNode } from '../src/shared/markup.js';
import type { Cell } from '../src/shared/table.js';

// DOM building for the webview. Text only ever goes in through textContent / text nodes: nothing
// here parses markup, so a model output like `<img onerror=…>` stays a string on screen.

type Attrs = Record<string, string | number | boolean | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, ...children: Array<Node | string | null | undefined | false>): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Attrs, ...children: Array<Node | string | null | undefined | false>): HTMLElement;
export function h(tag: string, attrs: Attrs = {}, ...children: Array<Node | string | null | undefined | false>): HTMLElement {
  const element = document.createElement(tag);
  setAttributes(element, attrs);
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

function setAttributes(element: Element, attrs: Attrs): void {
  for (const [name, value] of Object.entries(attrs)) {
    // Event handler attributes would be inline script; the CSP blocks them anyway, refuse them early.
    if (/^on/i.test(name)) throw new Error(`refusing attribute ${name}`);
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Builds DOM from a markup tree (charts); SVG elements get the SVG namespace. */
export function fromMarkup(node: MarkupNode | string, svg = false): Node {
  if (typeof node === 'string') return document.createTextNode(node);
  const inSvg = svg || node.tag === 'svg';
  const element = inSvg ? document.createElementNS(SVG_NS, node.tag) : document.createElement(node.tag);
  const { xmlns: _xmlns, ...attrs } = node.attrs ?? {};
  setAttributes(element, attrs);
  for (const child of node.children ?? []) element.append(fromMarkup(child, inSvg));
  return element;
}

/** Fills a cell element (main line + optional sub line) from a Cell, reusing its spans. */
export function fillCell(element: HTMLElement, cell: Cell | undefined, baseClass: string): void {
  const main = (element.firstElementChild as HTMLElement | null) ?? element.appendChild(h('span', { class: 'cell-main' }));
  const sub = (main.nextElementSibling as HTMLElement | null) ?? element.appendChild(h('span', { class: 'cell-sub' }));
  main.textContent = cell?.text ?? '';
  sub.textContent = cell?.sub ?? '';
  sub.className = cell?.subTone ? `cell-sub tone-${cell.subTone}` : 'cell-sub';
  element.className = cell?.tone ? `${baseClass} tone-${cell.tone}` : baseClass;
  if (cell?.title) element.title = cell.title;
  else element.removeAttribute('title');
}
