import * as vscode from 'vscode';
import type { ChatProvider, ChatReply, ChatRequest, SendOptions } from '../core/providers/types.js';
import { loadCore } from './core.js';
import { lmErrorInfo, toLmTurns } from './logic/lmMessages.js';
import { LM_PROVIDER, lmInnerId, lmModelId } from './logic/models.js';

// VS Code's own language models (Copilot and others) as the `vscode-lm` provider, so someone without
// an API key can still run evals. Token counts come from the model's countTokens.

const JUSTIFICATION = 'Prompt Workbench sends your eval cases to this model to check the prompt’s answers.';

export async function availableLmModels(): Promise<string[]> {
  if (!vscode.lm?.selectChatModels) return [];
  try {
    return (await vscode.lm.selectChatModels()).map((m) => lmModelId(m.id));
  } catch {
    return [];
  }
}

export async function lmModel(model: string): Promise<vscode.LanguageModelChat | undefined> {
  const id = lmInnerId(model);
  if (!id || !vscode.lm?.selectChatModels) return undefined;
  return (await vscode.lm.selectChatModels({ id }))[0];
}

export function createLmProvider(): ChatProvider {
  return { name: LM_PROVIDER, endpoint: `${LM_PROVIDER}:`, send };
}

async function send(request: ChatRequest, options: SendOptions): Promise<ChatReply> {
  const { RequestError } = await loadCore();
  const model = await lmModel(request.model);
  if (!model) throw new RequestError({ kind: 'config', message: `VS Code has no language model "${lmInnerId(request.model)}" (is its extension installed and signed in?)`, retryable: false });
  const messages = toLmTurns(request.messages).map((t) => (t.role === 'user' ? vscode.LanguageModelChatMessage.User(t.content) : vscode.LanguageModelChatMessage.Assistant(t.content)));
  const cancel = new vscode.CancellationTokenSource();
  const abort = () => cancel.cancel();
  options.signal?.addEventListener('abort', abort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    cancel.cancel();
  }, options.timeoutMs);
  try {
    const modelOptions: Record<string, unknown> = {};
    if (request.parameters.temperature !== undefined) modelOptions.temperature = request.parameters.temperature;
    if (request.parameters.maxTokens !== undefined) modelOptions.max_tokens = request.parameters.maxTokens;
    const response = await model.sendRequest(messages, { justification: JUSTIFICATION, modelOptions }, cancel.token);
    let output = '';
    for await (const part of response.text) output += part;
    const inputCounts = await Promise.all(messages.map((m) => model.countTokens(m, cancel.token)));
    return {
      output,
      usage: { inputTokens: inputCounts.reduce((a, b) => a + b, 0), outputTokens: await model.countTokens(output, cancel.token), cachedInputTokens: 0 },
      finishReason: 'stop',
    };
  } catch (error) {
    if (error instanceof RequestError) throw error;
    if (timedOut) throw new RequestError({ kind: 'timeout', message: 'the request timed out', retryable: true });
    const code = error instanceof vscode.LanguageModelError ? error.code : undefined;
    throw new RequestError(lmErrorInfo(code, error instanceof Error ? error.message : String(error), options.signal?.aborted === true || cancel.token.isCancellationRequested));
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', abort);
    cancel.dispose();
  }
}

/** Per-message token counts from the model itself, for the hover. */
export async function lmCountMessages(model: vscode.LanguageModelChat, messages: readonly { role: string; content: string }[]): Promise<number[]> {
  return Promise.all(messages.map((m) => model.countTokens(m.content)));
}
