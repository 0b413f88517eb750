import type { CaseResult } from '../../core/record/types.js';
import type { ChatMessage } from '../../core/chat.js';
import { answerNotes, toolCallsText, transcriptText } from '../../shared/conversationText.js';
import type { CaseOutcome } from '../run/caseOutcome.js';
import { decorationText } from './decorationText.js';
import { duration, int, usd } from '../format.js';
import { clip, escapeMarkdown, fenced } from './markdown.js';

// The hover on a row's result: the row's earlier turns, then each model's (and repeat's) output, a
// truncated or refused answer, its tool calls, the evaluators that failed and why, tokens, latency
// and cost. Everything from a model or a row is escaped or fenced as text.

export interface ResultHoverInput {
  label: string;
  outcome: CaseOutcome;
  /** The prompt changed since this run, so the result may not reflect the current text. */
  stale?: boolean;
  /** When the run was, for the header (ISO time). */
  runStartedAt?: string;
  /** The row's `_messages`, shown as a small transcript. */
  turns?: readonly ChatMessage[];
  /** The row's `_images`, as written. */
  images?: readonly string[];
}

const MAX_OUTPUT = 1500;

export function resultHoverMarkdown(input: ResultHoverInput): string {
  const { outcome } = input;
  const lines = [`**${escapeMarkdown(input.label)}** — ${escapeMarkdown(decorationText(outcome))}`];
  if (input.stale) lines.push('', '_The prompt changed since this run; run it again for current results._');
  if (input.runStartedAt) lines.push('', `_Run started ${escapeMarkdown(input.runStartedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'))}_`);
  const transcript = transcriptText(input.turns, 200);
  if (transcript) lines.push('', 'Earlier turns:', '', fenced(transcript, 'text'));
  if (input.images?.length) lines.push('', `Images: ${input.images.map((ref) => `\`${ref.replace(/`/g, "'")}\``).join(', ')}`);
  const repeated = outcome.results.some((r) => r.repeat > 0);
  for (const r of outcome.results) lines.push('', '---', '', ...resultSection(r, repeated));
  return lines.join('\n');
}

function resultSection(r: CaseResult, repeated: boolean): string[] {
  const icon = r.status === 'passed' ? '✓' : r.status === 'failed' ? '✗' : r.status === 'errored' ? '!' : '○';
  const facts = [r.status, r.status === 'cancelled' ? '' : duration(r.latencyMs)];
  if (r.usage) facts.push(`${int(r.usage.inputTokens)} → ${int(r.usage.outputTokens)} tokens`);
  if (r.costUsd !== null && r.status !== 'cancelled') facts.push(usd(r.costUsd));
  if (r.cacheHit) facts.push('cached');
  if (r.ttftMs !== undefined) facts.push(`${duration(r.ttftMs)} to first token`);
  const title = `${icon} **${escapeMarkdown(r.model)}**${repeated ? ` #${r.repeat + 1}` : ''} · ${escapeMarkdown(facts.filter(Boolean).join(' · '))}`;
  const out = [title];
  if (r.error) out.push('', `Error (${escapeMarkdown(r.error.kind)}): ${escapeMarkdown(r.error.message)}`);
  if (r.output !== undefined) out.push('', fenced(clip(r.output, MAX_OUTPUT), 'text'));
  for (const note of answerNotes(r)) out.push('', `⚠ ${escapeMarkdown(note)}`);
  const calls = toolCallsText(r, 200);
  if (calls) out.push('', 'Tool calls:', '', fenced(clip(calls, MAX_OUTPUT), 'text'));
  for (const v of r.evaluations) {
    out.push(`- ${v.passed ? '✓' : '✗'} ${escapeMarkdown(v.name)}: ${escapeMarkdown(v.reason)}`);
    for (const problem of v.passed ? [] : (v.schemaErrors ?? []).slice(0, 5)) out.push(`  - \`${problem.path.replace(/`/g, "'")}\` ${escapeMarkdown(problem.message)}`);
  }
  return out;
}
