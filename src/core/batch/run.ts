import { mkdir, rm } from 'node:fs/promises';
import { InputError, caseRequest, caseSource, newRecord, planRun, recordCase, tasksOf, type RunInput, type RunSettings } from '../runner.js';
import { gitInfo } from '../git.js';
import type { EvalCase } from '../dataset/row.js';
import { openRecordWriter, recordPath } from '../record/writer.js';
import type { RunRecord } from '../record/types.js';
import { createPartWriter } from './parts.js';
import { submitPart, type SubmitContext } from './submit.js';
import { taskCustomId } from './customId.js';
import type { BatchJob, BatchRunOptions } from './types.js';
import { collectBatchRun, type BatchSettings } from './collect.js';
import { batchApiFor, batchWorkDir } from './api.js';

// `eval --batch`: the run's case requests go to the providers' batch APIs at about half price,
// and the run record carries the batches from the moment they exist (status `pending`), so the
// results can be collected by this process, by `eval --resume <record>` days later, or by the
// editor when the workspace is reopened. See docs/batch.md.

export type { BatchSettings } from './collect.js';

/**
 * Submits a run as provider batches and, unless `wait` is false, waits for them and turns their
 * answers into results. Returns the record: `pending` when it stopped waiting.
 */
export async function runBatchEval(input: RunInput, settings: RunSettings, batch: BatchSettings): Promise<RunRecord> {
  const plan = planRun(input);
  const { prompt, models, repeat } = plan;
  if (!settings.resultsDir) throw new InputError('a batch run keeps its batches in its run record, so it cannot run without one (--no-record)', []);
  // Every model must have a batch API before anything is sent.
  const apis = new Map<string, Awaited<ReturnType<typeof batchApiFor>>>();
  for (const model of models) apis.set(model, await batchApiFor(model, settings.providers));

  const options: BatchRunOptions = { judges: batch.judges, models };
  // Like runEval, the returned record holds the cases given in memory (the editor's views want them).
  const record = newRecord(input, prompt, models, repeat, settings, (settings.keepResults ?? true) && plan.list ? plan.list : [], plan.caseCount);
  record.status = 'pending';
  record.options.batch = options;
  record.git = settings.git === null ? undefined : (settings.git ?? (await gitInfo(input.parsed.file)));
  const file = recordPath(settings.resultsDir, record);
  const writer = await openRecordWriter(file, settings.writeIntervalMs);
  const { cases: _c, results: _r, summary: _s, status: _st, ...header } = record;
  writer.write({ type: 'header', ...header });

  const workDir = batchWorkDir(record.id, batch.workDir);
  await mkdir(workDir, { recursive: true });
  const parts = createPartWriter(workDir, 'cases', limitsOf(apis));
  let caseIndex = -1;
  const onCase = (evalCase: EvalCase) => {
    caseIndex++;
    // The case's own evaluators go into the record: a resume rebuilds the cases from it alone.
    writer.write({ type: 'case', ...recordCase(evalCase, input.workspaceRoot), ...(evalCase.evaluators.length ? { evaluators: evalCase.evaluators } : {}) });
  };
  const perCase = models.length * repeat;
  try {
    for await (const task of tasksOf(caseSource(input, plan), models, repeat, prompt, onCase)) {
      const ordinal = caseIndex * perCase + models.indexOf(task.model) * repeat + task.repeat;
      const { api } = apis.get(task.model)!;
      const body = api.requestBody(caseRequest(prompt, task.model, task.messages));
      const line = JSON.stringify({ custom_id: taskCustomId(caseIndex, task.evalCase.id, task.model, task.repeat), method: 'POST', url: '/v1/chat/completions', body });
      await parts.add(task.model, ordinal, line);
    }
  } catch (error) {
    await parts.finish();
    await writer.close();
    await rm(workDir, { recursive: true, force: true });
    throw error;
  }
  writer.write({ type: 'batch-cases', count: caseIndex + 1 });
  await writer.flush();
  settings.onEvent?.({ type: 'started', record, file, total: (caseIndex + 1) * perCase });

  const context: SubmitContext = {
    api: (model) => Promise.resolve(apis.get(model)!),
    writer,
    runId: record.id,
    options: { signal: settings.signal, timeoutMs: settings.timeoutMs },
  };
  const jobs: BatchJob[] = [];
  for (const part of await parts.finish()) jobs.push(await submitPart(part, 'cases', context));
  await writer.close();
  batch.onSubmitted?.({ file, jobs });
  return collectBatchRun(file, input.workspaceRoot, settings, batch);
}

function limitsOf(apis: Map<string, Awaited<ReturnType<typeof batchApiFor>>>) {
  // One limit for the run: the smallest any of its providers has.
  const all = [...apis.values()].map((a) => a.api.limits);
  return { requests: Math.min(...all.map((l) => l.requests)), bytes: Math.min(...all.map((l) => l.bytes)) };
}
