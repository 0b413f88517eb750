// The dataset commands' usage and flags (import, generate), kept apart from args.ts so it only
// spreads them in.

export const DATASET_COMMANDS = ['import', 'generate'] as const;
export type DatasetCommand = (typeof DATASET_COMMANDS)[number];

export function isDatasetCommand(command: string): command is DatasetCommand {
  return (DATASET_COMMANDS as readonly string[]).includes(command);
}

export const DATASET_USAGE = `  prompt-workbench import <log> --prompt <file.prompt.yml> -o <dataset> [options]
  prompt-workbench generate <file.prompt.yml> --count <n> [options]`;

export const DATASET_SECTIONS = `import: logged chat calls that match the prompt's messages become dataset rows, each {{variable}}
recovered from the logged text; calls that match no template are listed with their line and why.
The log is JSON Lines of Chat Completions request bodies or {"request", "response"} objects, or
OpenTelemetry GenAI spans / log records (OTLP JSON, one export per line or one document). Rows
with the same variables are written once; rows the dataset already has are not written again.
  --prompt <file>           The prompt file whose messages are the template
  -o, --output <dataset>    Where the rows go (.jsonl, .yaml, .yml, .json, .csv, .tsv, or a
                            .prompt.yml's testData); appended to when it exists, its text kept
  --with-expected           The logged answer becomes the row's "expected"
  --sample <n>              Keep n of the matching rows, chosen at random (seeded)
  --seed <n>                The seed of --sample (default 1: the same rows every time)
  --json                    Print the report as JSON

generate: asks a model for new rows covering the prompt's {{variables}} (varied, edge cases
included), keeps those that fill every variable, and appends them with fresh "_id"s.
  --count <n>               How many rows to ask for
  --model <model>           The model that writes them (default: the prompt's judge model, else
                            its model)
  -o, --output <dataset>    Where the rows go (default: the prompt's first "workbench: dataset"
                            file, else its testData)
  --json                    Print the rows written as JSON`;

export const DATASET_OPTIONS = {
  prompt: { type: 'string' },
  'with-expected': { type: 'boolean' },
  sample: { type: 'string' },
  seed: { type: 'string' },
  count: { type: 'string' },
  model: { type: 'string' },
} as const;

export interface DatasetOptions {
  prompt?: string;
  withExpected: boolean;
  sample?: number;
  seed?: number;
  count?: number;
  model?: string;
}

interface DatasetValues {
  prompt?: string;
  'with-expected'?: boolean;
  sample?: string;
  seed?: string;
  count?: string;
  model?: string;
}

export function datasetOptions(values: DatasetValues, fail: (message: string) => never): DatasetOptions {
  return {
    prompt: values.prompt?.trim() || undefined,
    withExpected: !!values['with-expected'],
    sample: whole(values.sample, '--sample', 1, fail),
    seed: whole(values.seed, '--seed', 0, fail),
    count: whole(values.count, '--count', 1, fail),
    model: values.model?.trim() || undefined,
  };
}

function whole(value: string | undefined, flag: string, min: number, fail: (message: string) => never): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min) fail(`${flag} must be a whole number ≥ ${min} (got "${value}")`);
  return n;
}

/** What a dataset command needs before it starts, or undefined. */
export function missingDatasetFlag(command: DatasetCommand, options: DatasetOptions & { output?: string }): string | undefined {
  if (command === 'import' && !options.prompt) return 'import needs --prompt <file.prompt.yml>: the prompt whose messages the logged calls are matched against';
  if (command === 'import' && !options.output) return 'import needs -o <dataset>: the file the rows go to';
  if (command === 'generate' && options.count === undefined) return 'generate needs --count <n>: how many rows to ask for';
  return undefined;
}
