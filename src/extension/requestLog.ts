import type { RequestLogEntry } from '../core/runner.js';

// The output channel's line per request: model, case, tokens, latency, outcome. Never a key: the
// entry carries none, and the log scrubs every line with the core's redactSecrets in case a server
// echoed one back.

export function requestLine(entry: RequestLogEntry): string {
  const outcome = entry.outcome === 'error' ? 'error' : entry.outcome === 'cache' ? 'cache hit' : 'ok';
  const tokens = entry.inputTokens !== undefined || entry.outputTokens !== undefined ? ` tokens ${entry.inputTokens ?? '-'} → ${entry.outputTokens ?? '-'}` : '';
  const attempts = entry.attempts > 1 ? ` after ${entry.attempts} attempts` : '';
  const error = entry.error ? ` — ${entry.error}` : '';
  return `${entry.model} ${entry.purpose} ${entry.caseId}#${entry.repeat + 1} ${outcome}${tokens} ${entry.latencyMs} ms${attempts}${error}`;
}
