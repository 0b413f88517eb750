// The models a comparison can run, gathered from the prompt file, the settings and past runs.

export interface ModelCandidate {
  model: string;
  /** Where it was found, shown next to it. */
  from: string;
}

/** Unique models in first-seen order, each with every place it was found. */
export function mergeCandidates(groups: ReadonlyArray<{ from: string; models: readonly string[] }>): ModelCandidate[] {
  const found = new Map<string, string[]>();
  for (const { from, models } of groups)
    for (const model of models)
      found.set(
        model,
        [...(found.get(model) ?? []), from].filter((v, i, a) => a.indexOf(v) === i),
      );
  return [...found].map(([model, from]) => ({ model, from: from.join(', ') }));
}

/** "provider/model" (a model id as prompts name them): what a typed id must look like to be offered. */
export function isModelId(text: string): boolean {
  return /^[A-Za-z0-9][\w.-]*\/[^\s/][^\s]*$/.test(text);
}

/**
 * The picker's list as the user types: a typed model id that is not a candidate comes first
 * ("typed"), and ids typed earlier and still selected stay listed.
 */
export function withTyped(candidates: readonly ModelCandidate[], typed: string, kept: readonly string[]): ModelCandidate[] {
  const known = new Set(candidates.map((c) => c.model));
  const extra = [...new Set([typed.trim(), ...kept])].filter((m) => isModelId(m) && !known.has(m));
  return [...extra.map((model) => ({ model, from: 'typed' })), ...candidates];
}
