import * as vscode from 'vscode';
import type { ChatMessage, ChatProvider, ChatReply, ChatRequest, SendOptions } from '../../core/providers/types.js';
import type { ConversationCounter } from '../../core/tokens/estimate.js';
import { loadCore } from '../core.js';
import { lmErrorInfo, toLmTurns, type LmTurn } from './lmMessages.js';
import { LM_PROVIDER, lmInnerId, lmModelId } from './models.js';

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
  return { name: LM_PROVIDER, endpoint: `${LM_PROVIDER}:`, send, noBatch: "VS Code's language models have no batch API" };
}

async function send(request: ChatRequest, options: SendOptions): Promise<ChatReply> {
  const { RequestError } = await loadCore();
  const model = await lmModel(request.model);
  if (!model) throw new RequestError({ kind: 'config', message: `VS Code has no language model "${lmInnerId(request.model)}" (is its extension installed and signed in?)`, retryable: false });
  const messages = toLmTurns(request.messages).map(toLmMessage);
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

function toLmMessage(turn: LmTurn): vscode.LanguageModelChatMessage {
  return turn.role === 'user' ? vscode.LanguageModelChatMessage.User(turn.content) : vscode.LanguageModelChatMessage.Assistant(turn.content);
}

// Counts per model and turn text, kept across estimates so re-estimating after an edit asks the
// model only about the turns that changed.
const turnCounts = new Map<string, Map<string, Promise<number>>>();
const MAX_REMEMBERED_TURNS = 5000;

/**
 * Estimates for `vscode-lm/…` models count the conversation as `send` sends it – system text folded
 * into the next user turn – with the model's own countTokens, so they match the run's usage.
 */
export async function lmConversationCounter(model: string): Promise<ConversationCounter | undefined> {
  const lm = await lmModel(model);
  if (!lm) return undefined;
  let seen = turnCounts.get(lm.id);
  if (!seen) turnCounts.set(lm.id, (seen = new Map()));
  const memo = seen;
  const count = (turn: LmTurn): Promise<number> => {
    const key = `${turn.role}\u0000${turn.content}`;
    let n = memo.get(key);
    if (!n) {
      if (memo.size >= MAX_REMEMBERED_TURNS) memo.clear();
      n = Promise.resolve(lm.countTokens(toLmMessage(turn)));
      n.catch(() => memo.delete(key));
      memo.set(key, n);
    }
    return n;
  };
  return async (messages: readonly ChatMessage[]) => (await Promise.all(toLmTurns(messages).map(count))).reduce((a, b) => a + b, 0);
}

/** The counters for the `vscode-lm/…` models among `models`. */
export async function lmCounters(models: readonly string[]): Promise<Record<string, ConversationCounter>> {
  const counters: Record<string, ConversationCounter> = {};
  for (const model of models.filter((m) => m.startsWith(`${LM_PROVIDER}/`))) {
    const counter = await lmConversationCounter(model);
    if (counter) counters[model] = counter;
  }
  return counters;
}

/** Per-message token counts from the model itself, for the hover. */
export async function lmCountMessages(model: vscode.LanguageModelChat, messages: readonly { role: string; content: string }[]): Promise<number[]> {
  return Promise.all(messages.map((m) => model.countTokens(m.content)));
}
