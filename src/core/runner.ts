import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import path from 'node:path';
import pMap from 'p-map';
import type { Diagnostic } from './diagnostics.js';
import { hasErrors, ZERO_RANGE } from './diagnostics.js';
import type { ParsedPrompt, PromptFile } from './prompt/parse.js';
import type { EvalCase } from './dataset/row.js';
import type { DatasetRef } from './dataset/load.js';
import { checkCases } from './dataset/check.js';
import { sha256 } from './dataset/load.js';
import { toWorkspacePath } from './paths.js';
import type { ProviderResolver } from './providers/registry.js';
import { sendWithRetry, type RetryOptions } from './providers/retry.js';
import { RequestError, type ChatMessage, type ChatReply, type ChatRequest, type Usage } from './providers/types.js';
import { cacheKey, readCache, writeCache } from './cache.js';
import { costOf, tierPriceFor, type PriceTier, type PricingTable } from './tokens/pricing.js';
import { caseMessages } from './conversation/caseMessages.js';
import { withImageUrls } from './conversation/imageUrls.js';
import type { ImagePolicy } from './conversation/images.js';
import { conversationTotals, converse, type TurnAnswer } from './tools/loop.js';
import { mockResult } from './tools/mocks.js';
import { callsOf, outputOf, type Trajectory } from './tools/trajectory.js';
import { parseOutputJson } from './evaluators/outputJson.js';
import { needsJson, runEvaluators } from './evaluators/registry.js';
import { defaultJudgeModel } from './tokens/judgeEstimate.js';
import { keepOutOfGit } from './workspace/gitIgnore.js';
import type { JudgeCall, JudgeRequest } from './evaluators/types.js';
import { gitInfo, type GitInfo } from './git.js';
import { createSummaryAccumulator } from './record/summary.js';
import { createResultKeeper } from './record/keeper.js';
import { openRecordWriter, recordPath } from './record/writer.js';
import { RUN_RECORD_SCHEMA, RUN_RECORD_VERSION, type CaseResult, type RecordCase, type RunRecord } from './record/types.js';
import { casesOf, type CaseStream } from './dataset/stream.js';
import { withCanary } from './canary.js';
import { caseExtras, type CodePolicy } from './caseExtras.js';
import { casePassed, scoreField } from './evaluators/score.js';

export interface RunInput {
  parsed: ParsedPrompt;
  /** The cases, in memory, or streamed from their files (a dataset of any size). */
  cases: readonly EvalCase[] | CaseStream;
  datasets: readonly DatasetRef[];
  workspaceRoot: string;
  /** Overrides the prompt's models. */
  models?: readonly string[];
  repeat?: number;
  /** Run only these cases (Run case / re-run failed). */
  caseIds?: readonly string[];
}

export interface RunSettings {
  providers: ProviderResolver;
  pricing: PricingTable;
  concurrency: number;
  timeoutMs: number;
  maxRetries: number;
  cache: boolean;
  /** Absolute. */
  cacheDir: string;
  /** Absolute; null runs without writing a record. */
  resultsDir: string | null;
  /** prompt-workbench.yml `commitRecords`: leave the records folder to git (the cache folder is always ignored). */
  commitRecords?: boolean;
  toolVersion: string;
  judgeModel?: string;
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  onRequest?: (entry: RequestLogEntry) => void;
  /** Resolved by the caller, or looked up with `git` when undefined; null skips it. */
  git?: GitInfo | null;
  retry?: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs' | 'random'>;
  writeIntervalMs?: number;
  /**
   * What the returned record holds: every case and result (true, the default – the editor's views
   * need them), none (false), or 'failing' – only what reports of failures need (record/keeper.ts).
   * The record file always has everything; the last two let a run of any size hold almost nothing.
   */
  keepResults?: boolean | 'failing';
  /** Set when code evaluators may run (a trusted workspace, --allow-code); see caseExtras.ts. */
  code?: CodePolicy;
  /** Stream every answer (--stream), measuring time to first token; otherwise each provider's `stream` setting decides. */
  stream?: boolean;
  /** Where a row's local images may be read from (default: inside the run's workspace root). */
  files?: ImagePolicy;
}

export type RunEvent =
  { type: 'started'; record: RunRecord; file?: string; total: number } | { type: 'result'; result: CaseResult; progress: RunProgress } | { type: 'finished'; record: RunRecord; file?: string };

export interface RunProgress {
  completed: number;
  total: number;
  passed: number;
  failed: number;
  errored: number;
  costUsd: number;
}

/** One line per request for logs: what was asked of whom and what came back – never a key. */
export interface RequestLogEntry {
  model: string;
  caseId: string;
  repeat: number;
  purpose: 'case' | 'judge' | 'embed';
  outcome: 'ok' | 'cache' | 'error';
  inputTokens?: number;
  outputTokens?: number;
  latencyMs: number;
  attempts: number;
  error?: string;
}

/** Bad input found before any request: the run does not start. */
export class InputError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(message: string, diagnostics: Diagnostic[]) {
    super(message);
    this.name = 'InputError';
    this.diagnostics = diagnostics;
  }
}

export interface Task {
  evalCase: EvalCase;
  model: string;
  repeat: number;
}

/** What a run covers, after the checks that stop it before any request (InputError). */
export interface RunPlan {
  prompt: PromptFile;
  models: string[];
  repeat: number;
  wanted?: ReadonlySet<string>;
  /** The cases when they were given in memory (filtered by caseIds). */
  list?: readonly EvalCase[];
  caseCount: number;
}

export function planRun(input: RunInput): RunPlan {
  const prompt = input.parsed.prompt;
  if (!prompt) throw new InputError(`${input.parsed.file} has errors`, input.parsed.diagnostics);
  if (prompt.toolsFile && !prompt.tools) throw new InputError(`${input.parsed.file}: the tools file was not read`, input.parsed.diagnostics);
  // A stream's rows were checked while it was opened (dataset/stream.ts); an array is checked here.
  if (isCaseList(input.cases)) {
    const problems = checkCases(input.parsed, input.cases).filter((d) => d.severity === 'error');
    if (hasErrors(problems)) throw new InputError('missing template variables', problems);
  }

  const models = [...(input.models?.length ? input.models : prompt.models)];
  if (models.length === 0)
    throw new InputError('no model to run', [
      { file: input.parsed.file, severity: 'error', message: 'no model to run: add "model:" to the file, or pass --models', range: ZERO_RANGE, code: 'prompt/no-model' },
    ]);
  const repeat = input.repeat ?? prompt.repeat ?? 1;
  const wanted = input.caseIds ? new Set(input.caseIds) : undefined;
  const list = isCaseList(input.cases) ? input.cases.filter((c) => !wanted || wanted.has(c.id)) : undefined;
  const caseCount = list ? list.length : wanted ? wanted.size : (input.cases as CaseStream).count;
  return { prompt, models, repeat, wanted, list, caseCount };
}

/** The run's cases in order, held only while they are in flight when they come from a stream. */
export function caseSource(input: RunInput, plan: RunPlan): AsyncIterable<EvalCase> | Iterable<EvalCase> {
  return plan.list ?? filtered(casesOf(input.cases as CaseStream), plan.wanted);
}

export async function runEval(input: RunInput, settings: RunSettings): Promise<RunRecord> {
  const plan = planRun(input);
  const { prompt, models, repeat, list, caseCount } = plan;
  const keepAll = (settings.keepResults ?? true) === true;
  const keeper = settings.keepResults === 'failing' ? createResultKeeper(repeat, models) : undefined;
  const total = caseCount * models.length * repeat;

  const started = Date.now();
  const record = newRecord(input, prompt, models, repeat, settings, keepAll && list ? list : [], caseCount);
  record.git = settings.git === null ? undefined : (settings.git ?? (await gitInfo(input.parsed.file)));
  await keepOutOfGit({ cacheDir: settings.cache ? settings.cacheDir : undefined, resultsDir: settings.resultsDir ?? undefined, commitRecords: settings.commitRecords });
  const writer = settings.resultsDir ? await openRecordWriter(recordPath(settings.resultsDir, record), settings.writeIntervalMs) : undefined;
  const { cases: _cases, results: _results, summary: _summary, status: _status, ...header } = record;
  writer?.write({ type: 'header', ...header });
  await writer?.flush();
  settings.onEvent?.({ type: 'started', record, file: writer?.file, total });

  // Every in-flight request (and its retry wait) listens on the run's signal.
  if (settings.signal) setMaxListeners(settings.concurrency * 2 + 16, settings.signal);
  const progress: RunProgress = { completed: 0, total, passed: 0, failed: 0, errored: 0, costUsd: 0 };
  const accumulator = createSummaryAccumulator(models, repeat > 1);
  const onCase = (evalCase: EvalCase) => writer?.write({ type: 'case', ...recordCase(evalCase, input.workspaceRoot) });
  const source = caseSource(input, plan);
  const extrasFor = caseExtras(input.parsed.file, settings);
  const files = settings.files ?? { boundary: input.workspaceRoot };
  try {
    // Tasks are generated as workers free up, so nothing is queued up front and only the cases in
    // flight are held: a million-case run holds a few of them.
    await pMap(
      tasksOf(source, models, repeat, prompt, onCase),
      async (task) => {
        const result = await runTask(task, task.messages, prompt, { ...settings, files }, extrasFor);
        if (keepAll) record.results.push(result);
        keeper?.add(result, () => recordCase(task.evalCase, input.workspaceRoot), task.caseIndex);
        writer?.write({ type: 'result', ...result });
        accumulator.add(result);
        progress.completed++;
        if (result.status === 'passed') progress.passed++;
        else if (result.status === 'failed') progress.failed++;
        else if (result.status === 'errored') progress.errored++;
        progress.costUsd += result.costUsd ?? 0;
        settings.onEvent?.({ type: 'result', result, progress: { ...progress } });
      },
      { concurrency: settings.concurrency },
    );
    record.status = settings.signal?.aborted ? 'cancelled' : 'completed';
  } catch (error) {
    record.status = 'failed';
    record.error = (error as Error).message;
  }
  record.finishedAt = new Date().toISOString();
  if (keeper) {
    const kept = keeper.finish();
    record.cases = kept.cases;
    record.results = kept.results;
    record.kept = { only: 'failing', omitted: kept.omitted, ...(kept.repeats ? { repeats: kept.repeats } : {}) };
  }
  record.summary = accumulator.summary(Date.parse(record.finishedAt) - started);
  writer?.write({ type: 'end', status: record.status, finishedAt: record.finishedAt, ...(record.error ? { error: record.error } : {}), summary: record.summary });
  await writer?.close();
  settings.onEvent?.({ type: 'finished', record, file: writer?.file });
  return record;
}

function isCaseList(cases: RunInput['cases']): cases is readonly EvalCase[] {
  return Array.isArray(cases);
}

async function* filtered(cases: AsyncIterable<EvalCase>, wanted: ReadonlySet<string> | undefined): AsyncGenerator<EvalCase> {
  for await (const c of cases) if (!wanted || wanted.has(c.id)) yield c;
}

export interface RenderedTask extends Task {
  messages: ChatMessage[];
  /** The case's place in the run. */
  caseIndex: number;
}

/**
 * Case-major order: a case's models and repeats run close together, so its results arrive
 * together, and its messages are rendered once for all of them and then let go.
 */
export async function* tasksOf(
  cases: AsyncIterable<EvalCase> | Iterable<EvalCase>,
  models: readonly string[],
  repeat: number,
  prompt: PromptFile,
  onCase: (c: EvalCase) => void,
): AsyncGenerator<RenderedTask> {
  let caseIndex = 0;
  for await (const evalCase of cases) {
    onCase(evalCase);
    const messages = withCanary(caseMessages(prompt, evalCase), [...prompt.evaluators, ...evalCase.evaluators]);
    for (const model of models) for (let r = 0; r < repeat; r++) yield { evalCase, model, repeat: r, messages, caseIndex };
    caseIndex++;
  }
}

export function recordCase(c: EvalCase, workspaceRoot: string): RecordCase {
  return {
    id: c.id,
    label: c.label,
    vars: c.vars,
    ...(c.expected !== undefined ? { expected: c.expected } : {}),
    source: { file: toWorkspacePath(c.source.file, workspaceRoot), range: c.source.range },
    ...(c.turns ? { turns: c.turns } : {}),
    ...(c.images ? { images: c.images } : {}),
  };
}

export function newRecord(input: RunInput, prompt: PromptFile, models: string[], repeat: number, settings: RunSettings, cases: readonly EvalCase[], caseCount: number): RunRecord {
  const startedAt = new Date().toISOString();
  const promptPath = toWorkspacePath(input.parsed.file, input.workspaceRoot);
  return {
    schema: RUN_RECORD_SCHEMA,
    version: RUN_RECORD_VERSION,
    id: runId(startedAt, promptPath),
    status: 'running',
    startedAt,
    tool: { name: 'prompt-workbench', version: settings.toolVersion },
    prompt: {
      path: promptPath,
      name: prompt.name,
      description: prompt.description,
      contentHash: sha256(input.parsed.text),
      content: input.parsed.text,
      datasets: input.datasets.map((d) => ({ ...d })),
    },
    models,
    parameters: prompt.modelParameters,
    responseFormat: prompt.responseFormat,
    options: { repeat, concurrency: settings.concurrency, cache: settings.cache, timeoutMs: settings.timeoutMs, maxRetries: settings.maxRetries },
    caseCount,
    cases: cases.map((c) => recordCase(c, input.workspaceRoot)),
    results: [],
    summary: createSummaryAccumulator(models, false).summary(0),
  };
}

/** "20261122T201502Z-summarize-3fa2": sortable by time, findable by prompt. */
export function runId(startedAt: string, promptPath: string): string {
  const stamp = startedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${promptSlug(promptPath)}-${randomBytes(2).toString('hex')}`;
}

export function promptSlug(promptPath: string): string {
  const base = path.posix
    .basename(promptPath)
    .replace(/\.prompt\.ya?ml$/i, '')
    .replace(/\.ya?ml$/i, '');
  return (
    base
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase()
      .slice(0, 40) || 'prompt'
  );
}

export interface Answer extends ChatReply {
  attempts: number;
  latencyMs: number;
  cacheHit: boolean;
  /** Set when a provider batch answered it (batch runs): costed at the batch price. */
  batchId?: string;
  /** A tool loop's answers summed: the requests' cost (cache hits free; null when one has no price). */
  costUsd?: number | null;
  /** Prompts with tools: the calls, mocked results and how the loop ended. */
  trajectory?: Trajectory;
}

/** Ask a model, through the cache when enabled; retries are inside. */
export async function ask(request: ChatRequest, repeat: number, settings: RunSettings, log: Omit<RequestLogEntry, 'outcome' | 'latencyMs' | 'attempts' | 'model'>): Promise<Answer> {
  const provider = await settings.providers.get(request.model);
  const key = settings.cache ? cacheKey(provider.endpoint, request, repeat) : undefined;
  if (key) {
    const hit = await readCache(settings.cacheDir, key);
    if (hit) {
      settings.onRequest?.({ ...log, model: request.model, outcome: 'cache', inputTokens: hit.reply.usage?.inputTokens, outputTokens: hit.reply.usage?.outputTokens, latencyMs: 0, attempts: 0 });
      return { ...hit.reply, attempts: 0, latencyMs: hit.latencyMs, cacheHit: true };
    }
  }
  const started = performance.now();
  try {
    const reply = await sendWithRetry(provider, request, { maxRetries: settings.maxRetries, timeoutMs: settings.timeoutMs, signal: settings.signal, ...settings.retry });
    const latencyMs = Math.round(performance.now() - started);
    if (key) {
      const { attempts: _attempts, ...stored } = reply;
      await writeCache(settings.cacheDir, { version: 1, key, createdAt: new Date().toISOString(), endpoint: provider.endpoint, model: request.model, reply: stored, latencyMs }).catch(() => undefined);
    }
    settings.onRequest?.({ ...log, model: request.model, outcome: 'ok', inputTokens: reply.usage?.inputTokens, outputTokens: reply.usage?.outputTokens, latencyMs, attempts: reply.attempts });
    return { ...reply, latencyMs, cacheHit: false };
  } catch (error) {
    const latencyMs = Math.round(performance.now() - started);
    const attempts = error instanceof RequestError ? error.attempts : 1;
    settings.onRequest?.({ ...log, model: request.model, outcome: 'error', latencyMs, attempts, error: (error as Error).message });
    throw error;
  }
}

export function costFor(model: string, usage: Usage | undefined, settings: Pick<RunSettings, 'pricing'>, tier: PriceTier = 'standard'): number | null {
  if (!usage) return null;
  return costOf(usage, tierPriceFor(model, settings.pricing, tier));
}

/** The chat request of a task: its messages with the prompt's parameters and response format. */
export function caseRequest(prompt: PromptFile, model: string, messages: ChatMessage[], stream?: boolean): ChatRequest {
  return {
    model,
    messages,
    parameters: prompt.modelParameters,
    responseFormat: prompt.responseFormat,
    jsonSchema: prompt.jsonSchema,
    ...(prompt.tools?.length ? { tools: prompt.tools, ...(prompt.toolChoice !== undefined ? { toolChoice: prompt.toolChoice } : {}) } : {}),
    ...(stream ? { stream: true } : {}),
  };
}

/** The chat request of a judge call (always at temperature 0). */
export function judgeChatRequest(req: JudgeRequest): ChatRequest {
  return { model: req.model, messages: req.messages, parameters: { temperature: 0 } };
}

/** A result without an answer: the request failed (or was cancelled) with this error. */
export function failedResult(task: Task, messages: ChatMessage[], error: unknown): CaseResult {
  const info = error instanceof RequestError ? error.info : { kind: 'network' as const, message: (error as Error).message };
  return {
    ...resultBase(task, messages),
    status: info.kind === 'cancelled' ? 'cancelled' : 'errored',
    costUsd: 0,
    latencyMs: 0,
    cacheHit: false,
    attempts: error instanceof RequestError ? error.attempts : 1,
    error: { kind: info.kind, message: info.message, ...('status' in info && info.status ? { status: info.status } : {}) },
  };
}

function resultBase(task: Task, messages: ChatMessage[]) {
  return { caseId: task.evalCase.id, model: task.model, repeat: task.repeat, messages, startedAt: new Date().toISOString(), evaluations: [] };
}

/** Judge calls sent live, through the cache. */
export function liveJudge(settings: RunSettings, about: { caseId: string; repeat: number }): (req: JudgeRequest) => Promise<JudgeCall> {
  return async (req) => {
    const judged = await ask(judgeChatRequest(req), 0, settings, { ...about, purpose: 'judge' });
    const produced = costFor(req.model, judged.usage, settings);
    return {
      model: req.model,
      output: judged.output,
      usage: judged.usage,
      costUsd: judged.cacheHit ? 0 : produced,
      ...(judged.cacheHit ? { cachedCostUsd: produced } : {}),
      cacheHit: judged.cacheHit,
      latencyMs: judged.latencyMs,
    };
  };
}

async function runTask(task: Task, messages: ChatMessage[], prompt: PromptFile, settings: RunSettings & { files: ImagePolicy }, extrasFor: ReturnType<typeof caseExtras>): Promise<CaseResult> {
  const { evalCase, model, repeat } = task;
  if (settings.signal?.aborted) {
    return { ...resultBase(task, messages), status: 'cancelled', costUsd: 0, latencyMs: 0, cacheHit: false, attempts: 0, error: { kind: 'cancelled', message: 'cancelled before it started' } };
  }
  // Local images become data URLs for the request only; the record keeps `messages` as written.
  const sent = await withImageUrls(messages, evalCase.source.file, settings.files);
  if (!sent.ok) return { ...resultBase(task, messages), status: 'errored', costUsd: 0, latencyMs: 0, cacheHit: false, attempts: 0, error: { kind: 'config', message: sent.reason } };
  const mock = (call: { name: string }) => mockResult(call.name, prompt.toolResults, evalCase.toolResults, evalCase.vars);
  const conversation = await converse(caseRequest(prompt, model, sent.messages, settings.stream), { maxTurns: prompt.maxTurns, mock }, (req) =>
    ask(req, repeat, settings, { caseId: evalCase.id, repeat, purpose: 'case' }),
  );
  const totals = conversationTotals(conversation.answers);
  const last = conversation.answers.at(-1);
  const costUsd = conversationCost(conversation.answers, model, settings);
  if (conversation.error !== undefined || !last) {
    const failed = failedResult(task, messages, conversation.error);
    if (!last) return conversation.trajectory ? { ...failed, trajectory: conversation.trajectory } : failed;
    // The requests before the one that failed were made and paid for.
    return {
      ...failed,
      ...(totals.usage ? { usage: totals.usage } : {}),
      costUsd: costUsd ?? 0,
      attempts: totals.attempts + failed.attempts,
      ...(conversation.trajectory ? { trajectory: conversation.trajectory } : {}),
    };
  }
  const first = conversation.answers[0];
  // Time to first token is the first request's: what a user of the conversation waits for.
  const { ttftMs: _lastTtft, ...lastAnswer } = last;
  const answer: Answer = {
    ...lastAnswer,
    usage: totals.usage,
    latencyMs: totals.latencyMs,
    attempts: totals.attempts,
    cacheHit: totals.cacheHit,
    costUsd,
    ...(first.ttftMs !== undefined ? { ttftMs: first.ttftMs } : {}),
    ...(conversation.trajectory ? { trajectory: conversation.trajectory } : {}),
  };
  return evaluateAnswer(task, messages, answer, prompt, settings, extrasFor, liveJudge(settings, { caseId: evalCase.id, repeat }));
}

/** The requests' cost: cache hits free; unknown (null) when a request that was made has no price. */
function conversationCost(answers: readonly TurnAnswer[], model: string, settings: RunSettings): number | null {
  let total = 0;
  for (const a of answers) {
    if (a.cacheHit) continue;
    const cost = costFor(model, a.usage, settings);
    if (cost === null) return null;
    total += cost;
  }
  return total;
}

/**
 * A case's result from its model's answer: the evaluators (judge calls through `judge`), cost,
 * status. Live runs and batch runs (src/core/batch/) both come here, so their results agree.
 */
export async function evaluateAnswer(
  task: Task,
  messages: ChatMessage[],
  answer: Answer,
  prompt: PromptFile,
  settings: RunSettings,
  extrasFor: ReturnType<typeof caseExtras>,
  judge: (req: JudgeRequest) => Promise<JudgeCall>,
): Promise<CaseResult> {
  const { evalCase, model, repeat } = task;
  const base = resultBase(task, messages);
  const output = outputOf(answer.output, answer.trajectory);
  const json = wantsJson(prompt, evalCase, output) ? parseOutputJson(output) : NOT_PARSED;
  const tier: PriceTier = answer.batchId ? 'batch' : 'standard';
  const promptCost = answer.costUsd !== undefined ? answer.costUsd : answer.cacheHit ? 0 : costFor(model, answer.usage, settings, tier);
  const evaluations = await runEvaluators([...prompt.evaluators, ...evalCase.evaluators], {
    output: output.trim(),
    json,
    vars: evalCase.vars,
    outputSchema: prompt.jsonSchema?.schema,
    metrics: {
      costUsd: costFor(model, answer.usage, settings, tier),
      latencyMs: answer.latencyMs,
      inputTokens: answer.usage?.inputTokens ?? 0,
      outputTokens: answer.usage?.outputTokens ?? 0,
      ...(answer.ttftMs !== undefined ? { ttftMs: answer.ttftMs } : {}),
    },
    judgeModel: defaultJudgeModel(prompt, settings.judgeModel),
    judgeParsing: prompt.judgeParsing,
    judge,
    ...(answer.refusal ? { refusal: answer.refusal } : {}),
    ...(answer.trajectory ? { toolCalls: callsOf(answer.trajectory) } : {}),
    ...(answer.finishReason ? { finishReason: answer.finishReason } : {}),
    ...extrasFor(messages, { caseId: evalCase.id, repeat }),
  });
  const judgeCostUsd = evaluations.reduce((sum, v) => sum + (v.judge?.costUsd ?? 0), 0);
  const cachedCostUsd = cachedCost(answer.cacheHit ? costFor(model, answer.usage, settings) : 0, evaluations);
  const evaluatorError = evaluations.find((v) => v.evaluatorError);
  const cancelled = settings.signal?.aborted && evaluatorError;
  const status = cancelled ? 'cancelled' : evaluatorError ? 'errored' : casePassed(evaluations, prompt.threshold) ? 'passed' : 'failed';
  return {
    ...base,
    status,
    output,
    ...(json.ok && looksLikeJson(output, prompt) ? { json: json.value } : {}),
    evaluations,
    ...scoreField(evaluations),
    usage: answer.usage,
    costUsd: promptCost === null ? null : promptCost + judgeCostUsd,
    ...(judgeCostUsd ? { judgeCostUsd } : {}),
    ...(cachedCostUsd !== undefined ? { cachedCostUsd } : {}),
    latencyMs: answer.latencyMs,
    cacheHit: answer.cacheHit,
    attempts: answer.attempts,
    finishReason: answer.finishReason,
    ...(answer.refusal ? { refusal: answer.refusal } : {}),
    ...(answer.ttftMs !== undefined ? { ttftMs: answer.ttftMs } : {}),
    ...(answer.trajectory ? { trajectory: answer.trajectory } : {}),
    ...(evaluatorError ? { error: { kind: cancelled ? 'cancelled' : 'evaluator', message: `${evaluatorError.name}: ${evaluatorError.reason}` } } : {}),
    ...(answer.batchId ? { batch: { id: answer.batchId } } : {}),
  };
}

/** What the cached parts of a result (its answer, judge replies) cost when produced; undefined when nothing came from the cache. */
function cachedCost(answer: number | null, evaluations: readonly { judge?: JudgeCall }[]): number | null | undefined {
  const judges = evaluations.flatMap((v) => (v.judge?.cacheHit ? [v.judge.cachedCostUsd ?? null] : []));
  if (answer === 0 && judges.length === 0) return undefined;
  if (answer === null || judges.includes(null)) return null;
  return answer + judges.reduce<number>((sum, c) => sum + (c ?? 0), 0);
}

const NOT_PARSED = { ok: false as const, error: 'not parsed' };

/** Parsing every output costs time on large runs; only JSON prompts, JSON-looking outputs and JSON evaluators need it. */
function wantsJson(prompt: PromptFile, evalCase: EvalCase, output: string): boolean {
  return looksLikeJson(output, prompt) || needsJson(prompt.evaluators) || needsJson(evalCase.evaluators);
}

function looksLikeJson(output: string, prompt: PromptFile): boolean {
  if (prompt.responseFormat === 'json_object' || prompt.responseFormat === 'json_schema') return true;
  return /^\s*(```|\{|\[)/.test(output);
}
