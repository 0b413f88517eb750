import { isSeq, type Node } from 'yaml';
import type { Diagnostic, Range } from '../diagnostics.js';
import { parseLocatedYaml } from '../yamlPositions.js';
import type { RawRow, RowParse } from './row.js';

/** A YAML (or JSON) list of rows. Rows that overlap a syntax error are dropped; the rest load. */
export function parseYamlRows(text: string, file: string): RowParse {
  const yaml = parseLocatedYaml(text);
  const diagnostics: Diagnostic[] = yaml.syntaxErrors(file);
  const contents = yaml.doc.contents;
  if (contents === null) return { rows: [], diagnostics };
  if (!isSeq(contents)) {
    diagnostics.push({ file, severity: 'error', message: 'a dataset file must be a list of rows (each "- var: value")', range: yaml.rangeOf([]), code: 'dataset/not-a-list' });
    return { rows: [], diagnostics };
  }
  const errorOffsets = yaml.doc.errors.map((e) => e.pos[0]);
  const rows: RawRow[] = [];
  contents.items.forEach((item, i) => {
    const node = item as Node;
    const range: Range = yaml.rangeOf([i]);
    // An error belongs to the row whose text, up to where the next row starts, holds it.
    const start = node.range?.[0] ?? 0;
    const next = (contents.items[i + 1] as Node | undefined)?.range?.[0] ?? Infinity;
    if (errorOffsets.some((o) => o >= start && o < next)) return;
    const js = yaml.toJS(file, node);
    if (!js.ok) {
      diagnostics.push(js.diagnostic);
      return;
    }
    rows.push({ value: js.value, source: { file, range }, name: `row ${i + 1}` });
  });
  return { rows, diagnostics };
}
