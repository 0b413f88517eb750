// Generates one benchmark workspace: the same rows as a CSV both tools read, a promptfoo config and
// an equivalent .prompt.yml. Deterministic (seeded), so every run sends identical requests.
//
//   node bench/dataset.mjs <dir> <cases> [models=1]
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { seededRandom } from '../out/src/core/stats.js';
import path from 'node:path';

export const SYSTEM = 'You are a support assistant. Read the customer ticket and reply with a short, polite answer that quotes the ticket reference.';
export const USER = 'Ticket {{ref}} from {{customer}} about {{product}}:\n{{ticket}}';
export const MODEL = 'gpt-4o-mini';
export const EXTRA_MODELS = ['gpt-4.1-mini', 'gpt-4.1-nano'];
export const MAX_TOKENS = 64;

const WORDS = (
  'order delivery invoice refund account password login screen battery charger cable update ' +
  'payment card subscription upgrade plan shipping address warranty replacement broken late missing error ' +
  'crash slow app website email notification support manager store return label tracking number'
).split(' ');
const PRODUCTS = ['Phone X', 'Laptop Pro', 'Smart Watch', 'Earbuds', 'Tablet Mini', 'Router AX', 'Camera Z', 'Speaker One'];
const NAMES = ['Ada', 'Grace', 'Linus', 'Ken', 'Barbara', 'Dennis', 'Margaret', 'Edsger', 'Frances', 'Donald'];

/** `small`: a one-word ticket (~50-byte rows, the shape of issue 12's million-row file) instead of three sentences (~300 bytes). */
export function rows(count, seed = 42, { small = false } = {}) {
  const random = seededRandom(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const out = [];
  for (let i = 0; i < count; i++) {
    const ref = `T-${String(i + 1).padStart(6, '0')}`;
    const sentence = () => Array.from({ length: 8 + Math.floor(random() * 8) }, () => pick(WORDS)).join(' ');
    const ticket = small ? pick(WORDS) : `${sentence()}. ${sentence()}, ${sentence()}.`;
    out.push({ id: ref, ref, customer: pick(NAMES), product: pick(PRODUCTS), ticket });
  }
  return out;
}

function csvCell(value) {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** `_id` is the case id for Prompt Workbench; promptfoo sees it as one more (unused) variable. */
export function toCsv(list) {
  const header = ['_id', 'ref', 'customer', 'product', 'ticket'];
  return `${header.join(',')}\n${list.map((r) => [r.id, r.ref, r.customer, r.product, r.ticket].map(csvCell).join(',')).join('\n')}\n`;
}

/** The same rows as inline testData, written the way people write them (plain scalars). */
export function toTestData(list) {
  return ['testData:', ...list.flatMap((r) => [`  - _id: ${r.id}`, `    ref: ${r.ref}`, `    customer: ${r.customer}`, `    product: ${r.product}`, `    ticket: ${r.ticket}`])].join('\n');
}

/** `inline: true` also writes inline.prompt.yml: the same prompt with the rows as its testData. */
export async function writeWorkspace(dir, count, { models = 1, inline = false, small = false } = {}) {
  await mkdir(dir, { recursive: true });
  const modelList = [MODEL, ...EXTRA_MODELS].slice(0, models);
  const list = rows(count, 42, { small });
  await writeFile(path.join(dir, 'cases.csv'), toCsv(list));
  // Prompt Workbench: a GitHub Models prompt file, the rows from the CSV, one `contains` check.
  const workbenchModels = modelList.slice(1).map((m) => `openai/${m}`);
  await writeFile(
    path.join(dir, 'bench.prompt.yml'),
    [
      'name: Benchmark',
      `model: openai/${MODEL}`,
      'modelParameters:',
      '  temperature: 0',
      `  maxTokens: ${MAX_TOKENS}`,
      'messages:',
      '  - role: system',
      `    content: ${JSON.stringify(SYSTEM)}`,
      '  - role: user',
      `    content: ${JSON.stringify(USER)}`,
      'evaluators:',
      '  - name: quotes the reference',
      '    string:',
      "      contains: '{{ref}}'",
      'workbench:',
      '  dataset: cases.csv',
      ...(workbenchModels.length ? [`  models: [${workbenchModels.join(', ')}]`] : []),
      '',
    ].join('\n'),
  );
  if (inline) {
    const prompt = await readFile(path.join(dir, 'bench.prompt.yml'), 'utf8');
    const withoutDataset = prompt.replace('  dataset: cases.csv\n', '').replace(/workbench:\n$/, '');
    await writeFile(path.join(dir, 'inline.prompt.yml'), `${withoutDataset}${toTestData(list)}\n`);
  }
  // A workspace marker so the CLI treats this folder as the workspace root.
  await writeFile(path.join(dir, 'prompt-workbench.yml'), 'concurrency: 8\n');
  // promptfoo: the same two messages as a chat prompt, the same CSV, the same check.
  await writeFile(
    path.join(dir, 'prompt.json'),
    `${JSON.stringify(
      [
        { role: 'system', content: SYSTEM },
        { role: 'user', content: USER },
      ],
      null,
      2,
    )}\n`,
  );
  await writeFile(
    path.join(dir, 'promptfooconfig.yaml'),
    [
      'description: Benchmark',
      'prompts:',
      '  - file://prompt.json',
      'providers:',
      ...modelList.flatMap((m) => [
        `  - id: openai:chat:${m}`,
        '    config:',
        `      temperature: 0`,
        `      max_tokens: ${MAX_TOKENS}`,
        '      apiBaseUrl: "{{ env.BENCH_BASE_URL }}"',
        '      apiKey: bench-unused-key',
      ]),
      'defaultTest:',
      '  assert:',
      '    - type: contains',
      "      value: '{{ref}}'",
      'tests: file://cases.csv',
      '',
    ].join('\n'),
  );
  return dir;
}

/**
 * The shape of issue 12's million-row file: one short variable and no `_id` (each id is then a hash
 * of the row), ~18 bytes a row inline – in cases.csv for bench.prompt.yml and, with `inline`, as
 * inline.prompt.yml's testData.
 */
export async function writeTinyWorkspace(dir, count, { inline = false } = {}) {
  await mkdir(dir, { recursive: true });
  const random = seededRandom(42);
  const words = Array.from({ length: count }, (_, i) => `${WORDS[Math.floor(random() * WORDS.length)]}${i}`);
  const head = ['name: Tiny rows', `model: openai/${MODEL}`, 'messages:', '  - role: user', "    content: 'Classify: {{word}}'"];
  await writeFile(path.join(dir, 'cases.csv'), `word\n${words.join('\n')}\n`);
  await writeFile(path.join(dir, 'bench.prompt.yml'), [...head, 'workbench:', '  dataset: cases.csv', ''].join('\n'));
  if (inline) await writeFile(path.join(dir, 'inline.prompt.yml'), [...head, 'testData:', ...words.map((w) => `  - word: ${w}`), ''].join('\n'));
  await writeFile(path.join(dir, 'prompt-workbench.yml'), 'concurrency: 8\n');
  return dir;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, count, models] = process.argv.slice(2);
  if (!dir || !count) {
    console.error('usage: node bench/dataset.mjs <dir> <cases> [models]');
    process.exit(2);
  }
  await writeWorkspace(path.resolve(dir), Number(count), { models: Number(models ?? 1) });
}
