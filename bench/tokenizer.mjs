// Tokenizer figures, in a fresh process, on the core's compiled output (out/src/core):
//   - tokens per second counting one 100k-token prompt (countChat, o200k_base), cold and warm;
//   - re-estimating a typical 2k-token prompt after an edit, as the editor does on typing:
//     preparePromptText (parse the YAML, inline test data) + estimateRun; and countChat alone;
//   - linear time: shapes that make BPE slow (base64, runs of one letter, digits, CJK, random
//     Unicode, punctuation without spaces) against prose of the same size, counted in the same
//     process – each one's time and its ratio to prose – and the longest the event loop is held
//     while the time-sliced API (countChatFor) counts them (a 1 ms timer's longest gap).
// Prints one JSON object on stdout (bench/run.mjs reads it) and the linear-time table on stderr.
// Figures only, nothing is asserted.
//   BENCH_TOKENIZER_MB=10                 shapes of 10 MB instead of 1 MB
//   BENCH_TOKENIZER_SHAPES=base64,cjk     only these shapes (prose is always measured)
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, median, table } from './lib.mjs';
import { seededRandom } from '../out/src/core/stats.js';

const core = await import(process.env.BENCH_CORE ? pathToFileURL(path.resolve(process.env.BENCH_CORE)).href : pathToFileURL(path.join(ROOT, 'out', 'src', 'core', 'index.js')).href);
const EDITS = Number(process.env.BENCH_TOKENIZER_EDITS ?? 300);

const random = seededRandom(7);
const VOCAB = (
  'the a customer order shipped refund policy within days of delivery items must be unused and in original packaging ' +
  'contact support via email or chat weekday hours holidays excluded warranty covers manufacturing defects for twelve months ' +
  'batteries screens cables accessories are excluded unless faulty on arrival tracking numbers are sent by email after dispatch ' +
  'international orders may incur customs duties which the customer pays 2024 3.5% €19.99 #A-1042 (see §4.2) "quoted" naïve café 東京 🙂'
).split(' ');
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
  core.countChat(
    [
      { role: 'system', content: sys },
      { role: 'user', content: 'Customer Ada writes about order A-1042: Where is my parcel?' },
    ],
    encoder,
  );
  countOnly.push(performance.now() - c);
}
// The same prompt with a 1,000-row dataset file: estimateRun counts every rendered case.
const rowsFile = path.join(path.dirname(file), 'typing-rows.jsonl');
const { mkdir, writeFile } = await import('node:fs/promises');
// Run alone on a fresh checkout there is no bench/.work yet (bench/run.mjs makes it otherwise).
await mkdir(path.dirname(rowsFile), { recursive: true });
const names = ['Ada', 'Linus', 'Grace', 'Ken', 'Barbara'];
await writeFile(rowsFile, Array.from({ length: 1000 }, (_, i) => JSON.stringify({ name: names[i % 5], order: `A-${1000 + i}`, question: `Where is parcel ${i}? It was due on Monday.` })).join('\n'));
const withDataset = (sys) =>
  promptText(sys)
    .replace(/testData:\n(  - .*\n)+/, '')
    .replace('evaluators:', 'workbench:\n  dataset: typing-rows.jsonl\nevaluators:');
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

// --- linear time: pathological shapes against prose of the same size
const MB = Number(process.env.BENCH_TOKENIZER_MB ?? 1);
const SIZE = Math.round(MB * 1_000_000);
const ROUNDS = 5;
const shapeRandom = seededRandom(11);
const pick = (chars) => chars[Math.floor(shapeRandom() * chars.length)];
/** `size` characters, each from `next()`, built in chunks (a string grown one character at a time is slow at 10 MB). */
function build(size, next) {
  const chunks = [];
  for (let done = 0; done < size;) {
    let chunk = '';
    while (chunk.length < 65_536 && done + chunk.length < size) chunk += next();
    chunks.push(chunk);
    done += chunk.length;
  }
  return chunks.join('').slice(0, size);
}
const PUNCTUATION = [...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'];
const SHAPES = {
  prose: () => build(SIZE, () => `${pick(VOCAB)}${shapeRandom() < 0.06 ? '.\n\n' : ' '}`),
  base64: () => build(SIZE, () => Buffer.from(Array.from({ length: 3072 }, () => Math.floor(shapeRandom() * 256))).toString('base64')),
  'one letter (a tenth of the size)': () => 'a'.repeat(SIZE / 10),
  'one letter': () => 'a'.repeat(SIZE),
  digits: () => build(SIZE, () => String(Math.floor(shapeRandom() * 10))),
  'CJK (U+4E00–U+9FFF)': () => build(SIZE, () => String.fromCharCode(0x4e00 + Math.floor(shapeRandom() * 0x5200))),
  'random Unicode (U+00A0–U+2FFFF)': () => build(SIZE, () => String.fromCodePoint(randomCodePoint())),
  'punctuation, no spaces': () => build(SIZE, () => pick(PUNCTUATION)),
  // Two more: runs in which no cut is exact at all, the worst case for linearCount.ts.
  'random a–z, no spaces': () => build(SIZE, () => String.fromCharCode(97 + Math.floor(shapeRandom() * 26))),
  'random spaces, tabs, newlines': () => build(SIZE, () => pick([' ', '\t', '\n'])),
};
function randomCodePoint() {
  for (;;) {
    const cp = 0xa0 + Math.floor(shapeRandom() * (0x30000 - 0xa0));
    if (cp < 0xd800 || cp >= 0xe000) return cp;
  }
}

async function linearTime() {
  const wanted = new Set(['prose', ...(process.env.BENCH_TOKENIZER_SHAPES ?? Object.keys(SHAPES).join(',')).split(',').map((s) => s.trim())]);
  const texts = Object.entries(SHAPES)
    .filter(([name]) => [...wanted].some((w) => name.startsWith(w)))
    .map(([name, make]) => ({ name, text: make() }));
  for (const { name } of texts) encoder.countTokens(SHAPES[name]().slice(0, 200_000)); // warm-up (JIT), on other text of the same shape
  const rows = texts.map(({ name, text }) => ({ name, chars: text.length, wallMs: [], cpuMs: [] }));
  for (let round = 0; round < ROUNDS; round++) {
    // Shapes interleaved, so that a busy moment of the machine hits all of them alike. Texts this
    // long are not memoised, so each round counts for real.
    texts.forEach(({ text }, i) => {
      const cpu = process.cpuUsage();
      const started = performance.now();
      rows[i].tokens = encoder.countTokens(text);
      rows[i].wallMs.push(performance.now() - started);
      const used = process.cpuUsage(cpu);
      rows[i].cpuMs.push((used.user + used.system) / 1000);
    });
  }
  for (const [i, { text }] of texts.entries()) Object.assign(rows[i], await slicedBlock(text));
  const prose = rows[0];
  // Medians, and the fastest round too: on a busy machine the fastest is the least disturbed.
  const result = rows.map((r) => ({
    name: r.name,
    chars: r.chars,
    tokens: r.tokens,
    medianMs: median(r.wallMs),
    fastestMs: Math.min(...r.wallMs),
    fastestCpuMs: Math.min(...r.cpuMs),
    slicedMs: r.slicedMs,
    maxBlockMs: r.maxBlockMs,
    maxBlockCpuMs: r.maxBlockCpuMs,
  }));
  for (const r of result) {
    r.ratio = r.medianMs / median(prose.wallMs);
    r.fastestRatio = r.fastestMs / Math.min(...prose.wallMs);
    r.cpuRatio = r.fastestCpuMs / Math.min(...prose.cpuMs);
  }
  printShapes(result);
  return { mb: MB, rounds: ROUNDS, rows: result };
}

/**
 * The time-sliced count (countChatFor, as the editor's hover and estimates use it) and the longest
 * the event loop waited meanwhile: a 1 ms timer notes every gap between its ticks, in wall time and
 * in CPU time of this process. On a busy machine a gap also holds time the process was not even
 * running; the CPU time in a gap is what counting itself held the loop for.
 */
async function slicedBlock(text) {
  let lastWall = performance.now();
  let lastCpu = process.cpuUsage();
  let maxBlockMs = 0;
  let maxBlockCpuMs = 0;
  const timer = setInterval(() => {
    const wall = performance.now();
    const cpu = process.cpuUsage();
    maxBlockMs = Math.max(maxBlockMs, wall - lastWall);
    maxBlockCpuMs = Math.max(maxBlockCpuMs, (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000);
    lastWall = wall;
    lastCpu = cpu;
  }, 1);
  const started = performance.now();
  await core.countChatFor('openai/gpt-4o', [{ role: 'user', content: text }]);
  const slicedMs = performance.now() - started;
  clearInterval(timer);
  return { slicedMs, maxBlockMs, maxBlockCpuMs };
}

function printShapes(rows) {
  const ms = (x) => x.toFixed(0);
  process.stderr.write(
    `\nLinear time: o200k_base, shapes of ${SIZE.toLocaleString('en')} characters, all counted in this one process; load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} on ${os.cpus().length} cores\n${table([
      ['shape', 'chars', 'tokens', 'ms', '× prose', 'fastest ms', '× prose', 'fastest CPU ms', '× prose', 'sliced ms', 'longest block ms', 'CPU ms in a block'],
      ...rows.map((r) => [
        r.name,
        r.chars.toLocaleString('en'),
        r.tokens.toLocaleString('en'),
        ms(r.medianMs),
        `${r.ratio.toFixed(2)}×`,
        ms(r.fastestMs),
        `${r.fastestRatio.toFixed(2)}×`,
        ms(r.fastestCpuMs),
        `${r.cpuRatio.toFixed(2)}×`,
        ms(r.slicedMs),
        r.maxBlockMs.toFixed(1),
        r.maxBlockCpuMs.toFixed(1),
      ]),
    ])}\n"ms": encoder.countTokens, counting at once, median of ${ROUNDS} rounds; "fastest": the fastest round (wall, and CPU time of the process); each "× prose"\ndivides by the same figure of the prose row. "sliced ms": countChatFor, in ~10 ms slices with a turn of the event loop between them, while a 1 ms\ntimer notes the longest gap between its ticks ("longest block", wall) and the most CPU time this process used between two ticks.\n`,
  );
}

const shapes = await linearTime();

const p95 = (values) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.95))];

process.stdout.write(
  `${JSON.stringify({
    encoding: 'o200k_base',
    encoderLoadMs: loadMs,
    big: { tokens: bigTokens, chars: big.length, medianMs: warmMs, tokensPerSec: bigTokens / (warmMs / 1000) },
    typing: {
      inputTokensPerCase: tokensPerCase,
      cases: first.cases,
      edits: EDITS,
      reestimateMedianMs: median(full),
      reestimateP95Ms: p95(full),
      prepareMedianMs: median(prepareMs.slice(1)),
      countChatMedianMs: median(countOnly),
      countChatP95Ms: p95(countOnly),
    },
    typing1000Rows: { cases: 1000, reestimateMedianMs: median(datasetTimes), runs: datasetTimes.length },
    shapes,
  })}\n`,
);
