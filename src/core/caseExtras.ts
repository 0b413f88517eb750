import type { ChatMessage } from './chat.js';
import { canaryOf } from './canary.js';
import { createEmbedder, type EmbedSettings } from './embed.js';
import type { EvalContext } from './evaluators/types.js';

// What a case's evaluators get beyond the output and the row: the canary token placed in its system
// prompt, embeddings, and – only when code evaluators are allowed – where their modules may be.
// One call in the runner, where it builds the evaluators' context.

/** Set on the run's settings when code evaluators may run (a trusted workspace, --allow-code). */
export interface CodePolicy {
  /** Modules outside it are refused unless allowOutsideWorkspace. */
  boundary: string;
  allowOutsideWorkspace?: boolean;
}

export interface ExtrasSettings extends EmbedSettings {
  code?: CodePolicy;
}

export type CaseExtras = Pick<EvalContext, 'canary' | 'embed' | 'code'>;

/** For one run of one prompt file: the extras of each of its cases. */
export function caseExtras(promptFile: string, settings: ExtrasSettings): (messages: readonly ChatMessage[], about: { caseId: string; repeat: number }) => CaseExtras {
  return (messages, about) => ({
    canary: canaryOf(messages),
    embed: createEmbedder(settings, about),
    ...(settings.code ? { code: { promptFile, ...settings.code } } : {}),
  });
}
