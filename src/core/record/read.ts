import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { RUN_RECORD_SCHEMA, RUN_RECORD_VERSION, type RunRecord } from './types.js';

export function isRunRecord(value: unknown): value is RunRecord {
  const v = value as Partial<RunRecord> | null;
  return !!v && typeof v === 'object' && v.schema === RUN_RECORD_SCHEMA && typeof v.version === 'number' && Array.isArray(v.results) && Array.isArray(v.cases);
}

export function parseRunRecord(text: string, file: string): RunRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isRunRecord(value)) throw new Error(`${file} is not a Prompt Workbench run record (no "schema": "${RUN_RECORD_SCHEMA}")`);
  if (value.version > RUN_RECORD_VERSION) throw new Error(`${file} was written by a newer Prompt Workbench (record version ${value.version}); update the extension`);
  return value;
}

export async function readRecord(file: string): Promise<RunRecord> {
  return parseRunRecord(await readFile(file, 'utf8'), file);
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
    .filter((n) => n.endsWith('.json'))
    .sort()
    .reverse()
    .map((n) => path.join(resultsDir, n));
}

/** The newest records for a prompt file, skipping unreadable ones. */
export async function recentRecords(resultsDir: string, promptPath: string, limit = 10): Promise<RunRecord[]> {
  const out: RunRecord[] = [];
  for (const file of await listRecordFiles(resultsDir)) {
    if (out.length >= limit) break;
    const record = await readRecord(file).catch(() => undefined);
    if (record?.prompt.path === promptPath) out.push(record);
  }
  return out;
}

/** Mean output tokens per model from past runs, to estimate the next run's output. */
export function outputTokenHistory(records: readonly RunRecord[]): Map<string, number> {
  const sums = new Map<string, { tokens: number; n: number }>();
  for (const record of records) {
    for (const r of record.results) {
      if (!r.usage) continue;
      const entry = sums.get(r.model) ?? { tokens: 0, n: 0 };
      entry.tokens += r.usage.outputTokens;
      entry.n++;
      sums.set(r.model, entry);
    }
  }
  return new Map([...sums].map(([model, { tokens, n }]) => [model, tokens / n]));
}
