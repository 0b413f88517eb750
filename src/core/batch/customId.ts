import { createHash } from 'node:crypto';
import type { ChatMessage } from '../chat.js';

// A batch line's `custom_id`: the provider answers lines in any order, and this is how an answer
// finds its case again. Stable for a case, model and repeat (the case's place in the record, and a
// hash that checks it is the same case), so a resume – another process, another machine – maps the
// same answers to the same results.

function digest(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
}

/** `c<case index>-r<repeat>-<hash of case id, model, repeat>`. */
export function taskCustomId(caseIndex: number, caseId: string, model: string, repeat: number): string {
  return `c${caseIndex}-r${repeat}-${digest(caseId, model, String(repeat))}`;
}

/** A judge call of a task: the task's id and a hash of the judge request, so calls match however they are ordered. */
export function judgeCustomId(taskId: string, judge: { model: string; messages: readonly ChatMessage[] }): string {
  return `${taskId}-j${digest(judge.model, JSON.stringify(judge.messages))}`;
}
