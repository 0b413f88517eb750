// Error messages from providers end up in run records, CLI output and logs. Some quote the key
// (OpenAI's 401 says "Incorrect API key provided: sk-proj-…abcd"), so messages are scrubbed of
// the known key and of anything key-shaped before they leave the provider.

// The one redaction rule: run records, CLI output, the editor's log and notifications all use it.
const KEY_SHAPED = /\b(sk|rk|pk)-[A-Za-z0-9_*.\-…]{5,}[A-Za-z0-9_*…]|\bgh[pousr]_[A-Za-z0-9]{10,}|\bgithub_pat_[A-Za-z0-9_]{10,}|\bAIza[0-9A-Za-z_-]{10,}|\bBearer\s+[A-Za-z0-9._~+/=\-]{8,}/g;

export function redactSecrets(text: string, known: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of known) {
    if (secret && secret.length >= 8) out = out.split(secret).join('[redacted]');
  }
  return out.replace(KEY_SHAPED, '[redacted]');
}
