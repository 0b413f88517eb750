import { readFile, rm, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

// What the workbench writes must not fill Source Control: the first run puts a .gitignore of "*"
// in the cache folder (model answers, never worth committing) and, unless prompt-workbench.yml
// says `commitRecords: true`, in the run-records folder. "*" hides the ignore file too, so the
// folder leaves `git status` entirely. An ignore file someone wrote is never touched; ours is
// removed again when records are to be committed.

export const IGNORE_HEADER = '# Written by Prompt Workbench';

export const CACHE_IGNORE = `${IGNORE_HEADER}: cached model answers are never committed.\n*\n`;
export const RECORDS_IGNORE = `${IGNORE_HEADER}: run records are not committed. To commit them (baselines for \`compare\`), set commitRecords: true in prompt-workbench.yml.\n*\n`;

export interface OutputFolders {
  /** The response cache, when the run uses it. */
  cacheDir?: string;
  /** Where run records go, when the run writes one. */
  resultsDir?: string;
  /** prompt-workbench.yml `commitRecords`: the records folder is left to git. */
  commitRecords?: boolean;
}

/** Writes the folders' ignore files as the setting asks; a folder that cannot be written is left to the write that follows to report. */
export async function keepOutOfGit(folders: OutputFolders): Promise<void> {
  if (folders.cacheDir) await writeIgnore(folders.cacheDir, CACHE_IGNORE).catch(() => undefined);
  if (!folders.resultsDir || path.resolve(folders.resultsDir) === path.resolve(folders.cacheDir ?? '')) return;
  if (folders.commitRecords) await removeOurIgnore(folders.resultsDir).catch(() => undefined);
  else await writeIgnore(folders.resultsDir, RECORDS_IGNORE).catch(() => undefined);
}

async function writeIgnore(dir: string, text: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  try {
    // wx: an existing file – ours or the user's – stays as it is.
    await writeFile(path.join(dir, '.gitignore'), text, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

async function removeOurIgnore(dir: string): Promise<void> {
  const file = path.join(dir, '.gitignore');
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text?.startsWith(IGNORE_HEADER)) await rm(file, { force: true });
}
