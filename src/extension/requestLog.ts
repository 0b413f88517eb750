import type { RequestLogEntry } from '../core/runner.js';

// The output channel's line per request: model, case, tokens, latency, outcome. Never a key: the
// entry carries none, and redact() scrubs error texts in case a server echoed one back.

export function requestLine(entry: RequestLogEntry): string {
  const outcome = entry.outcome === 'error' ? 'error' : entry.outcome === 'cache' ? 'cache hit' : 'ok';
  const tokens = entry.inputTokens !== undefined || entry.outputTokens !== undefined ? ` tokens ${entry.inputTokens ?? '-'} → ${entry.outputTokens ?? '-'}` : '';
  const attempts = entry.attempts > 1 ? ` after ${entry.attempts} attempts` : '';
  const error = entry.error ? ` — ${entry.error}` : '';
  return `${entry.model} ${entry.purpose} ${entry.caseId}#${entry.repeat + 1} ${outcome}${tokens} ${entry.latencyMs} ms${attempts}${error}`;
}

// Shapes of API keys that providers echo in error messages ("Incorrect API key provided: sk-…").
const KEY_SHAPES = /\b(sk-[A-Za-z0-9_*-]{6,}|ghp_[A-Za-z0-9]{10,}|github_pat_[A-Za-z0-9_]{10,}|AIza[0-9A-Za-z_-]{10,})/g;

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out.replace(KEY_SHAPES, '[redacted]');
}
