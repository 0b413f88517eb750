import type { Details, DetailsImage } from '../src/shared/viewModel.js';
import type { WebviewMessage } from '../src/shared/protocol.js';
import { h } from './dom.js';
import { button } from './toolbar.js';

// The selected row in full: every field, the whole output (pretty JSON), each verdict and the
// actions on it (open the case's dataset row, diff two outputs). Output goes in as text.

export function renderDetails(details: Details, onAction: (message: WebviewMessage) => void, onClose: () => void): HTMLElement {
  const close = button('Close', 'details-close', onClose);
  return h(
    'aside',
    { class: 'details', role: 'region', 'aria-label': `Details: ${details.title}`, tabindex: -1 },
    h('div', { class: 'details-head' }, h('h2', {}, details.title), close),
    h('dl', { class: 'fields' }, ...details.fields.flatMap(([name, value]) => [h('dt', {}, name), h('dd', {}, value)])),
    h('div', { class: 'details-actions' }, ...details.actions.map((action) => button(action.label, undefined, () => onAction(action.message)))),
    ...(details.images?.length ? [imagesBlock(details.images)] : []),
    ...details.blocks.map((block) =>
      h('section', { class: 'details-block' }, h('h3', { class: block.tone ? `tone-${block.tone}` : undefined }, block.title), h('pre', { class: 'output' }, block.text)),
    ),
  );
}

/** The row's images: a thumbnail where the host gave a URI (a local file), else the reference as text. */
function imagesBlock(images: readonly DetailsImage[]): HTMLElement {
  return h(
    'section',
    { class: 'details-block' },
    h('h3', {}, 'Images (_images)'),
    h('div', { class: 'thumbs' }, ...images.map((image) => h('figure', { class: 'thumb' }, ...(image.src ? [h('img', { src: image.src, alt: image.ref })] : []), h('figcaption', {}, image.ref)))),
  );
}
