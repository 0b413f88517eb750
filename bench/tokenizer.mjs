// Tokenizer figures, in a fresh process, on the core's compiled output (out/src/core):
//   - tokens per second counting one 100k-token prompt (countChat, o200k_base), cold and warm;
//   - re-estimating a typical 2k-token prompt after an edit, as the editor does on typing:
//     preparePromptText (parse the YAML, inline test data) + estimateRun; and countChat alone.
// Prints one JSON object.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, median } from './lib.mjs';
import { seededRandom } from '../out/src/core/stats.js';

const core = await import(process.env.BENCH_CORE ? pathToFileURL(path.resolve(process.env.BENCH_CORE)).href : pathToFileURL(path.join(ROOT, 'out', 'src', 'core', 'index.js')).href);
const EDITS = Number(process.env.BENCH_TOKENIZER_EDITS ?? 300);

const random = seededRandom(7);
const VOCAB = ('the a customer order shipped refund policy within days of delivery items must be unused and in original packaging ' +
  'contact support via email or chat weekday hours holidays excluded warranty covers manufacturing defects for twelve months ' +
  'batteries screens cables accessories are excluded unless faulty on arrival tracking numbers are sent by email after dispatch ' +
  'international orders may incur customs duties which the customer pays 2024 3.5% €19.99 #A-1042 (see §4.2) "quoted" naïve café 東京 🙂').split(' ');
/** English-like text with numbers, punctuation and some non-ASCII, roughly `tokens` o200k tokens long. */
function prose(tokens, encoder) {
  const parts = [];
  let text = '';
  let count = 0;
  while (count < tokens) {
    const sentence = Array.from({ length: 12 + Math.floor(random() * 14) }, () => VOCAB[Math.floor(random() * VOCAB.length)]).join(' ');
    parts.push(`${sentence[0].toUpperCase()}${sentence.slice(1)}.${random() < 0.15 ? '\n\n' : ' '}`);
    if (parts.length % 4 === 0) {
      text = parts.join('');
      count = encoder.countTokens(text);
    }
  }
  return parts.join('');
}

const t0 = performance.now();
const encoder = await core.loadEncoder('o200k_base');
const loadMs = performance.now() - t0;

// --- 100k-token prompt
const big = prose(100_000, encoder);
const bigMessages = [{ role: 'user', content: big }];
const bigTokens = core.countChat(bigMessages, encoder).total;
const warm = [];
for (let i = 0; i < 5; i++) {
  // A different text each time: counts are memoised per text, and this measures the tokenizer itself.
  const messages = [{ role: 'user', content: `${i} ${big}` }];
  const s = performance.now();
  core.countChat(messages, encoder);
  warm.push(performance.now() - s);
}
const warmMs = median(warm);

// --- a typical 2k-token prompt file: a long system message, a templated user message, 3 inline rows
const system = prose(1880, encoder).replace(/\n+/g, ' ');
const promptText = (sys) =>
  [
    'name: Support reply',
    'model: openai/gpt-4o-mini',
    'modelParameters:',
    '  temperature: 0.2',
    '  maxTokens: 300',
    'messages:',
    '  - role: system',
    `    content: ${JSON.stringify(sys)}`,
    '  - role: user',
    '    content: "Customer {{name}} writes about order {{order}}: {{question}}"',
    'testData:',
    '  - { name: Ada, order: A-1042, question: "Where is my parcel? It was due on Monday." }',
    '  - { name: Linus, order: B-2200, question: "Can I return an opened charger?" }',
    '  - { name: Grace, order: C-0007, question: "The screen arrived cracked, what now?" }',
    'evaluators:',
    '  - name: mentions the order',
    '    string: { contains: "{{order}}" }',
    '',
  ].join('\n');
const file = path.join(ROOT, 'bench', '.work', 'typing.prompt.yml');
const pricing = core.pricingWith(undefined);
const prepareMs = [];
async function reestimate(text) {
  const s = performance.now();
  const prepared = await core.preparePromptText(text, file, { workspaceRoot: path.dirname(file) });
  prepareMs.push(performance.now() - s);
  return core.estimateRun({ prompt: prepared.parsed.prompt, cases: prepared.cases, pricing });
}
const first = await reestimate(promptText(system));
for (let i = 0; i < 20; i++) await reestimate(promptText(system)); // warm-up (JIT)
prepareMs.length = 0;
const tokensPerCase = first.models[0].inputTokensPerCase;
const words = system.split(' ');
const full = [];
const countOnly = [];
for (let i = 0; i < EDITS; i++) {
  // One edit: a word replaced somewhere in the system message, as when typing.
  const edited = [...words];
  edited[Math.floor(random() * edited.length)] = VOCAB[Math.floor(random() * VOCAB.length)];
  const sys = edited.join(' ');
  const s = performance.now();
  await reestimate(promptText(sys));
  full.push(performance.now() - s);
  const c = performance.now();
  core.countChat([{ role: 'system', content: sys }, { role: 'user', content: 'Customer Ada writes about order A-1042: Where is my parcel?' }], encoder);
  countOnly.push(performance.now() - c);
}
// The same prompt with a 1,000-row dataset file: estimateRun counts every rendered case.
const rowsFile = path.join(path.dirname(file), 'typing-rows.jsonl');
const { writeFile } = await import('node:fs/promises');
const names = ['Ada', 'Linus', 'Grace', 'Ken', 'Barbara'];
await writeFile(rowsFile, Array.from({ length: 1000 }, (_, i) => JSON.stringify({ name: names[i % 5], order: `A-${1000 + i}`, question: `Where is parcel ${i}? It was due on Monday.` })).join('\n'));
const withDataset = (sys) => promptText(sys).replace(/testData:\n(  - .*\n)+/, '').replace('evaluators:', 'workbench:\n  dataset: typing-rows.jsonl\nevaluators:');
const datasetTimes = [];
await reestimate(withDataset(system));
for (let i = 0; i < Math.max(5, Math.round(EDITS / 30)); i++) {
  const edited = [...words];
  edited[Math.floor(random() * edited.length)] = VOCAB[Math.floor(random() * VOCAB.length)];
  const s = performance.now();
  const estimate = await reestimate(withDataset(edited.join(' ')));
  datasetTimes.push(performance.now() - s);
  if (estimate.cases !== 1000) throw new Error(`expected 1000 cases, got ${estimate.cases}`);
}

const p95 = (values) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.95))];

process.stdout.write(
  `${JSON.stringify({
    encoding: 'o200k_base',
    encoderLoadMs: loadMs,
    big: { tokens: bigTokens, chars: big.length, medianMs: warmMs, tokensPerSec: bigTokens / (warmMs / 1000) },
    typing: { inputTokensPerCase: tokensPerCase, cases: first.cases, edits: EDITS, reestimateMedianMs: median(full), reestimateP95Ms: p95(full), prepareMedianMs: median(prepareMs.slice(1)), countChatMedianMs: median(countOnly), countChatP95Ms: p95(countOnly) },
    typing1000Rows: { cases: 1000, reestimateMedianMs: median(datasetTimes), runs: datasetTimes.length },
  })}\n`,
);
