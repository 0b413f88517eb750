import { APIError } from 'openai';
import { RequestError } from './types.js';

// What GitHub Models' errors mean for the user. A 429 names the rate-limit headers GitHub sent
// (which limit tripped, what is left, when it resets); a 401/403 says how to get a token that may
// use GitHub Models.

/** GitHub Models' rate-limit headers, in the order they are quoted. */
export const GITHUB_RATE_LIMIT_HEADERS = [
  'x-ratelimit-type',
  'x-ratelimit-remaining-requests',
  'x-ratelimit-remaining-tokens',
  'x-ratelimit-reset-requests',
  'x-ratelimit-reset-tokens',
  'x-ratelimit-timeremaining',
] as const;

export const GITHUB_PERMISSION_HINT =
  'in GitHub Actions give the job "permissions: models: read"; with a fine-grained personal access token grant it "Models: read"; with the gh CLI run "gh auth refresh"';

function headersOf(cause: unknown): Headers | undefined {
  return cause instanceof APIError ? cause.headers : undefined;
}

/** `x-ratelimit-type: UserByMinute, x-ratelimit-remaining-requests: 0, …` – the headers present. */
export function rateLimitSummary(headers: Headers | undefined): string {
  if (!headers) return '';
  return GITHUB_RATE_LIMIT_HEADERS.flatMap((name) => {
    const value = headers.get(name);
    return value === null ? [] : [`${name}: ${value}`];
  }).join(', ');
}

/** Seconds until the limit resets, when GitHub sent no Retry-After (a daily limit can say hours; retry.ts gives up on those). */
function timeRemainingMs(headers: Headers | undefined): number | undefined {
  const seconds = Number(headers?.get('x-ratelimit-timeremaining') ?? NaN);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

export function explainGithubError(error: RequestError, cause: unknown, context: { keySource?: string; org?: string }): RequestError {
  const status = error.info.status;
  const detail = error.message.replace(/^\d{3} (rate limited|not authorised – check the API key): /, '');
  if (status === 429) {
    const headers = headersOf(cause);
    const summary = rateLimitSummary(headers);
    const message = `429 rate limited by GitHub Models${summary ? ` (${summary})` : ''}: ${detail}`;
    return new RequestError({ ...error.info, message, retryAfterMs: error.info.retryAfterMs ?? timeRemainingMs(headers) });
  }
  if (status === 401 || status === 403) {
    const token = context.keySource ? `the GitHub token from ${context.keySource}` : 'the GitHub token';
    const org = context.org ? `; billing to "${context.org}" also needs GitHub Models enabled for that organisation and you a member of it` : '';
    return new RequestError({ ...error.info, message: `${status} GitHub Models refused ${token}: ${detail} – ${GITHUB_PERMISSION_HINT}${org}` });
  }
  return error;
}
