import { int, percent, shortModel } from '../format.js';
import { escapeMarkdown } from './markdown.js';

// The hover on a prompt's messages: tokens per message for the model in use, and how much of the
// model's context window one request takes.

export interface TokenHoverInput {
  model: string;
  /** "o200k_base", or "the model's own countTokens" for VS Code language models. */
  tokenizer: string;
  exact: boolean;
  messages: readonly { role: string; tokens: number }[];
  total: number;
  contextWindow?: number;
  /** What the messages were filled with, e.g. 'case "france"' or 'the template (no test data)'. */
  filledWith: string;
}

export function tokenHoverMarkdown(input: TokenHoverInput): string {
  const approx = input.exact ? '' : '≈';
  const rows = input.messages.map((m, i) => `| ${i} | ${escapeMarkdown(m.role)} | ${approx}${int(m.tokens)} |`);
  const lines = [
    `**Tokens per message** · ${escapeMarkdown(shortModel(input.model))} (${escapeMarkdown(input.tokenizer)}${input.exact ? '' : ', approximate'})`,
    '',
    '| # | role | tokens |',
    '|---:|:---|---:|',
    ...rows,
    '',
    `Per request: ${approx}${int(input.total)} input tokens, filled with ${escapeMarkdown(input.filledWith)}.`,
  ];
  if (input.contextWindow) {
    lines.push(`That is ${percent(input.total / input.contextWindow)} of the ${int(input.contextWindow)}-token context window.`);
  }
  return lines.join('\n');
}
