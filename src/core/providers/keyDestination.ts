import { baseUrlEnvFor, knownProvider } from './knownProviders.js';

// Tokens go only where the user sent them. A repository's prompt-workbench.yml may point a
// provider at any base URL; if the key for it was read from the user's environment, from `gh` or
// from the editor's key store, a pull request that edits the file would otherwise send the user's
// (or the CI job's) token to a host of its choosing. So such a key is sent only to:
//   - the hosts of the provider the key belongs to (api.openai.com, models.github.ai, …; https),
//   - the host of that provider's, or the sending provider's, `*_BASE_URL` environment variable,
//   - loopback: exactly the host names `localhost`, `127.0.0.1` and `::1`,
//   - hosts the user allowed outside the repository: `--allow-host`, PROMPT_WORKBENCH_ALLOW_HOSTS,
//     the promptWorkbench.allowHosts user setting.
// Keys from variables the repository names itself (not well-known ones) are the repository's
// business and go where it says.

export const ALLOW_HOSTS_ENV = 'PROMPT_WORKBENCH_ALLOW_HOSTS';

/** The exact loopback host names keys may always go to (127.0.0.2 and friends are not on it). */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '::1'];

export interface Credential {
  /** The provider the key belongs to: the owner of its variable, or the provider it was stored or looked up for. */
  owner: string;
  /** For messages, never the key: `$OPENAI_API_KEY`, `gh auth token`, `the key store`. */
  source: string;
}

export interface DestinationPolicy {
  env: NodeJS.ProcessEnv;
  /** `host` or `host:port` entries allowed by the user (CLI flag, user setting); the environment's list is added here. */
  allowHosts?: readonly string[];
}

interface Address {
  host: string;
  port: string;
}

/** `https://Example.com/v1` → { host: example.com, port: 443 }; undefined for anything that is not an http(s) URL. */
function addressOf(url: string | undefined): Address | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  return { host: bare(parsed.hostname), port: parsed.port || (parsed.protocol === 'https:' ? '443' : '80') };
}

function bare(host: string): string {
  return host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
}

/** `host`, `host:port`, `[::1]:8080` or a URL → a matcher entry; undefined when it is none of those. */
export function parseHostEntry(entry: string): { host: string; port?: string } | undefined {
  const text = entry.trim();
  if (!text) return undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    const address = addressOf(text);
    return address && { host: address.host, port: new URL(text).port || undefined };
  }
  const match = /^(?:\[([0-9a-f:.]+)\]|([^:\s/[\]]+))(?::(\d{1,5}))?$/i.exec(text);
  if (!match) return undefined;
  return { host: bare(match[1] ?? match[2]), port: match[3] };
}

/** A comma- or space-separated list (the environment variable, a flag given once with several). */
export function splitHostList(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter(Boolean);
}

function allowedByUser(address: Address, policy: DestinationPolicy): boolean {
  const entries = [...(policy.allowHosts ?? []), ...splitHostList(policy.env[ALLOW_HOSTS_ENV])];
  return entries.some((entry) => {
    const parsed = parseHostEntry(entry);
    return parsed !== undefined && parsed.host === address.host && (parsed.port === undefined || parsed.port === address.port);
  });
}

function sameAddress(a: Address | undefined, b: Address): boolean {
  return a !== undefined && a.host === b.host && a.port === b.port;
}

/**
 * Whether a key may be sent to `url` by `provider`: undefined when it may, else the refusal to
 * record on the case – naming the host and how to allow it.
 */
export function checkKeyDestination(url: string, provider: string, credential: Credential, policy: DestinationPolicy): string | undefined {
  const address = addressOf(url);
  if (!address) return `not sending ${credential.source} to "${url}": not an http(s) URL`;
  const ownHosts = knownProvider(credential.owner)?.hosts ?? [];
  if (url.startsWith('https:') && ownHosts.includes(address.host)) return undefined;
  const baseUrlEnvs = [...new Set([baseUrlEnvFor(credential.owner), baseUrlEnvFor(provider)])];
  if (baseUrlEnvs.some((name) => sameAddress(addressOf(policy.env[name]), address))) return undefined;
  if (LOOPBACK_HOSTS.includes(address.host)) return undefined;
  if (allowedByUser(address, policy)) return undefined;
  const where = address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
  const goesTo = [...ownHosts.map((h) => `https://${h}`), `the host of ${baseUrlEnvs.map((n) => `$${n}`).join(' or ')}`, 'loopback (localhost, 127.0.0.1, ::1)'];
  return (
    `not sending ${credential.source} to ${where} (the base URL of provider "${provider}"): a key from the environment, gh or the key store only goes to ${goesTo.join(', ')}. ` +
    `If you trust ${where}, allow it outside the repository: --allow-host ${where}, ${ALLOW_HOSTS_ENV}=${where}, or the promptWorkbench.allowHosts user setting`
  );
}
