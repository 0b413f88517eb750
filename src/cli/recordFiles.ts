import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { readRecord, RECORD_EXTENSIONS, type RunRecord } from '../core/index.js';

// Run-record arguments of compare and merge: files, folders (every record below, e.g. downloaded
// CI artifacts) and globs. Records are `.jsonl` (version 2) or `.json` (version 1).

const RECORD_GLOB = `**/*{${RECORD_EXTENSIONS.join(',')}}`;

export function looksLikeRecordPath(target: string): boolean {
  return RECORD_EXTENSIONS.some((ext) => target.toLowerCase().endsWith(ext));
}

export interface RecordTarget {
  file: string;
  /** Named on the command line, rather than found in a folder or by a glob. */
  named: boolean;
}

export async function expandRecordTargets(targets: readonly string[], cwd: string): Promise<{ files: RecordTarget[]; unmatched: string[] }> {
  const files: RecordTarget[] = [];
  const seen = new Set<string>();
  const unmatched: string[] = [];
  for (const target of targets) {
    const abs = path.resolve(cwd, target);
    const named = existsSync(abs) && !isFolder(abs);
    const matches = existsSync(abs) ? [abs] : await glob(target, { cwd, absolute: true, onlyFiles: false });
    const found: string[] = [];
    for (const match of matches) found.push(...(isFolder(match) ? await glob(RECORD_GLOB, { cwd: match, absolute: true, ignore: ['**/node_modules/**', '**/.git/**'] }) : [match]));
    if (found.length === 0) unmatched.push(target);
    for (const file of found.sort().map((f) => path.normalize(f))) {
      if (seen.has(file)) continue;
      seen.add(file);
      files.push({ file, named });
    }
  }
  return { files, unmatched };
}

function isFolder(file: string): boolean {
  return existsSync(file) && statSync(file).isDirectory();
}

export interface LoadedRecord {
  record: RunRecord;
  /** Relative to the current folder, for messages. */
  file: string;
}

/**
 * Every record, or undefined after saying which named file is not one and why. A file a folder or
 * glob brought in that is not a record (a dataset's .jsonl next to the records) is left out, said.
 */
export async function readRecords(targets: readonly (RecordTarget | string)[], io: { cwd: string; err: (line: string) => void }): Promise<LoadedRecord[] | undefined> {
  const loaded: LoadedRecord[] = [];
  let failed = false;
  for (const target of targets) {
    const { file, named } = typeof target === 'string' ? { file: target, named: true } : target;
    const rel = path.relative(io.cwd, file) || file;
    try {
      loaded.push({ record: await readRecord(file), file: rel });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const message = code === 'ENOENT' ? `${rel}: no such file` : (error as Error).message.replace(file, rel);
      if (!named && code !== 'ENOENT') {
        io.err(`note: ${rel} is not a run record; left out`);
        continue;
      }
      io.err(`error: ${message}`);
      failed = true;
    }
  }
  return failed ? undefined : loaded;
}
