import type { Diagnostic } from '../diagnostics.js';
import { toWorkspacePath } from '../paths.js';
import type { ParsedPrompt } from '../prompt/parse.js';
import { createCaseChecker } from './check.js';
import type { DatasetRef, LoadOptions } from './load.js';
import { resolveDatasets, unreadable, type DatasetFile } from './refs.js';
import { toCase, type EvalCase, type RawRow } from './row.js';
import { idSet } from './idSet.js';
import { fileBytes, inBatches, isDiagnostic, streamRows, type FileStats } from './streamRows.js';

// A prompt's cases for runs and estimates of any size: the files are read twice as streams –
// once now, to count the rows, check them and hash the files; again, in order, each time the
// cases are iterated – and no row is held longer than it takes to run it. Same rows, ids, checks
// and positions as loadCases, which the editor uses on text it already has in memory. Rows pass
// in batches (ROW_BATCH): a million rows cost a thousand awaits per layer, not a million.

/** Diagnostics kept per stream; the rest are counted (a million bad rows need not all be listed). */
const MAX_DIAGNOSTICS = 1000;

export interface CaseStream {
  /** How many cases iterating yields. */
  count: number;
  /** Some row carries its own `_evaluators` (false: every case has only the prompt's; absent: not known). */
  rowEvaluators?: boolean;
  /** The cases, in order and a batch at a time: inline testData, then each dataset file. Each call reads the files again. */
  batches(): AsyncIterable<EvalCase[]>;
}

/** A stream's cases one by one (where a case is worth an await anyway: a request, a judge). */
export async function* casesOf(stream: CaseStream): AsyncGenerator<EvalCase> {
  for await (const batch of stream.batches()) yield* batch;
}

export const NO_CASES: CaseStream = { count: 0, rowEvaluators: false, batches: async function* () {} };

/** Given every batch of cases as the stream is first read (ids not yet numbered apart). */
export type CaseVisitor = (cases: readonly EvalCase[]) => Promise<void>;

export interface StreamOptions extends LoadOptions {
  /** The inline rows, when they are read apart from the prompt (prompt/testDataBlock.ts); else the parsed prompt's testData. */
  inlineRows?: () => Iterable<RawRow[]>;
  /**
   * Sees the cases as the stream is opened, so that what needs one pass over them (an estimate)
   * does not read the datasets again. Called again when a file turns out not to be UTF-8 and the
   * rows are read anew without it: only the last visitor saw the stream's cases.
   */
  visit?: (parsed: ParsedPrompt) => CaseVisitor | undefined;
}

export interface OpenedCases {
  stream: CaseStream;
  diagnostics: Diagnostic[];
  /** Diagnostics left out beyond the first MAX_DIAGNOSTICS. */
  moreDiagnostics: number;
  datasets: DatasetRef[];
}

function inlineRows(parsed: ParsedPrompt): RawRow[] {
  return (parsed.prompt?.testData ?? []).map((value, i) => ({ value, source: { file: parsed.file, range: parsed.yaml.rangeOf(['testData', i]) }, name: `testData[${i}]` }));
}

async function* rawRows(parsed: ParsedPrompt, files: readonly DatasetFile[], options: StreamOptions, onFile?: (file: DatasetFile, stats: FileStats) => void): AsyncGenerator<(RawRow | Diagnostic)[]> {
  yield* options.inlineRows?.() ?? inBatches(inlineRows(parsed));
  for (const dataset of files) {
    const stats: FileStats = { contentHash: '' };
    try {
      yield* streamRows(fileBytes(dataset.file, options.readFile), dataset.file, stats);
    } catch (error) {
      yield [unreadable(dataset, parsed.file, error)];
      continue;
    }
    onFile?.(dataset, stats);
  }
}

interface CaseBatch {
  cases: EvalCase[];
  diagnostics: Diagnostic[];
  /** Rows read, with or without a case; all from one file. */
  rows: number;
  file?: string;
}

/** The cases of every row that makes one, a batch at a time, with their diagnostics (rows that make none report why). */
async function* rawCases(parsed: ParsedPrompt, files: readonly DatasetFile[], options: StreamOptions, onFile?: (file: DatasetFile, stats: FileStats) => void): AsyncGenerator<CaseBatch> {
  for await (const batch of rawRows(parsed, files, options, onFile)) {
    const out: CaseBatch = { cases: [], diagnostics: [], rows: 0 };
    const { cases, diagnostics } = out;
    for (const event of batch) {
      if (isDiagnostic(event)) {
        diagnostics.push(event);
        continue;
      }
      out.rows++;
      out.file = event.source.file;
      const converted = toCase(event, { allowCode: options.allowCode });
      for (const d of converted.diagnostics) diagnostics.push(d);
      if (converted.case) cases.push(converted.case);
    }
    yield out;
  }
}

interface Pass {
  count: number;
  /** Ids used by more than one row. */
  duplicated: Set<string>;
  diagnostics: Diagnostic[];
  more: number;
  datasets: DatasetRef[];
  /** Files that turned out not to be UTF-8. */
  failed: DatasetFile[];
  checks: Diagnostic[];
  rowEvaluators: boolean;
}

/** One read of every row: count, check, hash the files, find ids used twice (an `_id` used again is reported on each later row; identical rows without `_id` are just numbered). */
async function countPass(parsed: ParsedPrompt, files: readonly DatasetFile[], options: StreamOptions, earlier: readonly Diagnostic[]): Promise<Pass> {
  const pass: Pass = { count: 0, duplicated: new Set(), diagnostics: [...earlier], more: 0, datasets: [], failed: [], checks: [], rowEvaluators: false };
  const ids = idSet();
  const report = (d: Diagnostic) => (pass.diagnostics.length < MAX_DIAGNOSTICS ? pass.diagnostics.push(d) : pass.more++);
  const checker = createCaseChecker(parsed);
  const rowsByFile = new Map<string, number>();
  const visit = options.visit?.(parsed);
  const onFile = (dataset: DatasetFile, stats: FileStats) => {
    if (stats.encodingError) {
      report(stats.encodingError);
      pass.failed.push(dataset);
      return;
    }
    pass.datasets.push({ path: toWorkspacePath(dataset.file, options.workspaceRoot), contentHash: stats.contentHash, rows: rowsByFile.get(dataset.file) ?? 0 });
  };
  for await (const batch of rawCases(parsed, files, options, onFile)) {
    batch.diagnostics.forEach(report);
    if (batch.file) rowsByFile.set(batch.file, (rowsByFile.get(batch.file) ?? 0) + batch.rows);
    for (const c of batch.cases) {
      if (c.evaluators.length) pass.rowEvaluators = true;
      checker.add(c);
      pass.count++;
      if (!ids.add(c.id)) continue;
      pass.duplicated.add(c.id);
      if (!c.id.startsWith('row-')) report({ file: c.source.file, range: c.source.range, severity: 'error', message: `_id "${c.id}" is used by more than one row`, code: 'dataset/duplicate-id' });
    }
    if (visit && batch.cases.length) await visit(batch.cases);
  }
  pass.checks = checker.finish();
  return pass;
}

export async function openCaseStream(parsed: ParsedPrompt, options: StreamOptions): Promise<OpenedCases> {
  if (!parsed.prompt) return { stream: NO_CASES, diagnostics: [], moreDiagnostics: 0, datasets: [] };
  const resolved = await resolveDatasets(parsed, options);
  let files = resolved.files;
  let pass = await countPass(parsed, files, options, resolved.diagnostics);
  if (pass.failed.length) {
    // A file that is not UTF-8 contributes nothing, as in loadCases: count again without it.
    const encoding = pass.diagnostics.filter((d) => d.code === 'dataset/encoding');
    files = files.filter((f) => !pass.failed.includes(f));
    pass = await countPass(parsed, files, options, [...resolved.diagnostics, ...encoding]);
  }
  const report = (d: Diagnostic) => (pass.diagnostics.length < MAX_DIAGNOSTICS ? pass.diagnostics.push(d) : pass.more++);
  pass.checks.forEach(report);
  return {
    stream: { ...caseStream(parsed, files, options, pass.count, pass.duplicated), rowEvaluators: pass.rowEvaluators },
    diagnostics: pass.diagnostics,
    moreDiagnostics: pass.more,
    datasets: pass.datasets,
  };
}

function caseStream(parsed: ParsedPrompt, files: readonly DatasetFile[], options: StreamOptions, count: number, duplicated: ReadonlySet<string>): CaseStream {
  return {
    count,
    async *batches() {
      const occurrences = new Map<string, number>();
      for await (const { cases } of rawCases(parsed, files, options)) {
        if (duplicated.size) for (const c of cases) renumber(c, duplicated, occurrences);
        if (cases.length) yield cases;
      }
    },
  };
}

/** A repeated id numbered as loadCases numbers it (dedupeIds): the first keeps its id. */
function renumber(c: EvalCase, duplicated: ReadonlySet<string>, occurrences: Map<string, number>): void {
  if (!duplicated.has(c.id)) return;
  const n = (occurrences.get(c.id) ?? 0) + 1;
  occurrences.set(c.id, n);
  if (n > 1) c.id = c.id.startsWith('row-') ? `${c.id}-${n}` : `${c.id}#${n}`;
}
