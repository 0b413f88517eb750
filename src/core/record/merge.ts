import { summarize } from './summary.js';
import type { CaseResult, RecordCase, RunRecord, RunStatus } from './types.js';

// Shards of one run (`eval --shard i/n` on several machines) and repeats of it, merged into one
// record as if a single machine had run them all. Records of different versions of the prompt or
// its datasets are refused: their cases would look comparable and not be.

export interface MergeInput {
  record: RunRecord;
  /** Where it was read from, for messages. */
  file: string;
}

export type MergeOutcome = { ok: true; record: RunRecord; duplicates: string[] } | { ok: false; message: string };

/** `newId(startedAt, promptPath)` names the merged record (core's runId). */
export function mergeRecords(inputs: readonly MergeInput[], newId: (startedAt: string, promptPath: string) => string): MergeOutcome {
  const { unique, duplicates } = withoutDuplicates(inputs);
  if (unique.length === 0) return { ok: false, message: 'nothing to merge: no run records given' };
  const mismatch = versionMismatch(unique);
  if (mismatch) return { ok: false, message: mismatch };

  const first = unique[0].record;
  const records = unique.map((i) => i.record);
  const models = [...new Set(records.flatMap((r) => r.models))];
  const cases = mergedCases(records);
  const results = renumberRepeats(records, cases, models);
  const startedAt = records.map((r) => r.startedAt).sort()[0];
  const finished = records.map((r) => r.finishedAt);
  const errors = [...new Set(records.map((r) => r.error).filter((e): e is string => !!e))];
  const record: RunRecord = {
    ...first,
    id: newId(startedAt, first.prompt.path),
    status: worstStatus(records.map((r) => r.status)),
    startedAt,
    finishedAt: finished.every(Boolean) ? (finished as string[]).sort().at(-1) : undefined,
    models,
    options: {
      ...first.options,
      repeat: mostRepeats(results),
      cache: records.every((r) => r.options.cache),
    },
    error: errors.length ? errors.join('; ') : undefined,
    cases,
    results,
    // Shards run side by side: the merged run took as long as its longest part.
    summary: summarize(results, models, Math.max(...records.map((r) => r.summary.durationMs))),
  };
  if (!record.error) delete record.error;
  if (!record.finishedAt) delete record.finishedAt;
  return { ok: true, record, duplicates };
}

/** The same record given twice (overlapping globs) would double every result. */
function withoutDuplicates(inputs: readonly MergeInput[]): { unique: MergeInput[]; duplicates: string[] } {
  const seen = new Set<string>();
  const unique: MergeInput[] = [];
  const duplicates: string[] = [];
  for (const input of inputs) {
    if (seen.has(input.record.id)) duplicates.push(input.file);
    else {
      seen.add(input.record.id);
      unique.push(input);
    }
  }
  return { unique, duplicates };
}

/** Why these records are not parts of one run, or undefined when they are. */
export function versionMismatch(inputs: readonly MergeInput[]): string | undefined {
  const [base, ...rest] = inputs;
  const { prompt } = base.record;
  for (const other of rest) {
    const p = other.record.prompt;
    if (p.path !== prompt.path) return `cannot merge runs of different prompt files: ${base.file} ran ${prompt.path}, ${other.file} ran ${p.path}`;
    if (p.contentHash !== prompt.contentHash) {
      return `cannot merge runs of different versions of ${prompt.path}: the prompt's sha256 is ${short(prompt.contentHash)} in ${base.file} and ${short(p.contentHash)} in ${other.file} (run every shard on the same commit)`;
    }
    const datasets = new Map(prompt.datasets.map((d) => [d.path, d.contentHash]));
    const theirs = new Map(p.datasets.map((d) => [d.path, d.contentHash]));
    for (const path of new Set([...datasets.keys(), ...theirs.keys()])) {
      if (datasets.get(path) === theirs.get(path)) continue;
      const describe = (hash: string | undefined) => (hash ? `sha256 ${short(hash)}` : 'not used');
      return `cannot merge runs of ${prompt.path} with different datasets: ${path} is ${describe(datasets.get(path))} in ${base.file} and ${describe(theirs.get(path))} in ${other.file} (run every shard on the same commit)`;
    }
  }
  return undefined;
}

function short(hash: string): string {
  return hash.slice(0, 12);
}

/**
 * Every case once, in the order one unsharded run lists them: inline testData first, then each
 * dataset in the prompt's order, rows by position.
 */
function mergedCases(records: readonly RunRecord[]): RecordCase[] {
  const byId = new Map<string, RecordCase>();
  for (const r of records) for (const c of r.cases) if (!byId.has(c.id)) byId.set(c.id, c);
  const { prompt } = records[0];
  const fileOrder = [prompt.path, ...prompt.datasets.map((d) => d.path)];
  const rank = (file: string) => {
    const i = fileOrder.indexOf(file);
    return i === -1 ? fileOrder.length : i;
  };
  return [...byId.values()].sort(
    (a, b) =>
      rank(a.source.file) - rank(b.source.file) ||
      a.source.file.localeCompare(b.source.file) ||
      a.source.range.start.line - b.source.range.start.line ||
      a.source.range.start.column - b.source.range.start.column,
  );
}

/**
 * Results ordered by case, model and repeat. Results of one case and model from several records are
 * repeats of it: numbered 0…k-1 in the order the records were given (disjoint shards keep theirs).
 */
function renumberRepeats(records: readonly RunRecord[], cases: readonly RecordCase[], models: readonly string[]): CaseResult[] {
  const groups = new Map<string, CaseResult[]>();
  for (const record of records) {
    const sorted = [...record.results].sort((a, b) => a.repeat - b.repeat);
    for (const result of sorted) {
      const key = `${result.caseId}\u0000${result.model}`;
      const group = groups.get(key);
      if (group) group.push(result);
      else groups.set(key, [result]);
    }
  }
  const out: CaseResult[] = [];
  for (const { id: caseId } of cases) {
    for (const model of models) {
      const group = groups.get(`${caseId}\u0000${model}`);
      group?.forEach((result, repeat) => out.push({ ...result, repeat }));
    }
  }
  return out;
}

/** Repeats are numbered from 0, so the most any case had is the highest number plus one. */
function mostRepeats(results: readonly CaseResult[]): number {
  return results.reduce((most, r) => Math.max(most, r.repeat + 1), 1);
}

const STATUS_RANK: RunStatus[] = ['completed', 'running', 'pending', 'cancelled', 'failed'];

/** The merged run is only as complete as its least complete part. */
function worstStatus(statuses: readonly RunStatus[]): RunStatus {
  return statuses.reduce((worst, s) => (STATUS_RANK.indexOf(s) > STATUS_RANK.indexOf(worst) ? s : worst), 'completed');
}
