import { nodeFetch } from './nodeFetch.js';

// GitHub Models' catalog (`GET <root>/catalog/models`): the models a GitHub token can run, for the
// editor's model pickers. Only what a picker shows is kept.

export interface CatalogModel {
  /** `publisher/name`, as a prompt file writes it. */
  id: string;
  name?: string;
  publisher?: string;
  summary?: string;
  rateLimitTier?: string;
  maxInputTokens?: number;
  maxOutputTokens?: number;
}

export interface FetchCatalogOptions {
  url: string;
  token?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export const CATALOG_TIMEOUT_MS = 10_000;

/** The catalog's models; throws on a failed request or an answer that is not a list of models. */
export async function fetchCatalog(options: FetchCatalogOptions): Promise<CatalogModel[]> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? CATALOG_TIMEOUT_MS);
  const headers: Record<string, string> = { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await (options.fetch ?? nodeFetch)(options.url, { headers, signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout });
  if (!response.ok) throw new Error(`the GitHub Models catalog answered ${response.status}`);
  return parseCatalog(await response.json());
}

export function parseCatalog(data: unknown): CatalogModel[] {
  if (!Array.isArray(data)) throw new Error('the GitHub Models catalog is not a list');
  return data.flatMap((entry: unknown): CatalogModel[] => {
    if (!entry || typeof entry !== 'object') return [];
    const e = entry as Record<string, unknown>;
    if (typeof e.id !== 'string' || !e.id.includes('/')) return [];
    const limits = (e.limits ?? {}) as Record<string, unknown>;
    return [
      {
        id: e.id,
        ...text('name', e.name),
        ...text('publisher', e.publisher),
        ...text('summary', e.summary),
        ...text('rateLimitTier', e.rate_limit_tier),
        ...count('maxInputTokens', limits.max_input_tokens),
        ...count('maxOutputTokens', limits.max_output_tokens),
      },
    ];
  });
}

function text<K extends string>(key: K, value: unknown): Partial<Record<K, string>> {
  return typeof value === 'string' && value ? ({ [key]: value } as Record<K, string>) : {};
}

function count<K extends string>(key: K, value: unknown): Partial<Record<K, number>> {
  return typeof value === 'number' && Number.isFinite(value) ? ({ [key]: value } as Record<K, number>) : {};
}
