import path from 'node:path';
import type { RunRecord } from '../../core/record/types.js';
import { imageKey } from '../../shared/protocol.js';

// The local images a results view may show as thumbnails: each case's `_images` that are files
// (not https URLs) of an image type, resolved against the record's root and kept only when they
// stay inside it – a record read from disk is data, and its paths must not reach other files.

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp']);

/** imageKey(case, ref) → absolute file, for the images the webview may load. */
export function localImageFiles(record: Pick<RunRecord, 'cases'>, root: string): Map<string, string> {
  const out = new Map<string, string>();
  const base = path.resolve(root);
  for (const c of record.cases) {
    for (const ref of c.images ?? []) {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref) || !IMAGE_EXTENSIONS.has(path.extname(ref).toLowerCase())) continue;
      const file = path.resolve(base, path.dirname(c.source.file), ref);
      const relative = path.relative(base, file);
      if (relative.startsWith('..') || path.isAbsolute(relative)) continue;
      out.set(imageKey(c.id, ref), file);
    }
  }
  return out;
}
