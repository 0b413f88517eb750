import type { CaseResult } from '../core/record/types.js';

// How a model's output is shown: JSON pretty-printed when it parsed, the raw text otherwise.
// Always plain text – whoever displays it must treat it as text, never as markup.

export function outputText(result: Pick<CaseResult, 'output' | 'json' | 'error'>): string {
  if (result.json !== undefined && result.json !== null && typeof result.json === 'object') {
    return JSON.stringify(result.json, null, 2);
  }
  return result.output ?? '';
}

/** The output on one line for a table cell: whitespace runs collapsed, cut at `max` characters. */
export function outputPreview(result: Pick<CaseResult, 'output' | 'json' | 'error'>, max = 300): string {
  const raw = result.json !== undefined && result.json !== null && typeof result.json === 'object' ? JSON.stringify(result.json) : (result.output ?? '');
  const line = raw.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** A case's variables as `name=value` pairs on one line (strings unquoted). */
export function varsText(vars: Readonly<Record<string, unknown>> | undefined): string {
  if (!vars) return '';
  return Object.entries(vars)
    .map(([name, value]) => `${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('; ');
}

export function errorText(result: Pick<CaseResult, 'error'>): string {
  return result.error ? `${result.error.kind}${result.error.status ? ` ${result.error.status}` : ''}: ${result.error.message}` : '';
}
