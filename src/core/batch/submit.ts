import type { BatchApi, SendOptions } from '../providers/types.js';
import { RequestError } from '../providers/types.js';
import type { RecordWriter } from '../record/writer.js';
import type { BatchPart } from './parts.js';
import type { BatchJob, BatchPhase } from './types.js';

// Sends finished batch files: upload (files.create, purpose batch), then batches.create. Each
// batch is written to the record the moment it exists, so a process killed right after still
// leaves a record that knows it.

export interface SubmitContext {
  api: (model: string) => Promise<{ api: BatchApi; endpoint: string }>;
  writer: RecordWriter;
  runId: string;
  options: SendOptions;
}

/**
 * Submits one part. A part that cannot be submitted becomes a `failed` batch with the provider's
 * message (its cases become errored results: never missing rows).
 */
export async function submitPart(part: BatchPart, phase: BatchPhase, context: SubmitContext, source?: string): Promise<BatchJob> {
  const { api, endpoint } = await context.api(part.model);
  const base = { phase, model: part.model, endpoint, requests: part.requests, tasks: part.tasks, submittedAt: new Date().toISOString(), ...(source ? { source } : {}) };
  let job: BatchJob;
  try {
    const inputFileId = await api.upload(part.file, context.options);
    const remote = await api.create(inputFileId, { prompt_workbench_run: context.runId, phase, model: part.model }, context.options);
    job = { ...base, id: remote.id, inputFileId, status: remote.status, ...(remote.counts ? { counts: remote.counts } : {}) };
  } catch (error) {
    if (!(error instanceof RequestError) || error.info.kind === 'cancelled') throw error;
    const message = `the batch could not be submitted: ${error.message}`;
    job = { ...base, id: `unsubmitted-${phase}-${part.tasks[0]}-${part.model}`, inputFileId: '', status: 'failed', message, endedAt: new Date().toISOString() };
  }
  context.writer.write({ type: 'batch', ...job });
  await context.writer.flush();
  return job;
}
