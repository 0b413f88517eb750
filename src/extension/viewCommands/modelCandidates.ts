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
