import { createReadStream, existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { parsePromptFile, type PromptFile } from '../prompt/parse.js';
import type { EvalCase } from '../dataset/row.js';
import type { ChatMessage } from '../chat.js';
import { withCanary } from '../canary.js';
import { caseMessages } from '../conversation/caseMessages.js';
import { caseExtras } from '../caseExtras.js';
import { InputError, costFor, evaluateAnswer, failedResult, judgeChatRequest, liveJudge, type Answer, type RunProgress, type RunSettings, type Task } from '../runner.js';
import { RequestError, type ChatReply } from '../providers/types.js';
import type { JudgeCall, JudgeRequest } from '../evaluators/types.js';
import { readRecord, streamRecordLines } from '../record/read.js';
import { openRecordWriter, type RecordWriter } from '../record/writer.js';
import { createSummaryAccumulator } from '../record/summary.js';
import { createResultKeeper } from '../record/keeper.js';
import type { CaseResult, RunRecord } from '../record/types.js';
import { createPartWriter } from './parts.js';
import { submitPart, type SubmitContext } from './submit.js';
import { judgeCustomId, taskCustomId } from './customId.js';
import { isTerminal, type BatchJob } from './types.js';
import { batchApiFor, batchWorkDir } from './api.js';

// Waiting for a batch run's batches and turning their answers into results – the same results a
// live run produces (runner.ts's evaluateAnswer). It works from the record alone: a fresh run and
// `--resume` days later take the same path. Every task of a batch gets a result line: an answer,
// the provider's error for its line, or why there was none (expired, cancelled, failed batch).

export interface BatchSettings {
  /** LLM-judge calls: a second batch phase, or live requests as the answers come in. */
  judges: 'batch' | 'live';
  /** False: submit (or look once) and return the record still pending. */
  wait: boolean;
  /** First wait between polls (default 5 s); it grows by half each poll up to maxPollMs (default 60 s). */
  pollMs?: number;
  maxPollMs?: number;
  /** Where batch files go (default: a folder per run in the OS temp folder). */
  workDir?: string;
  onSubmitted?: (state: { file: string; jobs: readonly BatchJob[] }) => void;
  /** After each round of polls: every batch's latest state. */
  onPoll?: (state: BatchPoll) => void;
}

export interface BatchPoll {
  file: string;
  jobs: readonly BatchJob[];
  /** Since the first batch was submitted. */
  elapsedMs: number;
}

const key = (caseId: string, model: string, repeat: number) => `${caseId}\u0000${model}\u0000${repeat}`;

interface Collection {
  file: string;
  record: RunRecord;
  prompt: PromptFile;
  cases: EvalCase[];
  settings: RunSettings;
  batch: BatchSettings;
  writer: RecordWriter;
  workDir: string;
  done: Set<string>;
  progress: RunProgress;
  jobs: BatchJob[];
  extrasFor: ReturnType<typeof caseExtras>;
  submit: SubmitContext;
}

/** Polls a batch run's batches until they end (or once, with `wait: false`) and records their results. */
export async function collectBatchRun(file: string, workspaceRoot: string, settings: RunSettings, batch: BatchSettings): Promise<RunRecord> {
  const record = await readRecord(file);
  if (!record.options.batch) throw new InputError(`${file} is not a batch run (it was not run with --batch)`, []);
  if (record.finishedAt) return kept(record, settings);
  if (record.batch?.casesRecorded === undefined) {
    throw new InputError(`${file}: the batch run was stopped before its cases were recorded, so nothing was submitted; run the eval again`, []);
  }
  const promptFile = path.resolve(workspaceRoot, record.prompt.path);
  const parsed = parsePromptFile(record.prompt.content, promptFile, { allowCode: Boolean(settings.code) });
  if (!parsed.prompt) throw new InputError(`${file}: the prompt in the record does not parse`, parsed.diagnostics);
  const workDir = batchWorkDir(record.id, batch.workDir);
  await mkdir(workDir, { recursive: true });
  const writer = await openRecordWriter(file, settings.writeIntervalMs, { append: true });
  const total = record.cases.length * record.models.length * record.options.repeat;
  const progress: RunProgress = { completed: 0, total, passed: 0, failed: 0, errored: 0, costUsd: 0 };
  for (const r of record.results) count(progress, r);
  const c: Collection = {
    file,
    record,
    prompt: parsed.prompt,
    cases: record.cases.map((rc) => ({
      id: rc.id,
      label: rc.label,
      vars: rc.vars,
      expected: rc.expected,
      evaluators: rc.evaluators ?? [],
      source: { file: path.resolve(workspaceRoot, rc.source.file), range: rc.source.range },
    })),
    settings,
    batch,
    writer,
    workDir,
    done: new Set(record.results.map((r) => key(r.caseId, r.model, r.repeat))),
    progress,
    jobs: record.batch.jobs,
    extrasFor: caseExtras(promptFile, settings),
    submit: { api: (model) => batchApiFor(model, settings.providers), writer, runId: record.id, options: { signal: settings.signal, timeoutMs: settings.timeoutMs } },
  };
  try {
    await submitUncovered(c);
    const ended = await pollUntilDone(c);
    if (!ended) {
      await writer.close();
      return await readRecord(file);
    }
    await writer.flush();
    const finished = await readRecord(file);
    const accumulator = createSummaryAccumulator(finished.models, finished.options.repeat > 1);
    for (const r of finished.results) accumulator.add(r);
    const finishedAt = new Date().toISOString();
    const status = c.jobs.some((j) => j.status === 'cancelled') ? 'cancelled' : 'completed';
    const summary = accumulator.summary(Date.parse(finishedAt) - Date.parse(finished.startedAt));
    writer.write({ type: 'end', status, finishedAt, summary });
    await writer.close();
    await rm(workDir, { recursive: true, force: true });
    const result = kept(await readRecord(file), settings);
    settings.onEvent?.({ type: 'finished', record: result, file });
    return result;
  } catch (error) {
    await writer.close();
    throw error;
  }
}

/** With keepResults 'failing' (the CLI), the returned record holds what its reports need, as a live run's does (record/keeper.ts). */
function kept(record: RunRecord, settings: Pick<RunSettings, 'keepResults'>): RunRecord {
  if (settings.keepResults !== 'failing') return record;
  const keeper = createResultKeeper(record.options.repeat, record.models);
  const index = new Map(record.cases.map((c, i) => [c.id, i]));
  for (const r of record.results) {
    const at = index.get(r.caseId) ?? 0;
    keeper.add(r, () => record.cases[at], at);
  }
  const k = keeper.finish();
  return { ...record, cases: k.cases, results: k.results, kept: { only: 'failing', omitted: k.omitted, ...(k.repeats ? { repeats: k.repeats } : {}) } };
}

function count(progress: RunProgress, r: CaseResult): void {
  progress.completed++;
  if (r.status === 'passed') progress.passed++;
  else if (r.status === 'failed') progress.failed++;
  else if (r.status === 'errored') progress.errored++;
  progress.costUsd += r.costUsd ?? 0;
}

/** Returns true when every batch has ended and been recorded; false when it stopped waiting. */
async function pollUntilDone(c: Collection): Promise<boolean> {
  const started = Math.min(...c.jobs.map((j) => Date.parse(j.submittedAt)).filter(Number.isFinite), Date.now());
  let delay = c.batch.pollMs ?? 5_000;
  const processed = new Set<string>();
  for (;;) {
    for (const [i, job] of c.jobs.entries()) {
      if (isTerminal(job.status)) continue;
      const next = await refresh(c, job);
      c.jobs[i] = next;
    }
    c.batch.onPoll?.({ file: c.file, jobs: [...c.jobs], elapsedMs: Date.now() - started });
    for (const job of [...c.jobs]) {
      if (job.phase !== 'cases' || !isTerminal(job.status) || processed.has(job.id)) continue;
      const judgeJobs = c.jobs.filter((j) => j.source === job.id);
      if (judgeJobs.length === 0) {
        await collectCases(c, job);
        if (!c.jobs.some((j) => j.source === job.id)) processed.add(job.id);
      } else if (judgeJobs.every((j) => isTerminal(j.status))) {
        await collectJudged(c, job, judgeJobs);
        processed.add(job.id);
      }
    }
    if (c.jobs.every((j) => isTerminal(j.status)) && c.jobs.filter((j) => j.phase === 'cases').every((j) => processed.has(j.id))) return true;
    if (!c.batch.wait || c.settings.signal?.aborted) return false;
    await sleep(delay, undefined, { signal: c.settings.signal }).catch(() => undefined);
    if (c.settings.signal?.aborted) return false;
    delay = Math.min(delay * 1.5, c.batch.maxPollMs ?? 60_000);
  }
}

async function refresh(c: Collection, job: BatchJob): Promise<BatchJob> {
  const { api } = await batchApiFor(job.model, c.settings.providers);
  const remote = await api.retrieve(job.id, c.submit.options);
  const next: BatchJob = {
    ...job,
    status: remote.status,
    ...(remote.counts ? { counts: remote.counts } : {}),
    ...(remote.outputFileId ? { outputFileId: remote.outputFileId } : {}),
    ...(remote.errorFileId ? { errorFileId: remote.errorFileId } : {}),
    ...(remote.message ? { message: remote.message } : {}),
    ...(isTerminal(remote.status) ? { endedAt: new Date().toISOString() } : {}),
  };
  if (JSON.stringify(next.counts) !== JSON.stringify(job.counts) || next.status !== job.status) {
    c.writer.write({ type: 'batch', ...next });
    await c.writer.flush();
  }
  return next;
}

/** A batch's answers by custom_id: its output and error files, downloaded once into the work folder. */
async function answersOf(c: Collection, job: BatchJob): Promise<Map<string, { reply: ChatReply } | { error: RequestError }>> {
  const answers = new Map<string, { reply: ChatReply } | { error: RequestError }>();
  if (job.id.startsWith('unsubmitted-')) return answers;
  const { api } = await batchApiFor(job.model, c.settings.providers);
  for (const fileId of [job.outputFileId, job.errorFileId]) {
    if (!fileId) continue;
    const local = path.join(c.workDir, `${job.id}-${fileId}.jsonl`);
    if (!existsSync(local)) await api.download(fileId, local, c.submit.options);
    const lines = createInterface({ input: createReadStream(local, 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.trim() === '') continue;
      const parsed = api.parseLine(line);
      answers.set(parsed.customId, 'reply' in parsed ? { reply: parsed.reply } : { error: parsed.error });
    }
  }
  return answers;
}

/** Why a task of an ended batch has no line: the batch's own state. */
function noLine(job: BatchJob): RequestError {
  if (job.status === 'cancelled') return new RequestError({ kind: 'cancelled', message: `batch ${job.id} was cancelled before this request ran`, retryable: false });
  if (job.status === 'expired') return new RequestError({ kind: 'timeout', message: `batch ${job.id} expired (24 h window) before this request ran`, retryable: false });
  if (job.status === 'failed') return new RequestError({ kind: 'http', message: job.message ?? `batch ${job.id} failed`, retryable: false });
  return new RequestError({ kind: 'invalid-response', message: `batch ${job.id} ended without a line for this request`, retryable: false });
}

interface JobTask extends Task {
  caseIndex: number;
  customId: string;
}

/** The tasks a batch answers: its model's, in its range of task ordinals. */
function* tasksOfJob(c: Collection, job: BatchJob): Generator<JobTask> {
  const { models, options } = c.record;
  const repeat = options.repeat;
  const perCase = models.length * repeat;
  const modelIndex = models.indexOf(job.model);
  for (let caseIndex = Math.floor(job.tasks[0] / perCase); caseIndex <= Math.floor(job.tasks[1] / perCase) && caseIndex < c.cases.length; caseIndex++) {
    for (let r = 0; r < repeat; r++) {
      const ordinal = caseIndex * perCase + modelIndex * repeat + r;
      if (ordinal < job.tasks[0] || ordinal > job.tasks[1]) continue;
      const evalCase = c.cases[caseIndex];
      yield { evalCase, model: job.model, repeat: r, caseIndex, customId: taskCustomId(caseIndex, evalCase.id, job.model, r) };
    }
  }
}

function messagesOf(c: Collection, evalCase: EvalCase): ChatMessage[] {
  return withCanary(caseMessages(c.prompt, evalCase), [...c.prompt.evaluators, ...evalCase.evaluators]);
}

function batchAnswer(reply: ChatReply, job: BatchJob): Answer {
  // A batch answer has no latency of its own: 0, and it is left out of latency percentiles.
  return { ...reply, attempts: 1, latencyMs: 0, cacheHit: false, batchId: job.id };
}

function record(c: Collection, result: CaseResult): void {
  c.writer.write({ type: 'result', ...result });
  c.done.add(key(result.caseId, result.model, result.repeat));
  count(c.progress, result);
  c.settings.onEvent?.({ type: 'result', result, progress: { ...c.progress } });
}

/**
 * The tasks of a case batch still to decide, with their answers; a task whose request failed (or
 * has no line in the output) is recorded as an errored result here and not yielded.
 */
async function* answeredTasks(c: Collection, job: BatchJob) {
  const answers = await answersOf(c, job);
  for (const task of tasksOfJob(c, job)) {
    if (c.done.has(key(task.evalCase.id, task.model, task.repeat))) continue;
    const messages = messagesOf(c, task.evalCase);
    const entry = answers.get(task.customId);
    if (!entry || 'error' in entry) {
      record(c, failedResult(task, messages, entry?.error ?? noLine(job)));
      continue;
    }
    yield { task, messages, reply: entry.reply };
  }
}

/** Phase one: a case batch's answers become results, or judge requests for a judge batch. */
async function collectCases(c: Collection, job: BatchJob): Promise<void> {
  const judges = createPartWriter(c.workDir, 'judges', (await batchApiFor(job.model, c.settings.providers)).api.limits);
  let judgeLines = 0;
  for await (const { task, messages, reply } of answeredTasks(c, job)) {
    const answer = batchAnswer(reply, job);
    const about = { caseId: task.evalCase.id, repeat: task.repeat };
    if (c.record.options.batch?.judges === 'live') {
      record(c, await evaluateAnswer(task, messages, answer, c.prompt, c.settings, c.extrasFor, liveJudge(c.settings, about)));
      continue;
    }
    const asked: JudgeRequest[] = [];
    const collecting = await collectingJudge(c, asked, about);
    const result = await evaluateAnswer(task, messages, answer, c.prompt, c.settings, c.extrasFor, collecting);
    if (asked.length === 0) {
      record(c, result);
      continue;
    }
    // This result waits for its judges; its verdicts are worked out again from their answers.
    const ordinal = job.tasks[0];
    for (const req of asked) {
      const { api } = await batchApiFor(req.model, c.settings.providers);
      const body = api.requestBody(judgeChatRequest(req));
      await judges.add(req.model, ordinal, JSON.stringify({ custom_id: judgeCustomId(task.customId, req), method: 'POST', url: '/v1/chat/completions', body }));
      judgeLines++;
    }
  }
  const parts = await judges.finish();
  if (judgeLines === 0) return;
  for (const part of parts) {
    const judgeJob = await submitPart({ ...part, tasks: job.tasks }, 'judges', c.submit, job.id);
    c.jobs.push(judgeJob);
  }
}

/**
 * Pass one of a case with LLM judges: the judge requests are collected (for a judge batch) and
 * answered with an empty placeholder; that pass's verdicts are thrown away. A judge model without
 * a batch API is asked live.
 */
async function collectingJudge(c: Collection, asked: JudgeRequest[], about: { caseId: string; repeat: number }): Promise<(req: JudgeRequest) => Promise<JudgeCall>> {
  const live = liveJudge(c.settings, about);
  return async (req) => {
    const provider = await c.settings.providers.get(req.model);
    if (!provider.batch) return live(req);
    asked.push(req);
    return { model: req.model, output: '', costUsd: 0, cacheHit: false, latencyMs: 0 };
  };
}

/** Phase two: a case batch's answers with its judge batches' answers become results. */
async function collectJudged(c: Collection, job: BatchJob, judgeJobs: readonly BatchJob[]): Promise<void> {
  const judged = new Map<string, { reply: ChatReply } | { error: RequestError }>();
  for (const j of judgeJobs) for (const [id, a] of await answersOf(c, j)) judged.set(id, a);
  for await (const { task, messages, reply } of answeredTasks(c, job)) {
    const about = { caseId: task.evalCase.id, repeat: task.repeat };
    const live = liveJudge(c.settings, about);
    const judge = async (req: JudgeRequest): Promise<JudgeCall> => {
      const provider = await c.settings.providers.get(req.model);
      if (!provider.batch) return live(req);
      const id = judgeCustomId(task.customId, req);
      const found = judged.get(id);
      if (!found) throw noLine(judgeJobs.find((j) => j.model === req.model) ?? judgeJobs[0]);
      if ('error' in found) throw found.error;
      return { model: req.model, output: found.reply.output, usage: found.reply.usage, costUsd: costFor(req.model, found.reply.usage, c.settings, 'batch'), cacheHit: false, latencyMs: 0 };
    };
    record(c, await evaluateAnswer(task, messages, batchAnswer(reply, job), c.prompt, c.settings, c.extrasFor, judge));
  }
}

/**
 * Tasks no batch covers – the submitting process stopped between two batches – are written and
 * submitted now, so a resume sends only what is missing.
 */
async function submitUncovered(c: Collection): Promise<void> {
  const { models, options } = c.record;
  const perCase = models.length * options.repeat;
  const covered = (model: string, ordinal: number) => c.jobs.some((j) => j.phase === 'cases' && j.model === model && ordinal >= j.tasks[0] && ordinal <= j.tasks[1]);
  let parts: ReturnType<typeof createPartWriter> | undefined;
  for (const [caseIndex, evalCase] of c.cases.entries()) {
    for (const [mi, model] of models.entries()) {
      for (let r = 0; r < options.repeat; r++) {
        const ordinal = caseIndex * perCase + mi * options.repeat + r;
        if (covered(model, ordinal) || c.done.has(key(evalCase.id, model, r))) continue;
        const { api } = await batchApiFor(model, c.settings.providers);
        parts ??= createPartWriter(c.workDir, 'cases', api.limits);
        const body = api.requestBody({ model, messages: messagesOf(c, evalCase), parameters: c.prompt.modelParameters, responseFormat: c.prompt.responseFormat, jsonSchema: c.prompt.jsonSchema });
        await parts.add(model, ordinal, JSON.stringify({ custom_id: taskCustomId(caseIndex, evalCase.id, model, r), method: 'POST', url: '/v1/chat/completions', body }));
      }
    }
  }
  for (const part of (await parts?.finish()) ?? []) c.jobs.push(await submitPart(part, 'cases', c.submit));
}

/** `prompt-workbench cancel <record>`: asks the provider to cancel every batch still running. */
export async function cancelBatchRun(file: string, settings: Pick<RunSettings, 'providers' | 'timeoutMs' | 'signal' | 'writeIntervalMs'>): Promise<BatchJob[]> {
  const record = await readRecord(file);
  if (!record.options.batch) throw new InputError(`${file} is not a batch run (it was not run with --batch)`, []);
  if (record.finishedAt) throw new InputError(`${file}: the batch run has already ended (${record.status})`, []);
  const writer = await openRecordWriter(file, settings.writeIntervalMs, { append: true });
  const jobs: BatchJob[] = [];
  try {
    for (const job of record.batch?.jobs ?? []) {
      if (isTerminal(job.status)) {
        jobs.push(job);
        continue;
      }
      const { api } = await batchApiFor(job.model, settings.providers);
      const remote = await api.cancel(job.id, { signal: settings.signal, timeoutMs: settings.timeoutMs });
      const next: BatchJob = { ...job, status: remote.status, ...(remote.counts ? { counts: remote.counts } : {}) };
      writer.write({ type: 'batch', ...next });
      jobs.push(next);
    }
  } finally {
    await writer.close();
  }
  return jobs;
}

/** A batch run's record not yet ended: its header says batch (one line read for every other record). */
export async function isPendingBatchRecord(file: string): Promise<boolean> {
  let batch = false;
  for await (const line of streamRecordLines(file)) {
    batch = line.type === 'header' && Boolean(line.options.batch);
    break;
  }
  return batch && !(await readRecord(file)).finishedAt;
}
