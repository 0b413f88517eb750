import { parseArgs } from 'node:util';
import { parseHostEntry } from '../core/providers/keyDestination.js';
import { DATASET_OPTIONS, DATASET_SECTIONS, DATASET_USAGE, datasetOptions, isDatasetCommand, missingDatasetFlag, type DatasetCommand, type DatasetOptions } from './datasetArgs.js';
import { CI_EVAL_HELP, CI_EXIT_HELP, CI_OPTIONS, CI_SECTIONS, CI_USAGE, ciOptions, isCiCommand, missingTargets, type CiCommand, type CiOptions } from './ciArgs.js';

export const HELP = `prompt-workbench – run and estimate evals of .prompt.yml files

Usage:
  prompt-workbench eval <files, folders or globs…> [options]
  prompt-workbench estimate <files, folders or globs…> [options]
  prompt-workbench eval --resume <record>    collect a batch run (eval --batch) submitted earlier
  prompt-workbench cancel <record>           cancel a batch run's batches still in progress
${CI_USAGE}
${DATASET_USAGE}
  prompt-workbench --help | --version

A folder means every *.prompt.yml / *.prompt.yaml below it. Files are GitHub Models prompt files
(name, model, modelParameters, responseFormat, jsonSchema, messages, testData, evaluators) with an
optional "workbench:" block (dataset files, more models, extra evaluators) that gh models ignores.

eval options:
  --models <a,b>            Models to run, overriding the file (e.g. openai/gpt-4o-mini,ollama/llama3.2)
  --repeat <n>              Run every case n times; pass rates become distributions (default 1)
  --concurrency <n>         Requests in flight at once (default 8, or "concurrency" in prompt-workbench.yml)
  --timeout <ms>            Per-request timeout (default 60000)
  --retries <n>             Retries on 429 / 5xx / network errors, honouring Retry-After (default 4)
  --no-cache                Do not read or write the response cache
  --stream                  Stream every answer and record time to first token (p50/p95 in the
                            summary); without it, each provider's "stream" setting decides
  --fail-under <rate>       Exit 1 only when the pass rate is below this (0.9 or 90%); default: any failure
  --json                    Print a JSON report on stdout (human output goes away); = --format json
  --format gh-json          Print exactly what \`gh models eval --json\` prints, one document per prompt
                            file and model, so scripts written for gh work unchanged
  --junit <file>            Also write JUnit XML for CI test reporting
  --results-dir <dir>       Where run records go (default .prompt-workbench/runs)
  --no-record               Do not write a run record
  --verbose                 Log every request (model, tokens, latency, status) on stderr
  --org <org>               Bill GitHub Models requests to this organisation (providers.github.org)
  --batch                   Send the case requests through the providers' batch APIs (OpenAI and
                            OpenAI-compatible /v1/batches) at about half price; answers come within
                            24 hours. The run record holds the batches from the start (pending)
                            (also "batch: true" on a provider in prompt-workbench.yml)
  --batch-judges <batch|live>
                            LLM-judge calls of a batch run: a second batch (default) or live
  --no-wait                 With --batch: submit, print the record path and exit 0
  --resume <record>         Collect a batch run from its record: poll, then results as for any run
                            (another day, another machine with the same record and key)
  --poll <ms>               First wait between batch polls (default 5000; it grows to 60 s)
  --allow-host <host[:port]>
                            Let keys and tokens from the environment, gh or the key store go to this
                            host too (repeatable, or a comma list; also PROMPT_WORKBENCH_ALLOW_HOSTS)
${CI_EVAL_HELP}

estimate options:
  --models <a,b>            As for eval
  --repeat <n>              As for eval
  --batch                   Also show each model's batch price (eval --batch) next to the standard one
  --json                    Print the estimate as JSON

${CI_SECTIONS}

${DATASET_SECTIONS}

Common options:
  --workspace <dir>         Workspace root (default: the nearest folder above the current one with
                            prompt-workbench.yml or .git, else the current folder)
  --allow-outside-workspace Read prompt and dataset files outside the workspace
  --allow-code              Run code evaluators ("javascript: grade.js"): the workspace's own
                            modules, in a worker thread with your permissions (a worker is not a
                            sandbox) and a time limit. Without it a prompt using them is refused
  --strict                  Errors (exit 2) for what gh models accepts but is likely a mistake:
                            {{vars}} no row fills, {{ spaced }} placeholders, numbers in text
                            fields, unnamed evaluators, unknown "uses:" (also "strict: true" in
                            prompt-workbench.yml or "workbench: strict: true" in a prompt file)
  -h, --help                This help
  -v, --version             The version

Providers: "model: publisher/name", as in GitHub Models. "github:publisher/name" and every
publisher not configured in prompt-workbench.yml (meta, xai, mistral-ai, …) run on GitHub Models
with a GitHub token (GITHUB_TOKEN, GH_TOKEN or "gh auth token"). "openai/…" runs on OpenAI when
OPENAI_API_KEY or OPENAI_BASE_URL is set, else on GitHub Models when a GitHub token is there.
Other providers are declared in prompt-workbench.yml (baseURL, apiKeyEnv, headers); their keys
come from environment variables (default <PROVIDER>_API_KEY) and are never written anywhere.
A key from a well-known variable (OPENAI_API_KEY, GITHUB_TOKEN, …), gh or the key store goes only
to its provider's own host, the host of <PROVIDER>_BASE_URL, loopback (localhost, 127.0.0.1, ::1)
or a host allowed with --allow-host – never to a host only the repository's config names.

Exit codes: 0 all passed (or pass rate ≥ --fail-under), 1 failing cases, 2 bad input
(unreadable or invalid files, missing template variables, unknown options), 130 interrupted.
${CI_EXIT_HELP}
`;

export interface CliOptions extends CiOptions, DatasetOptions {
  command: 'eval' | 'estimate' | 'cancel' | 'help' | 'version' | CiCommand | DatasetCommand;
  targets: string[];
  models?: string[];
  repeat?: number;
  concurrency?: number;
  timeoutMs?: number;
  retries?: number;
  cache: boolean;
  failUnder?: number;
  json: boolean;
  /** table (default), json (--json) or gh-json. */
  format: 'table' | 'json' | 'gh-json';
  junit?: string;
  resultsDir?: string;
  record: boolean;
  verbose: boolean;
  workspace?: string;
  allowOutsideWorkspace: boolean;
  /** Code evaluators may run (--allow-code). */
  allowCode: boolean;
  /** Stream every answer, measuring time to first token (--stream). */
  stream: boolean;
  /** What gh models accepts but is likely a mistake is an error (exit 2). */
  strict: boolean;
  /** GitHub Models org billing. */
  org?: string;
  /** `host[:port]` entries keys may also go to. */
  allowHosts: string[];
  /** Run through the providers' batch APIs (eval --batch); estimate --batch shows batch prices. */
  batch: boolean;
  batchJudges: 'batch' | 'live';
  /** False with --no-wait: submit the batches and exit. */
  wait: boolean;
  /** A batch run's record to collect (eval --resume). */
  resume?: string;
  /** First wait between batch polls, ms. */
  pollMs?: number;
}

export class UsageError extends Error {}

function fail(message: string): never {
  throw new UsageError(message);
}

export function parseCli(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        models: { type: 'string' },
        repeat: { type: 'string' },
        concurrency: { type: 'string' },
        timeout: { type: 'string' },
        retries: { type: 'string' },
        'no-cache': { type: 'boolean' },
        stream: { type: 'boolean' },
        'fail-under': { type: 'string' },
        json: { type: 'boolean' },
        format: { type: 'string' },
        junit: { type: 'string' },
        'results-dir': { type: 'string' },
        'no-record': { type: 'boolean' },
        verbose: { type: 'boolean' },
        org: { type: 'string' },
        'allow-host': { type: 'string', multiple: true },
        workspace: { type: 'string' },
        'allow-outside-workspace': { type: 'boolean' },
        'allow-code': { type: 'boolean' },
        strict: { type: 'boolean' },
        batch: { type: 'boolean' },
        'batch-judges': { type: 'string' },
        'no-wait': { type: 'boolean' },
        resume: { type: 'string' },
        poll: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        ...CI_OPTIONS,
        ...DATASET_OPTIONS,
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const { values, positionals } = parsed;
  const base = {
    cache: !values['no-cache'],
    json: !!values.json || values.format === 'json',
    format: outputFormat(values.format, !!values.json),
    record: !values['no-record'],
    verbose: !!values.verbose,
    allowOutsideWorkspace: !!values['allow-outside-workspace'],
    allowCode: !!values['allow-code'],
    stream: !!values.stream,
    strict: !!values.strict,
    allowHosts: hostList(values['allow-host']),
    batch: !!values.batch,
    batchJudges: batchJudges(values['batch-judges']),
    wait: !values['no-wait'],
    resume: values.resume,
    pollMs: positiveInt(values.poll, '--poll'),
    ...ciOptions(values, fail),
    ...datasetOptions(values, fail),
  };
  if (values.help) return { command: 'help', targets: [], ...base };
  if (values.version) return { command: 'version', targets: [], ...base };
  const [command, ...targets] = positionals;
  if (!command) return { command: 'help', targets: [], ...base };
  if (command !== 'eval' && command !== 'estimate' && command !== 'cancel' && !isCiCommand(command) && !isDatasetCommand(command))
    throw new UsageError(`unknown command "${command}" (expected eval, estimate, cancel, compare, merge, comment, import or generate)`);
  if (command === 'cancel' && targets.length !== 1) throw new UsageError('cancel needs one batch run record');
  if (values.resume !== undefined && (command !== 'eval' || targets.length)) throw new UsageError('--resume takes a record and no prompt files: prompt-workbench eval --resume <record>');
  if (isDatasetCommand(command)) {
    if (targets.length !== 1) throw new UsageError(command === 'import' ? 'import takes one log file' : 'generate takes one prompt file');
    const missing = missingDatasetFlag(command, base);
    if (missing) throw new UsageError(missing);
  } else if (targets.length === 0 && values.resume === undefined) throw new UsageError(missingTargets(command));
  if (values.batch && values['no-record'] && command === 'eval') throw new UsageError('--batch keeps its batches in the run record, so it cannot be used with --no-record');
  return {
    command,
    targets,
    ...base,
    models: values.models
      ?.split(',')
      .map((m) => m.trim())
      .filter(Boolean),
    repeat: positiveInt(values.repeat, '--repeat'),
    concurrency: positiveInt(values.concurrency, '--concurrency'),
    timeoutMs: positiveInt(values.timeout, '--timeout'),
    retries: values.retries === undefined ? undefined : nonNegativeInt(values.retries, '--retries'),
    failUnder: rate(values['fail-under']),
    junit: values.junit,
    resultsDir: values['results-dir'],
    workspace: values.workspace,
    org: orgLogin(values.org),
  };
}

function outputFormat(value: string | undefined, json: boolean): CliOptions['format'] {
  if (value === undefined) return json ? 'json' : 'table';
  if (value === 'table' || value === 'json' || value === 'gh-json') return value;
  throw new UsageError(`--format must be table, json or gh-json (got "${value}")`);
}

function batchJudges(value: string | undefined): CliOptions['batchJudges'] {
  if (value === undefined || value === 'batch' || value === 'live') return value ?? 'batch';
  throw new UsageError(`--batch-judges must be batch or live (got "${value}")`);
}

function hostList(values: string[] | undefined): string[] {
  const entries = (values ?? []).flatMap((v) => v.split(/[\s,]+/)).filter(Boolean);
  const bad = entries.find((entry) => !parseHostEntry(entry));
  if (bad !== undefined) throw new UsageError(`--allow-host takes host or host:port (got "${bad}")`);
  return entries;
}

function orgLogin(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(value)) throw new UsageError(`--org takes a GitHub organisation login (got "${value}")`);
  return value;
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a whole number ≥ 1 (got "${value}")`);
  return n;
}

function nonNegativeInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${flag} must be a whole number ≥ 0 (got "${value}")`);
  return n;
}

function rate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const percent = value.endsWith('%');
  const n = Number(percent ? value.slice(0, -1) : value);
  const r = percent || n > 1 ? n / 100 : n;
  if (!Number.isFinite(r) || r < 0 || r > 1) throw new UsageError(`--fail-under must be a rate like 0.9 or 90% (got "${value}")`);
  return r;
}
