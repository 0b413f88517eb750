import { appendFile, readFile, rename, writeFile } from 'node:fs/promises';
import { isRunRecord } from './read.js';
import type { ResultReview } from './types.js';

// A review joins the run's record: a version-2 record gains one `review` line at its end (the
// lines before are not touched); a version-1 record (one JSON document) is rewritten with it in
// `reviews`, through a temporary file so a crash leaves the old one whole.

export async function appendReview(file: string, review: ResultReview): Promise<void> {
  if (!file.endsWith('.json')) {
    const text = await readFile(file, 'utf8');
    const lead = text.length && !text.endsWith('\n') ? '\n' : '';
    await appendFile(file, `${lead}${JSON.stringify({ type: 'review', ...review })}\n`);
    return;
  }
  const value = JSON.parse(await readFile(file, 'utf8')) as unknown;
  if (!isRunRecord(value)) throw new Error(`${file} is not a Prompt Workbench run record`);
  value.reviews = [...(value.reviews ?? []), review];
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(value, null, 2));
  await rename(temp, file);
}

/** A review as given by a person or a webview, checked; undefined when its shape is wrong. */
export function reviewOf(value: { caseId: string; model: string; repeat: number; verdict: string; note?: string }, at: Date): ResultReview | undefined {
  if (value.verdict !== 'pass' && value.verdict !== 'fail') return undefined;
  const note = value.note?.trim();
  return { caseId: value.caseId, model: value.model, repeat: value.repeat, verdict: value.verdict, at: at.toISOString(), ...(note ? { note } : {}) };
}
