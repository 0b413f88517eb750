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
  const errorLines = new Set(diagnostics.filter((d) => d.severity === 'error').map((d) => d.range.start.line));
  const rows: RawRow[] = [];
  contents.items.forEach((item, i) => {
    const node = item as Node;
    const range: Range = yaml.rangeOf([i]);
    const broken = [...errorLines].some((l) => l >= range.start.line && l <= range.end.line);
    if (broken) return;
    rows.push({ value: node.toJSON(), source: { file, range }, name: `row ${i + 1}` });
  });
  return { rows, diagnostics };
}
