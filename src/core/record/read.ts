import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createSummaryAccumulator } from './summary.js';
import { recordLines } from './writer.js';
import { RUN_RECORD_SCHEMA, RUN_RECORD_VERSION, type CaseResult, type RecordLine, type RunRecord } from './types.js';

// Reading run records of both versions: 1 (one JSON document, `.json`) and 2 (JSON Lines,
// `.jsonl`). `readRecord` builds the whole record in memory; `streamRecordLines` yields it line by
// line for records too large for that.

export const RECORD_EXTENSIONS = ['.jsonl', '.json'] as const;

export function isRunRecord(value: unknown): value is RunRecord {
  const v = value as Partial<RunRecord> | null;
  return !!v && typeof v === 'object' && v.schema === RUN_RECORD_SCHEMA && typeof v.version === 'number' && Array.isArray(v.results) && Array.isArray(v.cases);
}

function checkVersion(version: unknown, file: string): void {
  if (typeof version === 'number' && version > RUN_RECORD_VERSION) throw new Error(`${file} was written by a newer Prompt Workbench (record version ${version}); update the extension`);
}

function notARecord(file: string): Error {
  return new Error(`${file} is not a Prompt Workbench run record (no "schema": "${RUN_RECORD_SCHEMA}")`);
}

/** Folds version-2 lines into a record; without an end line the summary is recomputed from the results. */
export function recordFromLines(lines: Iterable<RecordLine>, file: string): RunRecord {
  const folder = recordFolder(file);
  for (const line of lines) folder.add(line);
  return folder.finish();
}

/** recordFromLines a line at a time, so a reader can pause between lines. */
function recordFolder(file: string): { add(line: RecordLine): void; finish(): RunRecord } {
  let record: RunRecord | undefined;
  let ended = false;
  const add = (line: RecordLine): void => {
    if (line.type === 'header') {
      const { type: _type, ...header } = line;
      checkVersion(header.version, file);
      record = { ...header, status: 'running', cases: [], results: [], summary: createSummaryAccumulator(header.models, false).summary(0) };
      return;
    }
    if (!record) throw notARecord(file);
    if (line.type === 'case') {
      const { type: _type, ...c } = line;
      record.cases.push(c);
    } else if (line.type === 'result') {
      const { type: _type, ...r } = line;
      record.results.push(r);
    } else if (line.type === 'end') {
      const { type: _type, ...end } = line;
      Object.assign(record, end);
      ended = true;
    } else if (line.type === 'review') {
      const { type: _type, ...review } = line;
      (record.reviews ??= []).push(review);
    } else if (line.type === 'batch' || line.type === 'batch-cases') {
      foldBatchLine(record, line);
    }
  };
  const finish = (): RunRecord => {
    if (!record) throw notARecord(file);
    if (!ended) record.summary = summaryOf(record.models, record.results, Date.now() - Date.parse(record.startedAt));
    // A batch run without an end line is waiting for its batches (or was stopped before it ended them).
    if (!ended && record.options.batch) record.status = 'pending';
    return record;
  };
  return { add, finish };
}

/** A batch line: the latest state of a provider batch replaces the one before it. */
export function foldBatchLine(record: Pick<RunRecord, 'batch'>, line: Extract<RecordLine, { type: 'batch' | 'batch-cases' }>): void {
  const batch = (record.batch ??= { jobs: [] });
  if (line.type === 'batch-cases') {
    batch.casesRecorded = line.count;
    return;
  }
  const { type: _type, ...job } = line;
  const at = batch.jobs.findIndex((j) => j.id === job.id);
  if (at >= 0) batch.jobs[at] = job;
  else batch.jobs.push(job);
}

function summaryOf(models: readonly string[], results: readonly CaseResult[], durationMs: number) {
  const accumulator = createSummaryAccumulator(
    models,
    results.some((r) => r.repeat > 0),
  );
  for (const r of results) accumulator.add(r);
  return accumulator.summary(durationMs);
}

/** The lines of a version-2 text; a torn last line (a writer killed mid-write) is skipped. */
function* parseLines(text: string, file: string): Generator<RecordLine> {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim()) continue;
    try {
      yield JSON.parse(line) as RecordLine;
    } catch (error) {
      if (i >= lines.length - 2) return;
      throw new Error(`${file} line ${i + 1} is not valid JSON: ${(error as Error).message}`);
    }
  }
}

function isLinesText(text: string): boolean {
  return /^\s*\{"type":"header"/.test(text);
}

export function parseRunRecord(text: string, file: string): RunRecord {
  if (isLinesText(text)) return recordFromLines(parseLines(text, file), file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isRunRecord(value)) throw notARecord(file);
  checkVersion(value.version, file);
  return value;
}

/**
 * parseRunRecord of a file's bytes that gives the thread back every `sliceMs`: a version-2 record
 * of 100,000 results takes seconds to decode and parse, which on the extension host would stall
 * every extension (and the editor's features) for that long. Lines are decoded one at a time, so
 * no string of the whole file is made. A version-1 document is one JSON.parse.
 */
export async function parseRunRecordInSlices(bytes: Uint8Array, file: string, sliceMs = 20): Promise<RunRecord> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isLinesText(buffer.toString('utf8', 0, 64))) return parseRunRecord(buffer.toString('utf8'), file);
  const folder = recordFolder(file);
  let sliceStart = performance.now();
  for (let start = 0, number = 1; start < buffer.length; number++) {
    const newline = buffer.indexOf(10, start);
    const end = newline < 0 ? buffer.length : newline;
    const line = buffer.toString('utf8', start, end);
    start = end + 1;
    if (!line.trim()) continue;
    let parsed: RecordLine;
    try {
      parsed = JSON.parse(line) as RecordLine;
    } catch (error) {
      // A torn last line (a writer killed mid-write) is skipped, as parseRunRecord does.
      if (!buffer.toString('utf8', start).trim()) break;
      throw new Error(`${file} line ${number} is not valid JSON: ${(error as Error).message}`);
    }
    folder.add(parsed);
    if (performance.now() - sliceStart < sliceMs) continue;
    await new Promise((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  }
  return folder.finish();
}

export async function readRecord(file: string): Promise<RunRecord> {
  return parseRunRecordInSlices(await readFile(file), file);
}

/** Which prompt a record is of, without reading it all (a version-1 record is read whole). */
export async function recordPromptPath(file: string): Promise<string | undefined> {
  for await (const line of streamRecordLines(file)) return line.type === 'header' ? line.prompt.path : undefined;
  return undefined;
}

/** A record's lines without holding the file: version 2 is read line by line, version 1 is converted. */
export async function* streamRecordLines(file: string): AsyncGenerator<RecordLine> {
  if (file.endsWith('.json')) {
    yield* recordLines(await readRecord(file));
    return;
  }
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let pending: string | undefined;
  let number = 0;
  for await (const line of lines) {
    if (pending !== undefined) yield parseLine(pending, file, number);
    number++;
    pending = line.trim() ? line : undefined;
  }
  if (pending === undefined) return;
  try {
    yield JSON.parse(pending) as RecordLine;
  } catch {
    // a torn last line: the writer was killed mid-write
  }
}

function parseLine(line: string, file: string, number: number): RecordLine {
  try {
    return JSON.parse(line) as RecordLine;
  } catch (error) {
    throw new Error(`${file} line ${number} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Record files in a results folder, newest first (names start with a UTC timestamp). */
export async function listRecordFiles(resultsDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(resultsDir);
  } catch {
    return [];
  }
  return names
    .filter((n) => RECORD_EXTENSIONS.some((ext) => n.endsWith(ext)))
    .sort()
    .reverse()
    .map((n) => path.join(resultsDir, n));
}

/** Mean output tokens per model of a prompt's past runs: of its answers, and of its judges' replies. */
export interface TokenHistory {
  outputs: Map<string, number>;
  /** Per judge model. */
  judges: Map<string, number>;
}

/**
 * Mean output tokens per model over a prompt's newest runs (at most `records` of them and
 * `maxResults` results – enough for a mean), to estimate the next run's output. Records are
 * streamed; those of other prompts are left after their first line.
 */
export async function outputTokenHistory(resultsDir: string, promptPath: string, records = 10, maxResults = 20_000): Promise<Map<string, number>> {
  return (await tokenHistory(resultsDir, promptPath, records, maxResults)).outputs;
}

/** outputTokenHistory, and the same for the judge calls of those runs. */
export async function tokenHistory(resultsDir: string, promptPath: string, records = 10, maxResults = 20_000): Promise<TokenHistory> {
  const outputs = new Map<string, { tokens: number; n: number }>();
  const judges = new Map<string, { tokens: number; n: number }>();
  const add = (sums: Map<string, { tokens: number; n: number }>, model: string, tokens: number) => {
    const entry = sums.get(model) ?? { tokens: 0, n: 0 };
    entry.tokens += tokens;
    entry.n++;
    sums.set(model, entry);
  };
  let seen = 0;
  let counted = 0;
  for (const file of await listRecordFiles(resultsDir)) {
    if (seen >= records || counted >= maxResults) break;
    try {
      for await (const line of streamRecordLines(file)) {
        if (line.type === 'header' && line.prompt.path !== promptPath) break;
        if (line.type === 'header') seen++;
        if (line.type !== 'result' || !line.usage) continue;
        add(outputs, line.model, line.usage.outputTokens);
        for (const v of line.evaluations) if (v.judge?.usage) add(judges, v.judge.model, v.judge.usage.outputTokens);
        if (++counted >= maxResults) break;
      }
    } catch {
      // an unreadable record is no history
    }
  }
  const means = (sums: Map<string, { tokens: number; n: number }>) => new Map([...sums].map(([model, { tokens, n }]) => [model, tokens / n]));
  return { outputs: means(outputs), judges: means(judges) };
}
