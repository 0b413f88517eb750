// A tiny element tree used for charts and the HTML report. The webview turns it into DOM nodes
// (createElementNS + textContent); the report serialises it with everything escaped. Strings in a
// tree are always text, never markup, so a model's output can't become an element either way.

export interface MarkupNode {
  tag: string;
  attrs?: Record<string, string | number | boolean | undefined>;
  children?: Array<MarkupNode | string>;
}

export function el(tag: string, attrs: MarkupNode['attrs'] = {}, ...children: Array<MarkupNode | string | null | undefined | false>): MarkupNode {
  return { tag, attrs, children: children.filter((c): c is MarkupNode | string => c !== null && c !== undefined && c !== false) };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const VOID = new Set(['meta', 'link', 'br', 'hr', 'img', 'input', 'col']);
const NAME = /^[a-zA-Z][a-zA-Z0-9:-]*$/;

/** Serialises a tree to HTML/SVG markup. Tag and attribute names are checked, values and text escaped. */
export function toMarkup(node: MarkupNode | string): string {
  if (typeof node === 'string') return escapeHtml(node);
  if (!NAME.test(node.tag)) throw new Error(`invalid tag name ${JSON.stringify(node.tag)}`);
  let attrs = '';
  for (const [name, value] of Object.entries(node.attrs ?? {})) {
    if (value === undefined || value === false) continue;
    if (!NAME.test(name) || /^on/i.test(name)) throw new Error(`refusing attribute ${JSON.stringify(name)}`);
    attrs += value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`;
  }
  if (VOID.has(node.tag)) return `<${node.tag}${attrs}>`;
  return `<${node.tag}${attrs}>${(node.children ?? []).map(toMarkup).join('')}</${node.tag}>`;
}
