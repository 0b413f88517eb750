import { parseLocatedYaml } from '../../yamlPositions.js';
import { rowKey } from '../../importLog/importRows.js';
import { parseDatasetText } from '../load.js';
import { toCase } from '../row.js';
import { editableFormatOf } from './rowEdits.js';

// What a dataset already holds, so rows added to it (imported, generated) neither repeat a row nor
// reuse an id: the key of each row's inputs and every case id.

export interface ExistingRows {
  keys: Set<string>;
  ids: Set<string>;
  count: number;
}

export function existingRows(text: string | undefined, file: string): ExistingRows {
  const out: ExistingRows = { keys: new Set(), ids: new Set(), count: 0 };
  if (text === undefined || !text.trim()) return out;
  for (const value of rowValues(text, file)) {
    const converted = toCase({ value, source: { file, range: { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } } }, name: 'row' }, { allowCode: true }).case;
    if (!converted) continue;
    out.count++;
    out.ids.add(converted.id);
    out.keys.add(rowKey(converted.vars));
  }
  return out;
}

function rowValues(text: string, file: string): unknown[] {
  if (editableFormatOf(file) !== 'prompt') return parseDatasetText(text, file).rows.map((row) => row.value);
  const root = parseLocatedYaml(text).doc.toJS() as unknown;
  const data = root && typeof root === 'object' ? (root as Record<string, unknown>).testData : undefined;
  return Array.isArray(data) ? data : [];
}

/** `prefix-1`, `prefix-2`, … skipping ids the dataset already has. */
export function freshIds(count: number, taken: ReadonlySet<string>, prefix: string): string[] {
  const ids: string[] = [];
  for (let n = 1; ids.length < count; n++) {
    const id = `${prefix}-${n}`;
    if (!taken.has(id)) ids.push(id);
  }
  return ids;
}
