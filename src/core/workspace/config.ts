import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Diagnostic } from '../diagnostics.js';
import { hasErrors } from '../diagnostics.js';
import { parseLocatedYaml, type PathSegment } from '../yamlPositions.js';
import { issueMessage } from '../prompt/issues.js';
import { closest } from '../suggest.js';
import { CONFIG_FILE } from './configFile.js';

// The one workspace config file: providers (base URL, which env var holds the key, headers),
// price overrides and run defaults. Keys never live here – only the names of env vars.

export { CONFIG_FILE };

const priceSchema = z.object({
  input: z.number().min(0),
  output: z.number().min(0),
  cachedInput: z.number().min(0).optional(),
  contextWindow: z.number().int().positive().optional(),
  /** The price through the provider's batch API (`eval --batch`). */
  batch: z.object({ input: z.number().min(0), output: z.number().min(0), cachedInput: z.number().min(0).optional() }).optional(),
});

const providerSchema = z.object({
  baseURL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  /** Environment variable holding the key; defaults to <PROVIDER>_API_KEY (OPENAI_API_KEY for openai). */
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name')
    .optional(),
  /** Send the key in this header instead of `Authorization: Bearer` (Azure uses `api-key`). */
  apiKeyHeader: z.string().min(1).optional(),
  /** Local servers (Ollama, llama.cpp, vLLM, LM Studio) usually need no key. */
  noApiKey: z.boolean().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  /** Query parameters added to every request (Azure's `api-version`). */
  query: z.record(z.string(), z.string()).optional(),
  /** Tokenizer of the models behind this provider, when known; otherwise counts are approximate. */
  tokenizer: z.enum(['o200k_base', 'cl100k_base']).optional(),
  stream: z.boolean().optional(),
  maxTokensParam: z.enum(['max_tokens', 'max_completion_tokens']).optional(),
  models: z.array(z.string().min(1)).optional(),
  /** Run this provider's models (true), or the named ones, through its OpenAI-compatible batch API by default (`eval --batch`). */
  batch: z.union([z.boolean(), z.array(z.string().min(1))]).optional(),
  /** The provider's per-batch limits; a run is split into several batches to stay under them (default OpenAI's: 50,000 requests, 200 MB). */
  batchLimits: z.object({ requests: z.number().int().min(1).optional(), bytes: z.number().int().min(1024).optional() }).optional(),
  /** GitHub Models only (providers.github): bill requests to this organisation (`/orgs/<org>/inference`). */
  org: z
    .string()
    .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/, 'must be a GitHub organisation login')
    .optional(),
});

export const workspaceConfigSchema = z.object({
  providers: z.record(z.string().regex(/^[A-Za-z0-9][\w.-]*$/, 'provider names may use letters, digits, ".", "_" and "-"'), providerSchema).optional(),
  pricing: z.record(z.string(), priceSchema).optional(),
  models: z.array(z.string().min(1)).optional(),
  judgeModel: z.string().min(1).optional(),
  concurrency: z.number().int().min(1).max(256).optional(),
  timeoutMs: z.number().int().min(100).optional(),
  maxRetries: z.number().int().min(0).max(20).optional(),
  resultsDir: z.string().min(1).optional(),
  cacheDir: z.string().min(1).optional(),
  allowOutsideWorkspace: z.boolean().optional(),
  /** Read every prompt file strictly: what gh models accepts but is likely a mistake is an error. */
  strict: z.boolean().optional(),
});

export type ProviderConfig = z.infer<typeof providerSchema>;
export type PriceOverride = z.infer<typeof priceSchema>;
export type WorkspaceConfigData = z.infer<typeof workspaceConfigSchema>;

export interface WorkspaceConfig extends WorkspaceConfigData {
  /** Absolute path of the config file, when there is one. */
  file?: string;
  concurrency: number;
  timeoutMs: number;
  maxRetries: number;
  resultsDir: string;
  cacheDir: string;
}

export const DEFAULTS = {
  concurrency: 8,
  timeoutMs: 60_000,
  maxRetries: 4,
  resultsDir: '.prompt-workbench/runs',
  cacheDir: '.prompt-workbench/cache',
} as const;

export function defaultConfig(): WorkspaceConfig {
  return { ...DEFAULTS };
}

const SECRET_HEADER = /^(authorization|api-key|x-api-key|proxy-authorization)$/i;

export interface LoadedConfig {
  config: WorkspaceConfig;
  diagnostics: Diagnostic[];
}

export function parseWorkspaceConfig(text: string, file: string): LoadedConfig {
  const yaml = parseLocatedYaml(text);
  const diagnostics = yaml.syntaxErrors(file);
  if (hasErrors(diagnostics)) return { config: { ...defaultConfig(), file }, diagnostics };
  const js = yaml.toJS(file);
  if (!js.ok) return { config: { ...defaultConfig(), file }, diagnostics: [...diagnostics, js.diagnostic] };
  const data = (js.value ?? {}) as Record<string, unknown>;
  const result = workspaceConfigSchema.safeParse(data);
  if (!result.success) {
    for (const issue of result.error.issues) {
      diagnostics.push({ file, severity: 'error', message: issueMessage(issue, data), range: yaml.rangeOf(issue.path as PathSegment[]), code: `config/${issue.code}` });
    }
    return { config: { ...defaultConfig(), file }, diagnostics };
  }
  const known = Object.keys(workspaceConfigSchema.shape);
  for (const key of Object.keys(data)) {
    if (known.includes(key)) continue;
    if (key === 'allowCode') {
      diagnostics.push({ file, severity: 'warning', message: ALLOW_CODE_IN_FILE, range: yaml.keyRangeOf([key]), code: 'config/allow-code-in-file' });
      continue;
    }
    const hint = closest(key, known);
    diagnostics.push({ file, severity: 'warning', message: `unknown key "${key}" is ignored${hint ? ` – did you mean "${hint}"?` : ''}`, range: yaml.keyRangeOf([key]), code: 'config/unknown-key' });
  }
  for (const [name, provider] of Object.entries(result.data.providers ?? {})) {
    if (provider.org !== undefined && name !== 'github') {
      diagnostics.push({
        file,
        severity: 'warning',
        message: `providers.${name}.org is ignored: only GitHub Models (providers.github) bills to an organisation`,
        range: yaml.keyRangeOf(['providers', name, 'org']),
        code: 'config/org-not-github',
      });
    }
    for (const [header, value] of Object.entries(provider.headers ?? {})) {
      if (SECRET_HEADER.test(header) && !/^\$\{env:[A-Za-z_]\w*\}$/.test(value.trim())) {
        diagnostics.push({
          file,
          severity: 'error',
          message: `providers.${name}.headers.${header} looks like a secret; keys never go in files – use apiKeyEnv (and apiKeyHeader), or "\${env:VAR}"`,
          range: yaml.rangeOf(['providers', name, 'headers', header]),
          code: 'config/secret-in-file',
        });
      }
    }
  }
  return { config: { ...defaultConfig(), ...result.data, file }, diagnostics };
}

/** A repository cannot allow its own code to run: that is the user's decision, made outside it. */
const ALLOW_CODE_IN_FILE = 'allowCode is ignored here: a repository cannot allow its own code evaluators to run – trust the workspace in VS Code, or pass --allow-code to the CLI';

export async function loadWorkspaceConfig(workspaceRoot: string): Promise<LoadedConfig> {
  const file = path.join(workspaceRoot, CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { config: defaultConfig(), diagnostics: [] };
    throw error;
  }
  return parseWorkspaceConfig(text, file);
}

/** `${env:NAME}` in header values is read from the environment, so headers can carry tokens safely. */
export function expandEnv(value: string, env: NodeJS.ProcessEnv): string {
  return value.replace(/\$\{env:([A-Za-z_]\w*)\}/g, (_, name: string) => env[name] ?? '');
}

export function defaultKeyEnv(provider: string): string {
  return `${provider.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY`;
}
