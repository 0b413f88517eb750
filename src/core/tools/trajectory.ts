import type { ToolCall } from '../chat.js';

// What a case's tool loop did, as the run record keeps it: each model turn that called tools, its
// calls with their arguments, and the mocked result sent back for each; then how the loop ended.

export interface ToolCallStep extends ToolCall {
  /** The mocked result sent back to the model; absent when the tool had no mock (the case ended on this call). */
  result?: string;
}

export interface TrajectoryTurn {
  /** What the assistant said alongside its calls, when it said anything. */
  content?: string;
  calls: ToolCallStep[];
}

/**
 * `answer`: the model gave a final message; `unmocked-call`: it called a tool that has no mock, and
 * the case ended with that call; `max-turns`: it was still calling tools after `workbench.maxTurns` requests;
 * `error`: a request failed (the case is errored; the turns before it are kept).
 */
export type TrajectoryEnd = 'answer' | 'unmocked-call' | 'max-turns' | 'error';

export interface Trajectory {
  /** The turns that called tools, in order (the final answer is the result's output). */
  turns: TrajectoryTurn[];
  /** Model requests the case made. */
  requests: number;
  ended: TrajectoryEnd;
}

/** Every call of a trajectory, in the order the model made them. */
export function callsOf(trajectory: Trajectory | undefined): ToolCallStep[] {
  return trajectory ? trajectory.turns.flatMap((t) => t.calls) : [];
}

/** `get_weather({"city":"Paris"})` – a call as one line of text, for reasons, the CLI and views. */
export function describeCall(call: Pick<ToolCall, 'name' | 'arguments'>, max = 120): string {
  return `${call.name}(${clip(call.arguments, max)})`;
}

/**
 * The case's output when the loop ended on calls (a tool without a mock, or maxTurns reached) and
 * the model wrote no text alongside: those calls, one per line, so the output is never silently empty.
 */
export function outputOf(text: string, trajectory: Trajectory | undefined): string {
  if (text || !trajectory || (trajectory.ended !== 'unmocked-call' && trajectory.ended !== 'max-turns')) return text;
  const last = trajectory.turns.at(-1);
  return last ? last.calls.map((c) => describeCall(c, Infinity)).join('\n') : text;
}

const ENDINGS: Record<TrajectoryEnd, string> = {
  answer: 'then answered',
  'unmocked-call': 'ended on a call with no mock',
  'max-turns': 'stopped at workbench.maxTurns',
  error: 'a request failed',
};

/** The trajectory as short text lines: each call with its mocked result, then how it ended (CLI, hovers, views). */
export function trajectoryLines(trajectory: Trajectory, max = 80): string[] {
  const calls = trajectory.turns.flatMap((turn) => turn.calls.map((c) => `${describeCall(c, max)} → ${c.result === undefined ? '(no mock)' : clip(c.result, max)}`));
  const requests = `${trajectory.requests} request${trajectory.requests === 1 ? '' : 's'}`;
  return [...calls, calls.length ? `${ENDINGS[trajectory.ended]} (${requests})` : `no tool calls (${requests})`];
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
