import { parseShard, type Shard } from '../core/shard.js';

// The CI loop's commands and flags (compare, merge, comment; Markdown summaries, shards, per-case
// gates, watch), kept apart from args.ts so it only spreads them in.

export const CI_COMMANDS = ['compare', 'merge', 'comment'] as const;
export type CiCommand = (typeof CI_COMMANDS)[number];

export function isCiCommand(command: string): command is CiCommand {
  return (CI_COMMANDS as readonly string[]).includes(command);
}

export const CI_USAGE = `  prompt-workbench compare <base> <head> [options]           two run records (.jsonl)
  prompt-workbench compare <record> --base-model <a> --head-model <b>
  prompt-workbench compare --base-rev <rev> <files, folders or globs…> [options]
  prompt-workbench merge <records…> -o <file or folder/> [options]
  prompt-workbench comment <markdown files…>`;

export const CI_EVAL_HELP = `  --markdown <file>         Also write a GitHub-flavoured Markdown summary (a table per prompt and
                            model, failing cases at file:line; under 65,000 characters)
  --summary                 Append that summary to $GITHUB_STEP_SUMMARY when it is set
  --shard <i/n>             Run only shard i of n: the cases whose id hashes to it, the same on
                            every machine (merge the records with "merge")
  --min-case-pass-rate <x>  With --repeat: exit 1 when a case passes fewer than x of its repeats
                            (0.6 or 60%); with --fail-under, both gates apply
  --watch                   Run, then re-run the prompt files a change to a prompt, dataset or
                            prompt-workbench.yml affects (the cache answers unchanged cases);
                            Ctrl+C stops`;

export const CI_SECTIONS = `compare: fixed / broke / same per case and model, and a paired test of whether head's pass rate
differs from base's by more than noise (McNemar exact on single runs, a paired permutation test
with repeats). Each side is a run record, or with --base-rev the prompt files evaluated twice:
as they (and their datasets) are at <rev>, and as they are now.
  --base-rev <rev>          Evaluate the prompt files at this git revision as the base (branch,
                            tag or commit); unchanged files are reported, not run again
  --base-model <model>      Compare this model of the base run (with --head-model: two models of
                            one record, or of one evaluation of the prompt files)
  --head-model <model>      Compare this model of the head run
  --fail-on-regression      Exit 1 when head is worse than base beyond noise (p < --alpha) for any
                            prompt and model
  --alpha <p>               Significance level of the paired test (default 0.05)
  --markdown <file>, --summary, --json, and eval's --models, --repeat, --concurrency, --no-cache,
  --no-record, --results-dir when it evaluates

merge: shards (--shard i/n) and repeats of one prompt file's run into one record, its summary
recomputed; records of different prompt or dataset versions are refused (exit 2).
  -o, --output <path>       The merged record (.jsonl); a folder (ending in /) takes one record per
                            prompt file when the records cover several
  --markdown <file>, --summary, --junit <file>, --fail-under, --min-case-pass-rate as for eval;
  merge exits 1 only when one of those gates fails

comment: create or update one pull-request comment (found by its hidden marker
<!-- prompt-workbench -->) with the given Markdown files, in GitHub Actions: GITHUB_TOKEN,
GITHUB_REPOSITORY, GITHUB_EVENT_PATH (the pull request) and GITHUB_API_URL are read from the
environment. Needs "pull-requests: write".`;

export const CI_EXIT_HELP = `compare: 0 no regression beyond noise (or no --fail-on-regression), 1 head worse than base at
--alpha with --fail-on-regression, 2 bad input, 130 interrupted. merge: 0 merged, 1 a --fail-under
or --min-case-pass-rate gate failed, 2 refused. comment: 0 posted, 2 refused. eval --watch: 130
when stopped.`;

export const CI_OPTIONS = {
  markdown: { type: 'string' },
  summary: { type: 'boolean' },
  shard: { type: 'string' },
  'min-case-pass-rate': { type: 'string' },
  watch: { type: 'boolean' },
  'base-rev': { type: 'string' },
  'base-model': { type: 'string' },
  'head-model': { type: 'string' },
  'fail-on-regression': { type: 'boolean' },
  alpha: { type: 'string' },
  output: { type: 'string', short: 'o' },
} as const;

export interface CiOptions {
  /** Write a Markdown summary here. */
  markdown?: string;
  /** Append the Markdown summary to $GITHUB_STEP_SUMMARY. */
  summary: boolean;
  shard?: Shard;
  minCasePassRate?: number;
  watch: boolean;
  baseRev?: string;
  baseModel?: string;
  headModel?: string;
  failOnRegression: boolean;
  alpha: number;
  /** merge's -o. */
  output?: string;
}

interface CiValues {
  markdown?: string;
  summary?: boolean;
  shard?: string;
  'min-case-pass-rate'?: string;
  watch?: boolean;
  'base-rev'?: string;
  'base-model'?: string;
  'head-model'?: string;
  'fail-on-regression'?: boolean;
  alpha?: string;
  output?: string;
}

/** The CI flags' values, validated; `fail` throws the CLI's usage error. */
export function ciOptions(values: CiValues, fail: (message: string) => never): CiOptions {
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  if (values.shard !== undefined && !shard) fail(`--shard must be i/n with 1 ≤ i ≤ n, e.g. 2/4 (got "${values.shard}")`);
  const alpha = values.alpha === undefined ? 0.05 : Number(values.alpha);
  if (!(alpha > 0 && alpha < 1)) fail(`--alpha must be a number between 0 and 1, e.g. 0.05 (got "${values.alpha}")`);
  return {
    markdown: nonEmpty(values.markdown, '--markdown', fail),
    summary: !!values.summary,
    shard,
    minCasePassRate: values['min-case-pass-rate'] === undefined ? undefined : fraction(values['min-case-pass-rate'], '--min-case-pass-rate', fail),
    watch: !!values.watch,
    baseRev: nonEmpty(values['base-rev'], '--base-rev', fail),
    baseModel: nonEmpty(values['base-model'], '--base-model', fail),
    headModel: nonEmpty(values['head-model'], '--head-model', fail),
    failOnRegression: !!values['fail-on-regression'],
    alpha,
    output: nonEmpty(values.output, '--output', fail),
  };
}

function nonEmpty(value: string | undefined, flag: string, fail: (message: string) => never): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') fail(`${flag} needs a value`);
  return value.trim();
}

/** 0.6 or 60%. */
function fraction(value: string, flag: string, fail: (message: string) => never): number {
  const percent = value.endsWith('%');
  const n = Number(percent ? value.slice(0, -1) : value);
  const r = percent ? n / 100 : n;
  if (value.trim() === '' || !Number.isFinite(r) || r < 0 || r > 1) fail(`${flag} must be a rate like 0.6 or 60% (got "${value}")`);
  return r;
}

/** What a command without its positionals is missing. */
export function missingTargets(command: string): string {
  if (command === 'compare') return 'compare needs two run records, one record with --base-model and --head-model, or prompt files with --base-rev';
  if (command === 'merge') return 'merge needs the run records to merge';
  if (command === 'comment') return 'comment needs the Markdown files to post';
  return `${command} needs at least one prompt file, folder or glob`;
}
