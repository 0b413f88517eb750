import type { RequestMessage, ToolCall, Usage } from '../chat.js';
import type { ChatReply, ChatRequest } from '../providers/types.js';
import type { Trajectory, TrajectoryEnd, TrajectoryTurn } from './trajectory.js';

// A case with tools is a conversation: when the model calls tools that have mocks, the calls and
// the mocked results go back to it and it is asked again, until it answers without calling, calls a
// tool without a mock (the case ends on that call), or has made `maxTurns` requests.

/** One model request's answer, as the runner's `ask` returns it. */
export interface TurnAnswer extends ChatReply {
  attempts: number;
  latencyMs: number;
  cacheHit: boolean;
}

export interface LoopSettings {
  maxTurns: number;
  /** The mocked result for a call, or undefined when the tool has none. */
  mock(call: ToolCall): string | undefined;
}

export interface Conversation {
  /** Every answer, in order (the last is the case's output); empty when the first request failed. */
  answers: TurnAnswer[];
  /** Set when the request offered tools or the model called some. */
  trajectory?: Trajectory;
  /** What stopped the conversation early: the request that failed (its answers so far are kept). */
  error?: unknown;
}

export async function converse(request: ChatRequest, loop: LoopSettings, ask: (request: ChatRequest) => Promise<TurnAnswer>): Promise<Conversation> {
  const answers: TurnAnswer[] = [];
  const turns: TrajectoryTurn[] = [];
  const messages: RequestMessage[] = [...request.messages];
  const done = (ended: TrajectoryEnd, error?: unknown): Conversation => ({
    answers,
    ...(request.tools?.length || turns.length ? { trajectory: { turns, requests: answers.length, ended } } : {}),
    ...(error !== undefined ? { error } : {}),
  });
  for (;;) {
    let answer: TurnAnswer;
    try {
      answer = await ask(answers.length ? followUp(request, messages) : request);
    } catch (error) {
      return done('error', error);
    }
    answers.push(answer);
    const calls = withIds(answer.toolCalls ?? [], answers.length);
    if (calls.length === 0) return done('answer');
    const turn: TrajectoryTurn = { ...(answer.output ? { content: answer.output } : {}), calls: calls.map((call) => withResult(call, loop.mock(call))) };
    turns.push(turn);
    if (turn.calls.some((c) => c.result === undefined)) return done('unmocked-call');
    if (answers.length >= loop.maxTurns) return done('max-turns');
    messages.push({ role: 'assistant', content: answer.output, toolCalls: calls }, ...turn.calls.map((c) => ({ role: 'tool' as const, toolCallId: c.id, content: c.result! })));
  }
}

/**
 * A later request of the loop: the conversation so far, and a toolChoice that forced a call
 * (`required`, or one function) relaxed to `auto` – kept, it would force a call every turn and the
 * loop could only end at maxTurns (the OpenAI Agents SDK resets it the same way).
 */
function followUp(request: ChatRequest, messages: readonly RequestMessage[]): ChatRequest {
  const forced = request.toolChoice !== undefined && request.toolChoice !== 'auto' && request.toolChoice !== 'none';
  return { ...request, messages: [...messages], ...(forced ? { toolChoice: 'auto' as const } : {}) };
}

function withResult(call: ToolCall, result: string | undefined) {
  return result === undefined ? { ...call } : { ...call, result };
}

/** Some compatible servers leave out call ids; the tool messages need one to answer each call. */
function withIds(calls: readonly ToolCall[], turn: number): ToolCall[] {
  return calls.map((call, i) => (call.id ? call : { ...call, id: `call_${turn}_${i + 1}` }));
}

/** What a case's requests add up to: tokens, time, attempts; a cache hit only when every request was one. */
export function conversationTotals(answers: readonly TurnAnswer[]): { usage?: Usage; latencyMs: number; attempts: number; cacheHit: boolean } {
  const withUsage = answers.filter((a) => a.usage);
  const usage = withUsage.length
    ? withUsage.reduce<Usage>(
        (sum, a) => ({
          inputTokens: sum.inputTokens + a.usage!.inputTokens,
          outputTokens: sum.outputTokens + a.usage!.outputTokens,
          cachedInputTokens: sum.cachedInputTokens + a.usage!.cachedInputTokens,
        }),
        { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 },
      )
    : undefined;
  return {
    ...(usage ? { usage } : {}),
    latencyMs: answers.reduce((sum, a) => sum + a.latencyMs, 0),
    attempts: answers.reduce((sum, a) => sum + a.attempts, 0),
    cacheHit: answers.length > 0 && answers.every((a) => a.cacheHit),
  };
}
