import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createSessions, findBoundary, parsePromptFile } from '../../core/index.js';
import type { CliOptions } from '../args.js';
import { expandTargets, flagOverrides } from '../workspace.js';

// What `eval --watch` watches: every prompt file the targets name, the datasets each one reads and
// the prompt-workbench.yml that applies to it – and which prompt files a change to each affects.

export interface Dependencies {
  /** Absolute prompt files the targets name now. */
  prompts: Set<string>;
  /** Absolute file → the prompt files that read it (a prompt file reads itself). */
  readers: Map<string, Set<string>>;
  /** Folders to watch: those of every file above, and the folder targets (new prompt files). */
  folders: Set<string>;
}

export async function findDependencies(options: CliOptions, cwd: string): Promise<Dependencies> {
  const boundary = options.workspace ? path.resolve(cwd, options.workspace) : findBoundary(cwd);
  const sessions = createSessions({ boundaryOf: () => boundary, overridesFor: () => [flagOverrides(options, cwd)] });
  const { files } = await expandTargets(options.targets, cwd);
  const deps: Dependencies = { prompts: new Set(files.map((f) => path.resolve(f))), readers: new Map(), folders: new Set() };
  const add = (file: string, prompt: string) => {
    const abs = path.resolve(file);
    const set = deps.readers.get(abs) ?? new Set<string>();
    set.add(prompt);
    deps.readers.set(abs, set);
    deps.folders.add(path.dirname(abs));
  };
  for (const prompt of deps.prompts) {
    add(prompt, prompt);
    const session = await sessions.forFile(prompt);
    if (session.configFile) add(session.configFile, prompt);
    for (const dataset of await datasetsOf(prompt)) add(dataset, prompt);
  }
  for (const target of options.targets) {
    const abs = path.resolve(cwd, target);
    if (existsSync(abs) && statSync(abs).isDirectory()) deps.folders.add(abs);
  }
  return deps;
}

/** The dataset files a prompt names, as written – also those that do not exist yet. */
async function datasetsOf(prompt: string): Promise<string[]> {
  try {
    const parsed = parsePromptFile(await readFile(prompt, 'utf8'), prompt);
    return (parsed.prompt?.datasets ?? []).map((ref) => path.resolve(path.dirname(prompt), ref));
  } catch {
    return [];
  }
}

/** The prompt files a batch of changed files affects: their readers, and prompt files new since the last look. */
export function affectedPrompts(changed: readonly string[], before: Dependencies, now: Dependencies): string[] {
  const affected = new Set<string>();
  for (const file of changed) for (const prompt of before.readers.get(path.resolve(file)) ?? []) affected.add(prompt);
  for (const prompt of now.prompts) if (!before.prompts.has(prompt)) affected.add(prompt);
  return [...affected].filter((p) => now.prompts.has(p)).sort();
}
