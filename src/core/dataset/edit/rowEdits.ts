import path from 'node:path';
import { isMap, type YAMLMap } from 'yaml';
import { lineRange } from '../../diagnostics.js';
import { parseLocatedYaml } from '../../yamlPositions.js';
import { stringifyVar } from '../../template.js';
import { parseCsv } from '../csv.js';
import { toCase, type RawRow } from '../row.js';
import { setCsvFields } from './csvRowEdit.js';
import { applyEdits, mergeTouching, textEdits, type TextEdit } from './textEdit.js';
import { asSeq, setMapFields, type Change } from './yamlRowEdit.js';

// Writing fields into one row of a dataset – inline `testData` of a prompt file, YAML, JSON, JSON
// Lines, CSV or TSV – as text edits that leave the rest of the file as it was. The row is found by
// its case id in the text as it is now (not where a run saw it), and the edit is checked by
// reading the edited text back: the row must hold exactly the values written, or no edit is made.

export type EditableFormat = 'prompt' | 'yaml' | 'json' | 'jsonl' | 'csv' | 'tsv';

export function editableFormatOf(file: string): EditableFormat | undefined {
  const lower = file.toLowerCase();
  if (/\.prompt\.ya?ml$/.test(lower)) return 'prompt';
  const ext = path.extname(lower);
  if (ext === '.yml' || ext === '.yaml') return 'yaml';
  if (ext === '.json') return 'json';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.csv') return 'csv';
  if (ext === '.tsv') return 'tsv';
  return undefined;
}

interface LocatedRow {
  id: string;
  /** The row names its own `_id`. */
  hasId: boolean;
  vars: Record<string, unknown>;
  /** 0-based line the row starts on. */
  line: number;
  /** The row's mapping (YAML, JSON, prompt files) and the offset its text starts at (a JSON Lines line). */
  map?: YAMLMap;
  base: number;
  text: string;
}

type Outcome<T> = ({ ok: true } & T) | { ok: false; error: string };

/** The rows of a dataset text with the ids runs give them (identical rows without `_id` numbered as runs number them). */
function locateRows(text: string, file: string, format: EditableFormat): Outcome<{ rows: LocatedRow[] }> {
  const rows: LocatedRow[] = [];
  const add = (value: unknown, line: number, extra: Partial<LocatedRow> = {}) => {
    const raw: RawRow = { value, source: { file, range: lineRange(line) }, name: `line ${line + 1}` };
    const c = toCase(raw, { allowCode: true }).case;
    if (c) rows.push({ id: c.id, hasId: Object.hasOwn(value as object, '_id'), vars: c.vars, line, base: 0, text, ...extra });
  };
  if (format === 'csv' || format === 'tsv') {
    const parsed = parseCsv(text, file, format === 'tsv' ? '\t' : ',');
    for (const row of parsed.rows) add(row.value, row.source.range.start.line);
  } else if (format === 'jsonl') {
    let offset = 0;
    for (const [i, line] of text.split('\n').entries()) {
      const content = line.replace(/\r$/, '');
      const yaml = content.trim() ? parseLocatedYaml(content) : undefined;
      const js = yaml && !yaml.doc.errors.length ? yaml.toJS(file) : undefined;
      if (yaml && js?.ok && isMap(yaml.doc.contents)) add(js.value, i, { map: yaml.doc.contents, base: offset, text: content });
      offset += line.length + 1;
    }
  } else {
    const yaml = parseLocatedYaml(text);
    if (yaml.doc.errors.length) return { ok: false, error: `${path.basename(file)} has YAML errors; fix them first` };
    const root = format === 'prompt' && isMap(yaml.doc.contents) ? yaml.doc.contents.get('testData', true) : yaml.doc.contents;
    const seq = asSeq(root);
    for (const item of seq?.items ?? []) {
      if (!isMap(item) || !item.range) continue;
      const js = yaml.toJS(file, item);
      if (js.ok) add(js.value, yaml.positionAt(item.range[0]).line, { map: item });
    }
  }
  numberDuplicates(rows);
  return { ok: true, rows };
}

/** As loadCases numbers identical rows without `_id`: the second `row-x` becomes `row-x-2`. */
function numberDuplicates(rows: LocatedRow[]): void {
  const seen = new Map<string, number>();
  for (const row of rows) {
    const n = (seen.get(row.id) ?? 0) + 1;
    seen.set(row.id, n);
    if (n > 1) row.id = row.id.startsWith('row-') ? `${row.id}-${n}` : `${row.id}#${n}`;
  }
}

export interface SetFieldsRequest {
  text: string;
  file: string;
  caseId: string;
  /** Field → text, e.g. { expected: "Paris" }. */
  fields: Readonly<Record<string, string>>;
}

export interface FieldsEdit {
  edits: TextEdit[];
  /** The text after the edits. */
  text: string;
  /** The row's id after the edit (its `_id`: added when the row had none, so its results stay with it). */
  id: string;
}

/** Text edits that write `fields` into the row of `caseId`. */
export function setRowFields(request: SetFieldsRequest): Outcome<FieldsEdit> {
  const { text, file, caseId } = request;
  const format = editableFormatOf(file);
  if (!format) return { ok: false, error: `${path.basename(file)} is not a dataset Prompt Workbench can edit` };
  const located = locateRows(text, file, format);
  if (!located.ok) return located;
  const row = located.rows.find((r) => r.id === caseId);
  if (!row) return { ok: false, error: `the row of case "${caseId}" is not in ${path.basename(file)} as it is now (it changed since the run)` };
  // Adding `expected` changes the hash id of a row without `_id`: pin the id it had.
  const fields = row.hasId ? { ...request.fields } : { ...request.fields, _id: caseId };
  let changes: Change[];
  if (format === 'csv' || format === 'tsv') changes = setCsvFields(text, row.line, fields, format === 'tsv' ? '\t' : ',');
  else changes = setMapFields(row.text, row.map!, fields, format === 'json' || format === 'jsonl').map((c) => ({ ...c, start: c.start + row.base, end: c.end + row.base }));
  const edits = textEdits(text, mergeTouching(changes, text));
  const edited = applyEdits(text, edits);
  const id = row.hasId ? caseId : (fields._id ?? caseId);
  const check = locateRows(edited, file, format);
  const after = check.ok ? check.rows.find((r) => r.id === id) : undefined;
  const wrong = Object.entries(request.fields).find(([name, value]) => !after || stringifyVar(after.vars[name]) !== value || typeof after.vars[name] !== 'string');
  if (wrong) return { ok: false, error: `writing ${wrong[0]} into ${path.basename(file)} would not read back as written; the file was left as it is` };
  return { ok: true, edits, text: edited, id };
}
