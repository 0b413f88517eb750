import path from 'node:path';
import {
  caseCounter,
  createProviderResolver,
  estimatePrepared,
  estimatedModels,
  githubPriceNote,
  githubTokenOnce,
  pricingWith,
  promptPath,
  type PricingTable,
  type ProviderResolver,
  type RunEstimate,
  type CaseCounter,
  type ParsedPrompt,
  type WorkspaceSession,
} from '../../core/index.js';
import { countingHere, type Counting } from '../../core/tokens/counting.js';
import { timeSlices } from '../../core/tokens/timeSlices.js';
import { workerCounting } from '../../core/tokens/workerCounting.js';
import { prepareForRun } from '../preparedForRun.js';
import { countWorkerScript } from '../countWorkerScript.js';
import type { CliOptions } from '../args.js';
import type { Io } from '../io.js';
import { int, plural, table, usd } from '../output/format.js';
import { judgeNotes, judgeRows } from '../output/judgeEstimate.js';
import { totalsText } from '../../shared/estimateTotals.js';
import { IMAGE_RULE } from '../../core/conversation/imageTokens.js';
import { openTargets } from '../workspace.js';
import { EXIT } from './eval.js';

/** Tokens and projected cost for each prompt × model, without calling any model. */
export async function estimateCommand(options: CliOptions, io: Io): Promise<number> {
  const opened = await openTargets(options, io);
  if (!opened) return EXIT.badInput;

  const report: { prompt: string; estimate: RunEstimate }[] = [];
  const prices = new Set<string>();
  let badInput = false;
  const githubToken = githubTokenOnce({ env: io.env });
  // One counting thread for every file: its encoding is loaded once.
  const counting = countingBeside();
  try {
    for (const file of opened.files) {
      const session = await opened.sessions.forFile(file);
      const done = await estimateFile(file, session, { options, io, githubToken, counting });
      if (done.badInput) badInput = true;
      if (!done.estimate) continue;
      prices.add(`Prices: ${done.pricing.source}, as of ${done.pricing.asOf} (override under "pricing:" in prompt-workbench.yml).`);
      if (options.batch) prices.add(`Batch prices: ${done.pricing.batchSource ?? done.pricing.source}, as of ${done.pricing.batchAsOf ?? done.pricing.asOf}.`);
      report.push({ prompt: promptPath(session, file), estimate: done.estimate });
      if (!options.json) io.out(formatEstimate(path.relative(io.cwd, file), done.estimate, { batch: options.batch }));
    }
  } finally {
    counting.close();
  }
  if (options.json) {
    const pricing = pricingWith(undefined);
    io.out(JSON.stringify({ pricing: { source: pricing.source, asOf: pricing.asOf, batchSource: pricing.batchSource, batchAsOf: pricing.batchAsOf }, estimates: report }, null, 2));
  } else if (report.length) io.out(`${[...prices].join('\n')}\n`);
  return badInput ? EXIT.badInput : EXIT.ok;
}

interface FileContext {
  options: CliOptions;
  io: Io;
  githubToken: ReturnType<typeof githubTokenOnce>;
  counting: Counting;
}

/** One prompt file's estimate, with its problems printed; no estimate when they stop it. */
async function estimateFile(
  file: string,
  session: WorkspaceSession,
  { options, io, githubToken, counting }: FileContext,
): Promise<{ estimate?: RunEstimate; badInput: boolean; pricing: PricingTable }> {
  const pricing = pricingWith(session.config.pricing);
  if (session.diagnostics.some((d) => d.severity === 'error')) return { badInput: true, pricing };
  // Streamed: a dataset of a million rows is counted as it is first read and checked, never held;
  // counted on a second thread while this one reads.
  let counted: CaseCounter | undefined;
  const countAsRead = (parsed: ParsedPrompt) => parsed.prompt && (counted = caseCounter({ prompt: parsed.prompt, models: options.models, providers: session.config.providers, counting })).add;
  const { prepared, badInput, blocked } = await prepareForRun(file, path.relative(io.cwd, file), session, options.models, io, countAsRead);
  if (blocked) return { badInput, pricing };
  const providers = createProviderResolver({ config: session.config, env: io.env, allowHosts: options.allowHosts, githubToken });
  const models = await estimatedModels(session, prepared, options.models ?? prepared.parsed.prompt?.models ?? []);
  const estimate = await estimatePrepared(session, prepared, { models: options.models, repeat: options.repeat, priceNotes: await priceNotes(models, providers, pricing), counted });
  return { estimate, badInput, pricing };
}

/** Counting on a worker thread, or here should it fail. */
function countingBeside(): Counting {
  return workerCounting(countWorkerScript(), countingHere(timeSlices()));
}

/** Models that run on GitHub Models are estimated at OpenAI's list price when they have one: say so. */
async function priceNotes(models: readonly string[], providers: ProviderResolver, pricing: PricingTable): Promise<Record<string, string>> {
  const notes: Record<string, string> = {};
  for (const model of models) {
    const note = (await providers.describe(model)).route.provider === 'github' ? githubPriceNote(model, pricing) : undefined;
    if (note) notes[model] = note;
  }
  return notes;
}

const BASIS: Record<string, string> = { history: 'past runs', maxTokens: 'maxTokens, a ceiling', assumed: 'assumed' };

export function formatEstimate(label: string, e: RunEstimate, options: { batch?: boolean } = {}): string {
  const header = ['model', 'tokenizer', 'input/case', 'output/case', 'requests', 'input', 'output', 'cost', 'cost/case', ...(options.batch ? ['batch cost'] : [])];
  const rows = e.models.map((m) => [
    m.model,
    `${m.encoding}${m.exact ? '' : ' ≈'}`,
    `${m.exact && !m.schemaTokens && !m.toolTokens && !m.imageTokensPerCase ? '' : '≈'}${int(m.inputTokensPerCase)}`,
    `${int(m.outputTokensPerCase)} (${BASIS[m.outputBasis]})`,
    int(m.requests),
    int(m.inputTokens),
    int(m.outputTokens),
    usd(m.costUsd),
    usd(m.costPerCase),
    ...(options.batch ? [usd(m.batchCostUsd)] : []),
  ]);
  rows.push(...judgeRows(e));
  const notes: string[] = [];
  if (e.templateOnly) notes.push('No test data: counted the template once, with its {{placeholders}} unfilled.');
  if (e.models.some((m) => !m.exact)) notes.push("≈ approximate: the model's tokenizer is unknown, so o200k_base stands in.");
  const schema = e.models.find((m) => m.schemaTokens)?.schemaTokens;
  if (schema) notes.push(`≈ includes ${int(schema)} tokens for the response_format JSON Schema, counted as text (OpenAI does not publish how it frames it).`);
  const tools = e.models.find((m) => m.toolTokens)?.toolTokens;
  if (tools)
    notes.push(
      `≈ includes ${int(tools)} tokens per request for the tool definitions, counted as JSON text (OpenAI does not publish how it frames them); a tool loop makes more requests than counted here.`,
    );
  if (e.models.some((m) => m.imageTokensPerCase)) notes.push(`≈ images counted by ${IMAGE_RULE}; https images and unreadable sizes as 1024×1024.`);
  if (e.costIncomplete) notes.push('n/a: no price known for that model; total excludes it.');
  if (options.batch)
    notes.push(
      `As a batch (eval --batch): ${usd(e.batchCostUsd, e.batchCostIncomplete)} instead of ${usd(e.costUsd, e.costIncomplete)} – the providers' batch APIs, answered within 24 hours${e.batchCostIncomplete ? '; n/a: no batch price known (or no batch API) for that model' : ''}.`,
    );
  for (const m of e.models) if (m.priceNote) notes.push(`${m.model} runs on GitHub Models: cost at ${m.priceNote}.`);
  notes.push(...judgeNotes(e));
  if (e.embedRequests) notes.push(`Plus ${int(e.embedRequests)} embedding requests (similar evaluators), not included above.`);
  for (const m of e.models) {
    if (m.contextWindow && m.maxInputTokens > m.contextWindow)
      notes.push(`${m.model}: the largest case needs ${int(m.maxInputTokens)} input tokens, over its ${int(m.contextWindow)}-token context window.`);
  }
  // The batch figure is the prompt's requests only: judges of a batch run may go live (--batch-judges).
  const batch = options.batch ? ` (prompt requests as a batch ${usd(e.batchCostUsd, e.batchCostIncomplete)})` : '';
  const title = `${label}  (${plural(e.cases, 'case')}${e.repeat > 1 ? ` × ${plural(e.repeat, 'repeat')}` : ''}): ${totalsText(e)}${batch}`;
  return `\n${title}\n${table([header, ...rows], (c) => c > 1)}\n${notes.map((n) => `  ${n}`).join('\n')}${notes.length ? '\n' : ''}`;
}
