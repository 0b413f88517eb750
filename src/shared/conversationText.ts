import type { ChatMessage } from '../core/chat.js';
import type { CaseResult } from '../core/record/types.js';
import { trajectoryLines } from '../core/tools/trajectory.js';

// What a result's tool calls, its refusal, a truncated answer and a row's earlier turns look like
// as plain text: the hover, the results view and the comparisons show these lines (never markup).

/** The calls with their mocked results, then how the loop ended; empty when the case offered no tools. */
export function toolCallsText(result: Pick<CaseResult, 'trajectory'>, max = 400): string {
  return result.trajectory ? trajectoryLines(result.trajectory, max).join('\n') : '';
}

/** One line for a table cell: the names of the calls in order and how the loop ended. */
export function toolCallsPreview(result: Pick<CaseResult, 'trajectory'>): string {
  const t = result.trajectory;
  if (!t) return '';
  const names = t.turns.flatMap((turn) => turn.calls.map((c) => c.name));
  if (names.length === 0) return 'no calls';
  const ending = t.ended === 'answer' ? '' : t.ended === 'unmocked-call' ? ' (no mock)' : t.ended === 'max-turns' ? ' (maxTurns)' : ' (error)';
  return `${names.join(' → ')}${ending}`;
}

/** A row's earlier turns as a small transcript: `user: …` / `assistant: …`, one turn a line. */
export function transcriptText(turns: readonly ChatMessage[] | undefined, max = 300): string {
  return (turns ?? []).map((t) => `${t.role}: ${clipLine(t.content, max)}`).join('\n');
}

/** Notes on how the answer ended that its text does not show. */
export function answerNotes(result: Pick<CaseResult, 'finishReason' | 'refusal'>): string[] {
  const notes: string[] = [];
  if (result.finishReason === 'length') notes.push('Truncated: the answer hit maxTokens (finish_reason: length).');
  if (result.refusal) notes.push(`Refused (message.refusal): ${clipLine(result.refusal, 300)}`);
  return notes;
}

function clipLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A result in a comparison's details: its output, how it ended, its tool calls, then each verdict. */
export function resultText(result: CaseResult, output: string): string {
  const calls = toolCallsText(result);
  return [
    output || '(empty)',
    ...answerNotes(result).map((note) => `⚠ ${note}`),
    ...(calls ? ['', 'Tool calls:', calls] : []),
    '',
    ...result.evaluations.map((v) => `${v.passed ? '✓' : '✗'} ${v.name}: ${v.reason}`),
  ].join('\n');
}
