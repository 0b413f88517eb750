// Memory and time as the work grows 10× and 100× (issue 12), each shape measured in one run so the
// ratios compare like with like:
//   - `eval` of N cases (CSV, -j 32, record written, 0 ms server latency): wall, CPU, peak RSS;
//   - `estimate` of an N-row CSV: wall, CPU, peak RSS;
//   - the same rows inline (testData in the prompt file): `estimate`, and `eval` beside the CSV's;
// then the ratio of each size's peak RSS to the smallest's. Figures only, nothing is asserted.
//
//   node bench/scale.mjs                         eval 10k / 100k, estimate 20k / 200k
//   BENCH_SCALE_EVAL=10000,100000,1000000 node bench/scale.mjs   any sizes (1M eval: ~20 min)
//   BENCH_SCALE_ESTIMATE=20000,200000,1000000 node bench/scale.mjs
//   BENCH_SCALE_INLINE=20000,200000 BENCH_SCALE_INLINE_EVAL=10000 node bench/scale.mjs   (the defaults)
//   BENCH_SCALE_SMALL=1 …                        ~50-byte rows (a one-word ticket) instead of ~300-byte ones
//   BENCH_SCALE_TINY=1 …                         ~18-byte rows: one variable, no _id (issue 12's million-row file)
// Needs `node scripts/build.mjs` (dist/cli.mjs) and `npx tsc -p tsconfig.json` (the test server).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { writeTinyWorkspace, writeWorkspace } from './dataset.mjs';
import { CLI, MEASURED_WITH, WORK, fmt, measure, shebangFlags, startServer, table } from './lib.mjs';

const sizes = (name, fallback) => (process.env[name] ?? fallback).split(',').map(Number);
const EVAL_SIZES = sizes('BENCH_SCALE_EVAL', '10000,100000');
const ESTIMATE_SIZES = sizes('BENCH_SCALE_ESTIMATE', '20000,200000');
const INLINE_SIZES = sizes('BENCH_SCALE_INLINE', '20000,200000');
const INLINE_EVAL_SIZES = sizes('BENCH_SCALE_INLINE_EVAL', '10000');
const cli = [...shebangFlags(CLI), CLI];

async function workspaceOf(cases, inline = false) {
  const dir = path.join(WORK, `scale-${cases}`);
  await rm(dir, { recursive: true, force: true });
  if (process.env.BENCH_SCALE_TINY === '1') return writeTinyWorkspace(dir, cases, { inline });
  return writeWorkspace(dir, cases, { inline, small: process.env.BENCH_SCALE_SMALL === '1' });
}

/** `prompt`: bench.prompt.yml (rows in cases.csv) or inline.prompt.yml (the same rows as testData). */
async function evalRun(cases, server, prompt = 'bench.prompt.yml') {
  const ws = await workspaceOf(cases, prompt !== 'bench.prompt.yml');
  await server.reset();
  const r = await measure(process.execPath, [...cli, 'eval', prompt, '--concurrency', '32', '--no-cache', '--json'], {
    cwd: ws,
    env: { ...process.env, OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'bench-unused-key' },
  });
  const passed = JSON.parse(r.stdout || '{"runs":[]}').runs.reduce((sum, run) => sum + run.summary.total, 0);
  await rm(ws, { recursive: true, force: true });
  return { ...r, ok: r.code <= 1 && passed === cases };
}

async function estimateRun(cases, prompt = 'bench.prompt.yml') {
  const ws = await workspaceOf(cases, prompt !== 'bench.prompt.yml');
  const r = await measure(process.execPath, [...cli, 'estimate', prompt, '--json'], { cwd: ws });
  const counted = JSON.parse(r.stdout || '{"estimates":[]}').estimates[0]?.estimate.cases;
  await rm(ws, { recursive: true, force: true });
  return { ...r, ok: r.code === 0 && counted === cases };
}

function rows(label, results) {
  const base = results[0].r.maxRssKb;
  return results.map(({ n, r }) => [label, n.toLocaleString('en-US'), fmt.s(r.wallMs), fmt.s(r.cpuMs), fmt.mib(r.maxRssKb), `${(r.maxRssKb / base).toFixed(2)}×`, r.ok ? 'ok' : 'FAILED CHECK']);
}

const server = await startServer();
const progress = (label, n, r) => console.error(`${label} ${n}: ${fmt.s(r.wallMs)} s wall, ${fmt.s(r.cpuMs)} s CPU, ${fmt.mib(r.maxRssKb)} MiB${r.ok ? '' : ' FAILED CHECK'}`);
async function series(label, list, run) {
  const out = [];
  for (const n of list) {
    const r = await run(n);
    progress(label, n, r);
    out.push({ n, r });
  }
  return out;
}

let evals;
let inlineEvals;
try {
  evals = await series('eval', EVAL_SIZES, (n) => evalRun(n, server));
  inlineEvals = await series('eval inline', INLINE_EVAL_SIZES, (n) => evalRun(n, server, 'inline.prompt.yml'));
} finally {
  await server.stop();
}
const estimates = await series('estimate', ESTIMATE_SIZES, (n) => estimateRun(n));
const inlineEstimates = await series('estimate inline', INLINE_SIZES, (n) => estimateRun(n, 'inline.prompt.yml'));
console.log(`Measured with ${MEASURED_WITH}; peak RSS of the CLI process; ratio to the smallest size.`);
console.log(
  table([
    ['command', 'cases', 'wall s', 'CPU s', 'peak RSS MiB', 'RSS ×', 'check'],
    ...rows('eval', evals),
    ...rows('eval (inline testData)', inlineEvals),
    ...rows('estimate', estimates),
    ...rows('estimate (inline testData)', inlineEstimates),
  ]),
);
