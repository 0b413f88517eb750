import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { readRecord, type RunRecord } from '../core/index.js';

// Run-record arguments of compare and merge: files, folders (every .json below, e.g. downloaded
// CI artifacts) and globs.

export function looksLikeRecordPath(target: string): boolean {
  return /\.json$/i.test(target);
}

export async function expandRecordTargets(targets: readonly string[], cwd: string): Promise<{ files: string[]; unmatched: string[] }> {
  const files: string[] = [];
  const seen = new Set<string>();
  const unmatched: string[] = [];
  for (const target of targets) {
    const abs = path.resolve(cwd, target);
    const matches = existsSync(abs) ? [abs] : await glob(target, { cwd, absolute: true, onlyFiles: false });
    const found: string[] = [];
    for (const match of matches) found.push(...(isFolder(match) ? await glob('**/*.json', { cwd: match, absolute: true, ignore: ['**/node_modules/**', '**/.git/**'] }) : [match]));
    if (found.length === 0) unmatched.push(target);
    for (const file of found.sort().map((f) => path.normalize(f))) {
      if (seen.has(file)) continue;
      seen.add(file);
      files.push(file);
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

/** Every record, or undefined after saying which file is not one and why. */
export async function readRecords(files: readonly string[], io: { cwd: string; err: (line: string) => void }): Promise<LoadedRecord[] | undefined> {
  const loaded: LoadedRecord[] = [];
  let failed = false;
  for (const file of files) {
    const rel = path.relative(io.cwd, file) || file;
    try {
      loaded.push({ record: await readRecord(file), file: rel });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      io.err(`error: ${code === 'ENOENT' ? `${rel}: no such file` : (error as Error).message.replace(file, rel)}`);
      failed = true;
    }
  }
  return failed ? undefined : loaded;
}
