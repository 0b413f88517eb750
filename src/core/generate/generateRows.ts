import type { ChatMessage } from '../chat.js';
import { sendWithRetry } from '../providers/retry.js';
import type { ChatProvider } from '../providers/types.js';
import { rowKey } from '../importLog/importRows.js';

// New dataset rows written by a model: it is shown the prompt's messages and variables (and a few
// existing rows as examples) and asked for N varied rows, edge cases included, as JSON. A row
// counts only when it fills every variable with text and adds nothing else (`expected` apart);
// rows it repeats – of each other or of the dataset – are left out. Ids are the caller's.

export interface GenerateRequest {
  model: string;
  messages: readonly ChatMessage[];
  variables: readonly string[];
  count: number;
  /** Rows already in the dataset, shown as examples (the first few). */
  examples?: readonly Record<string, unknown>[];
  /** Keys of rows already there (rowKey): not taken again. */
  existing?: ReadonlySet<string>;
  timeoutMs?: number;
  maxRetries?: number;
  signal?: AbortSignal;
}

export interface GeneratedRows {
  rows: Record<string, string>[];
  /** Why each row the model wrote was left out. */
  rejected: string[];
}

const EXAMPLES = 3;

export function generationMessages(request: Pick<GenerateRequest, 'messages' | 'variables' | 'count' | 'examples'>): ChatMessage[] {
  const template = request.messages.map((m) => `[${m.role}]\n${m.content}`).join('\n\n');
  const examples = (request.examples ?? []).slice(0, EXAMPLES).map((row) => JSON.stringify(row));
  const system = [
    "You write test data for evaluating a prompt. Each row fills the prompt's {{variables}} with realistic values.",
    `Reply with JSON only: {"rows": [ … ]}, each row an object whose keys are exactly ${request.variables.map((v) => JSON.stringify(v)).join(', ')}${request.variables.includes('expected') ? '' : ' (optionally "expected": the ideal answer)'}, every value a string.`,
    'Make the rows differ from each other: typical cases, hard ones and edge cases (empty-looking, very long, unusual language or format, adversarial input).',
  ].join('\n');
  const user = [`The prompt:\n\n${template}`, examples.length ? `Rows it already has:\n${examples.join('\n')}` : '', `Write ${request.count} new rows.`].filter(Boolean).join('\n\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}

/** The rows of a reply that fill exactly the variables (and maybe `expected`) with text. */
export function validateRows(output: string, variables: readonly string[], existing: ReadonlySet<string>): GeneratedRows {
  const parsed = parseReply(output);
  if (!parsed.ok) return { rows: [], rejected: [parsed.reason] };
  const rows: Record<string, string>[] = [];
  const rejected: string[] = [];
  const seen = new Set(existing);
  for (const [i, row] of parsed.rows.entries()) {
    const name = `row ${i + 1}`;
    if (!row || typeof row !== 'object' || Array.isArray(row)) {
      rejected.push(`${name} is not an object`);
      continue;
    }
    const value = row as Record<string, unknown>;
    const missing = variables.filter((v) => typeof value[v] !== 'string');
    const extra = Object.keys(value).filter((k) => !variables.includes(k) && k !== 'expected');
    if (missing.length) rejected.push(`${name} does not fill ${missing.map((v) => `{{${v}}}`).join(', ')} with text`);
    else if (extra.length) rejected.push(`${name} has keys the prompt does not use: ${extra.join(', ')}`);
    else if (value.expected !== undefined && typeof value.expected !== 'string') rejected.push(`${name} has an "expected" that is not text`);
    if (missing.length || extra.length || (value.expected !== undefined && typeof value.expected !== 'string')) continue;
    const clean = Object.fromEntries([...variables, 'expected'].filter((k) => typeof value[k] === 'string').map((k) => [k, value[k] as string]));
    const key = rowKey(clean);
    if (seen.has(key)) {
      rejected.push(`${name} repeats a row`);
      continue;
    }
    seen.add(key);
    rows.push(clean);
  }
  return { rows, rejected };
}

function parseReply(output: string): { ok: true; rows: unknown[] } | { ok: false; reason: string } {
  const text = output.trim().replace(/^```(?:json)?\s*|\s*```$/g, '');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `the model's reply is not JSON: ${(error as Error).message}` };
  }
  const rows = Array.isArray(value) ? value : (value as { rows?: unknown } | null)?.rows;
  return Array.isArray(rows) ? { ok: true, rows } : { ok: false, reason: 'the model\'s reply has no "rows" list' };
}

export async function generateRows(provider: ChatProvider, request: GenerateRequest): Promise<GeneratedRows> {
  const reply = await sendWithRetry(
    provider,
    { model: request.model, messages: generationMessages(request), parameters: { temperature: 1 }, responseFormat: 'json_object' },
    { maxRetries: request.maxRetries ?? 4, timeoutMs: request.timeoutMs ?? 120_000, signal: request.signal },
  );
  const result = validateRows(reply.output, request.variables, request.existing ?? new Set());
  if (result.rows.length > request.count) result.rows = result.rows.slice(0, request.count);
  return result;
}
