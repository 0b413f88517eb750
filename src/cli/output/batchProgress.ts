import path from 'node:path';
import type { BatchJob, BatchPoll, BatchSettings, ProviderResolver, WorkspaceSession } from '../../core/index.js';
import type { CliOptions } from '../args.js';
import type { Io } from '../io.js';

// What a batch run says while it waits: the batches submitted, then a line whenever one moves.

/** Whether a file's run goes through the batch APIs: --batch, or every model's provider says `batch:` in prompt-workbench.yml. */
export async function wantsBatch(models: readonly string[], session: WorkspaceSession, providers: ProviderResolver, options: CliOptions): Promise<boolean> {
  if (options.batch) return true;
  if (models.length === 0) return false;
  for (const model of models) {
    const name = (await providers.describe(model)).route.provider;
    const setting = session.config.providers?.[name]?.batch;
    const on = setting === true || (Array.isArray(setting) && setting.includes(model));
    if (!on) return false;
  }
  return true;
}

/** The batch settings of a CLI run: progress lines on stderr, the record path as soon as it exists. */
export function cliBatchSettings(options: CliOptions, io: Io, label: string): BatchSettings {
  let last = '';
  return {
    judges: options.batchJudges,
    wait: options.wait,
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
    onSubmitted: ({ file, jobs }) => io.err(`${label}: submitted ${jobs.length} batch${jobs.length === 1 ? '' : 'es'} (${jobs.map((j) => j.id).join(', ')}); record ${path.relative(io.cwd, file)}`),
    onPoll: (poll) => {
      const line = `${label}: ${pollLine(poll)}`;
      // Only when something moved: a day-long wait prints a line per change, not per poll.
      if (line.replace(/ · \d+.*$/, '') !== last.replace(/ · \d+.*$/, '')) io.err(line);
      last = line;
    },
  };
}

/** "batch 2 of 3 in_progress: 40/100 answered, 2 failed · 3 min" for every batch not yet collected. */
export function pollLine(poll: BatchPoll): string {
  const jobs = poll.jobs.map((j) => `${j.phase === 'judges' ? 'judge ' : ''}${j.id} ${j.status}${counts(j)}`);
  return `${jobs.join('; ')} · ${elapsed(poll.elapsedMs)}`;
}

function counts(job: BatchJob): string {
  if (!job.counts) return '';
  return ` ${job.counts.completed}/${job.counts.total || job.requests}${job.counts.failed ? `, ${job.counts.failed} failed` : ''}`;
}

function elapsed(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}
