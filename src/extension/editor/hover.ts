import * as vscode from 'vscode';
import type { Analysis } from '../analysis/analysis.js';
import { loadCore } from '../core.js';
import { lmCountMessages, lmModel } from '../models/lmProvider.js';
import { lmInnerId } from '../models/models.js';
import { tokenHoverMarkdown, type TokenHoverInput } from './tokenHover.js';
import { isPromptFile } from '../workspace/location.js';

// Hovering a prompt's messages (or its model) shows tokens per message for the model in use and
// the request's share of that model's context window, with the first case's values filled in.

export function registerTokenHover(analysis: Analysis): vscode.Disposable {
  return vscode.languages.registerHoverProvider(
    [
      { scheme: 'file', pattern: '**/*.prompt.{yml,yaml}' },
      // Prompt files recognised by their content (sample_prompt.yml).
      { scheme: 'file', language: 'yaml' },
    ],
    {
      async provideHover(doc, position, token) {
        if (!isPromptFile(doc.uri.fsPath)) return undefined;
        const a = await analysis.analyze(doc.uri.fsPath);
        const prompt = a.prepared.parsed.prompt;
        const model = a.models[0];
        if (!prompt || !model || token.isCancellationRequested) return undefined;
        const yaml = a.prepared.parsed.yaml;
        const messages = yaml.rangeOf(['messages']);
        const lastMessageLine = messages.end.column === 0 && messages.end.line > messages.start.line ? messages.end.line - 1 : messages.end.line;
        const onModel = yaml.keyRangeOf(['model']).start.line === position.line && prompt.model !== undefined;
        const messagesKeyLine = yaml.keyRangeOf(['messages']).start.line;
        if (!onModel && (position.line < messagesKeyLine || position.line > lastMessageLine)) return undefined;
        const core = await loadCore();
        const first = a.prepared.cases[0];
        const rendered = core.renderMessages(prompt, first?.vars ?? {});
        const filledWith = first ? `case "${first.label}"` : 'the template (no test data)';
        const counts = await countFor(analysis, a.file, model, rendered, a.session.config.providers?.[core.providerName(model)]?.tokenizer);
        const input: TokenHoverInput = {
          model,
          ...counts,
          messages: rendered.map((m, i) => ({ role: m.role, tokens: counts.perMessage[i] ?? 0 })),
          contextWindow: core.priceFor(model, core.pricingWith(a.session.config.pricing))?.contextWindow,
          filledWith,
        };
        return new vscode.Hover(new vscode.MarkdownString(tokenHoverMarkdown(input)));
      },
    },
  );
}

async function countFor(analysis: Analysis, file: string, model: string, messages: { role: 'system' | 'user' | 'assistant'; content: string }[], providerTokenizer?: 'o200k_base' | 'cl100k_base') {
  if (lmInnerId(model)) {
    const lm = await lmModel(model);
    if (lm) {
      const perMessage = await lmCountMessages(lm, messages);
      return { perMessage, total: perMessage.reduce((a, b) => a + b, 0), tokenizer: `${lm.name}’s own countTokens`, exact: true };
    }
  }
  // In the analysis worker: a long run of letters is one regex match, which the host's time slices
  // cannot split. On the host (in slices) only when the worker cannot.
  const counted = (await analysis.countInWorker({ file, model, messages, providerTokenizer })) ?? (await (await loadCore()).countChatFor(model, messages, providerTokenizer));
  return { perMessage: counted.perMessage, total: counted.total, tokenizer: counted.encoding, exact: counted.exact };
}
