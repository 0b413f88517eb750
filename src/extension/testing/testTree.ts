import type { Range } from '../../core/diagnostics.js';

// The Test Explorer tree as plain data: file → prompt → case. Ids carry the prompt file and the
// case id, so a run request maps back to "which cases of which prompt" without looking anything up.

export interface TestNode {
  id: string;
  label: string;
  /** Absolute path the item opens (a case in a dataset opens the dataset file). */
  file: string;
  range?: Range;
  description?: string;
  /** Shown on the item when the prompt cannot run. */
  error?: string;
  children: TestNode[];
}

/** A case as the tree needs it (an EvalCase is one). */
export interface TreeCase {
  id: string;
  label: string;
  source: { file: string; range: Range };
}

/**
 * Case nodes made before, by case: the analysis worker sends only the cases that changed
 * (checkRows.ts), so after an edit the other cases are the very objects of the last check, and
 * their nodes the very nodes last synced – which the sync passes over without comparing a field.
 */
export type CaseNodes = WeakMap<TreeCase, { prompt: string; located: boolean; node: TestNode }>;

export interface PromptTreeInput {
  file: string;
  /** Workspace-relative path, the file item's label. */
  relativePath: string;
  name?: string;
  models: readonly string[];
  promptRange: Range;
  cases: readonly TreeCase[];
  /** Blocking errors; the prompt item shows the first. */
  errors: readonly string[];
  /**
   * The cases shown before, kept while the prompt has errors: a half-typed line would otherwise
   * remove every case from the view and add them all back a keystroke later.
   */
  shownCases?: readonly TestNode[];
  /** Reused where the case and how it is shown are the same, and filled in. */
  caseNodes?: CaseNodes;
}

/**
 * Cases get a range (a gutter button at their row, "Go to Test") only up to this many in a prompt.
 * VS Code's Testing view decorates every item with a range in an open file and rebuilds all of
 * those decorations when the tree changes and whenever Alt is pressed: with 5,000 cases that took
 * ~0.2–0.6 s of the editor's UI thread after each typing pause. Beyond it, the "▶ Run case" lenses
 * near the screen run a row, and the item's description still says where the row is. Only a case
 * with a range has its failure's message placed at its row too (testExplorer.ts reportCase).
 */
export const CASE_RANGES_UP_TO = 500;

export type ParsedTestId = { kind: 'file' | 'prompt'; file: string } | { kind: 'case'; file: string; caseId: string };

export const testId = {
  file: (file: string) => `file:${file}`,
  prompt: (file: string) => `prompt:${file}`,
  case: (file: string, caseId: string) => `case:${file}#${caseId}`,
};

export function parseTestId(id: string): ParsedTestId | undefined {
  const colon = id.indexOf(':');
  if (colon < 0) return undefined;
  const kind = id.slice(0, colon);
  const rest = id.slice(colon + 1);
  if (kind === 'file' || kind === 'prompt') return { kind, file: rest };
  if (kind !== 'case') return undefined;
  // Case ids may contain '#' (deduplicated ids do); the file path is everything before the first '#'
  // that follows the path's extension.
  const at = rest.search(/\.prompt\.ya?ml#/i);
  if (at < 0) return undefined;
  const split = rest.indexOf('#', at);
  return { kind: 'case', file: rest.slice(0, split), caseId: rest.slice(split + 1) };
}

/** Whether two nodes show the same (their children aside). */
export function sameTestFields(a: TestNode, b: TestNode): boolean {
  return a.id === b.id && a.label === b.label && a.file === b.file && a.description === b.description && a.error === b.error && sameRange(a.range, b.range);
}

function sameRange(a: Range | undefined, b: Range | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.start.line === b.start.line && a.start.column === b.start.column && a.end.line === b.end.line && a.end.column === b.end.column;
}

export function promptTree(input: PromptTreeInput): TestNode {
  const located = input.cases.length <= CASE_RANGES_UP_TO;
  const caseNodes = input.cases.map((c) => {
    const made = input.caseNodes?.get(c);
    if (made && made.prompt === input.file && made.located === located) return made.node;
    const node = caseNode(c, input.file, located);
    input.caseNodes?.set(c, { prompt: input.file, located, node });
    return node;
  });
  const prompt: TestNode = {
    id: testId.prompt(input.file),
    label: input.name ?? baseName(input.file).replace(/\.prompt\.ya?ml$/i, ''),
    file: input.file,
    range: input.promptRange,
    description: input.models.join(', '),
    error: input.errors[0],
    children: input.errors.length ? [...(input.shownCases ?? [])] : caseNodes,
  };
  return { id: testId.file(input.file), label: input.relativePath, file: input.file, children: [prompt] };
}

function caseNode(c: TreeCase, prompt: string, located: boolean): TestNode {
  const { file, range } = c.source;
  return {
    id: testId.case(prompt, c.id),
    label: c.label,
    file,
    range: located ? range : undefined,
    description: file !== prompt ? `${baseName(file)}:${range.start.line + 1}` : located ? undefined : `line ${range.start.line + 1}`,
    children: [],
  };
}

/**
 * Which cases of which prompt file a run request covers: `undefined` means every case. Excluded
 * items win over included ones, as in VS Code's own runners.
 */
export function planRun(include: readonly string[], exclude: readonly string[], casesOf: (file: string) => readonly string[]): Map<string, string[] | undefined> {
  const plan = new Map<string, Set<string> | 'all'>();
  for (const id of include) {
    const parsed = parseTestId(id);
    if (!parsed) continue;
    if (parsed.kind !== 'case') {
      plan.set(parsed.file, 'all');
      continue;
    }
    const current = plan.get(parsed.file);
    if (current === 'all') continue;
    plan.set(parsed.file, new Set([...(current ?? []), parsed.caseId]));
  }
  for (const id of exclude) {
    const parsed = parseTestId(id);
    if (!parsed || !plan.has(parsed.file)) continue;
    if (parsed.kind !== 'case') {
      plan.delete(parsed.file);
      continue;
    }
    const current = plan.get(parsed.file)!;
    const remaining = new Set(current === 'all' ? casesOf(parsed.file) : current);
    remaining.delete(parsed.caseId);
    plan.set(parsed.file, remaining);
  }
  const out = new Map<string, string[] | undefined>();
  for (const [file, cases] of plan) {
    if (cases === 'all') out.set(file, undefined);
    else if (cases.size) out.set(file, [...cases]);
  }
  return out;
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}
