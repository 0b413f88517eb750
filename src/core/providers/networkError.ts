// "connection failed: fetch failed" after five attempts tells nobody what to do. A request that
// never got an HTTP answer is described by where it went (host and port – never a key or a
// path), why (the system's error code), and what to check.

interface Cause {
  code?: string;
  message: string;
}

/** The error codes along an error's `cause` chain (fetch wraps the socket error once or twice). */
export function causeChain(error: unknown, depth = 6): Cause[] {
  const out: Cause[] = [];
  let current = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined;
  for (let i = 0; i < depth && current && typeof current === 'object'; i++) {
    out.push({ code: typeof current.code === 'string' ? current.code : undefined, message: typeof current.message === 'string' ? current.message : '' });
    current = current.cause as typeof current;
  }
  return out;
}

/** host:port of an endpoint, without credentials or path. */
export function endpointHost(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    return url.port ? `${url.hostname}:${url.port}` : url.hostname;
  } catch {
    return 'the endpoint';
  }
}

function isLoopback(host: string): boolean {
  return /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(host);
}

/** Where this provider's base URL is set, to say what to check. */
export function baseUrlSetting(provider: string): string {
  if (provider === 'openai') return 'OPENAI_BASE_URL (or providers.openai.baseURL in prompt-workbench.yml)';
  if (provider === 'github') return 'GITHUB_MODELS_BASE_URL (or providers.github.baseURL in prompt-workbench.yml)';
  return `providers.${provider}.baseURL in prompt-workbench.yml`;
}

const TLS = /^(CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|ERR_TLS|ERR_SSL|EPROTO$)/;

/** A sentence for a request that got no HTTP answer. */
export function describeNetworkError(error: unknown, endpoint: string, provider: string): string {
  const host = endpointHost(endpoint);
  const causes = causeChain(error);
  const code = causes.map((c) => c.code).find((c): c is string => !!c && c !== 'ERR_INVALID_ARG_TYPE');
  const setting = baseUrlSetting(provider);
  const local = isLoopback(host);
  if (code === 'ECONNREFUSED') {
    const hint = local ? `start the server that should listen there (for the examples: npm run local-server), or check ${setting}` : `check ${setting}`;
    return `cannot connect to ${host}: connection refused (nothing is listening there) – ${hint}`;
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return `cannot find the host ${host.replace(/:\d+$/, '')} (DNS lookup failed, ${code}) – check the spelling in ${setting}, and the network`;
  }
  if (code === 'ETIMEDOUT' || code === 'ECONNABORTED' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return `cannot connect to ${host}: the connection timed out (${code}) – check ${setting}, the network or a proxy`;
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET') {
    return `the connection to ${host} was dropped before an answer (${code}) – the server may have crashed or a proxy cut it off`;
  }
  if (code && TLS.test(code)) {
    return `a secure connection to ${host} failed (${code}) – its certificate is not trusted here: set NODE_EXTRA_CA_CERTS to your CA bundle, or use http:// for a local server`;
  }
  const detail = causes.map((c) => c.message).filter((m) => m && m !== 'fetch failed' && m !== 'Connection error.')[0] ?? 'no answer';
  return `no answer from ${host}: ${detail}${code ? ` (${code})` : ''} – check ${setting}`;
}

/** A timed-out request: where, after how long, and what to change. */
export function describeTimeout(endpoint: string, timeoutMs: number): string {
  return `no answer from ${endpointHost(endpoint)} within ${Math.round(timeoutMs / 1000)} s (timeout) – raise timeoutMs in prompt-workbench.yml (--timeout in the CLI), or check the server`;
}
