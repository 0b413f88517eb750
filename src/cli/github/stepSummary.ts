import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Io } from '../io.js';

// --markdown writes the summary to a file; --summary appends it to the job summary GitHub Actions
// shows on the run's page ($GITHUB_STEP_SUMMARY, a file the runner gives every step).

export async function writeMarkdownOutputs(markdown: string, options: { markdown?: string; summary: boolean }, io: Pick<Io, 'cwd' | 'env' | 'err'>): Promise<void> {
  if (options.markdown) {
    const file = path.resolve(io.cwd, options.markdown);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, markdown);
  }
  if (!options.summary) return;
  const summaryFile = io.env.GITHUB_STEP_SUMMARY;
  if (!summaryFile) {
    io.err('note: --summary: $GITHUB_STEP_SUMMARY is not set (it is, inside GitHub Actions); nothing appended');
    return;
  }
  await appendFile(summaryFile, `${markdown}\n`);
}
