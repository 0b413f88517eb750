// Memory and time as the work grows 10× and 100× (issue 12), each shape measured in one run so the
// ratios compare like with like:
//   - `eval` of N cases (CSV, -j 32, record written, 0 ms server latency): wall, CPU, peak RSS;
//   - `estimate` of an N-row CSV: wall, CPU, peak RSS;
// then the ratio of each size's peak RSS to the smallest's. Figures only, nothing is asserted.
//
//   node bench/scale.mjs                         eval 10k / 100k, estimate 20k / 200k
//   BENCH_SCALE_EVAL=10000,100000,1000000 node bench/scale.mjs   any sizes (1M eval: ~20 min)
//   BENCH_SCALE_ESTIMATE=20000,200000,1000000 node bench/scale.mjs
// Needs `node scripts/build.mjs` (dist/cli.mjs) and `npx tsc -p tsconfig.json` (the test server).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { writeWorkspace } from './dataset.mjs';
import { CLI, MEASURED_WITH, WORK, fmt, measure, shebangFlags, startServer, table } from './lib.mjs';

const sizes = (name, fallback) => (process.env[name] ?? fallback).split(',').map(Number);
const EVAL_SIZES = sizes('BENCH_SCALE_EVAL', '10000,100000');
const ESTIMATE_SIZES = sizes('BENCH_SCALE_ESTIMATE', '20000,200000');
const cli = [...shebangFlags(CLI), CLI];

async function workspaceOf(cases) {
  const dir = path.join(WORK, `scale-${cases}`);
  await rm(dir, { recursive: true, force: true });
  return writeWorkspace(dir, cases);
}

async function evalRun(cases, server) {
  const ws = await workspaceOf(cases);
  await server.reset();
  const r = await measure(process.execPath, [...cli, 'eval', 'bench.prompt.yml', '--concurrency', '32', '--no-cache', '--json'], {
    cwd: ws,
    env: { ...process.env, OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'bench-unused-key' },
  });
  const passed = JSON.parse(r.stdout || '{"runs":[]}').runs.reduce((sum, run) => sum + run.summary.total, 0);
  await rm(ws, { recursive: true, force: true });
  return { ...r, ok: r.code <= 1 && passed === cases };
}

async function estimateRun(cases) {
  const ws = await workspaceOf(cases);
  const r = await measure(process.execPath, [...cli, 'estimate', 'bench.prompt.yml', '--json'], { cwd: ws });
  const counted = JSON.parse(r.stdout || '{"estimates":[]}').estimates[0]?.estimate.cases;
  await rm(ws, { recursive: true, force: true });
  return { ...r, ok: r.code === 0 && counted === cases };
}

function rows(label, results) {
  const base = results[0].r.maxRssKb;
  return results.map(({ n, r }) => [label, n.toLocaleString('en-US'), fmt.s(r.wallMs), fmt.s(r.cpuMs), fmt.mib(r.maxRssKb), `${(r.maxRssKb / base).toFixed(2)}×`, r.ok ? 'ok' : 'FAILED CHECK']);
}

const server = await startServer();
const evals = [];
try {
  for (const n of EVAL_SIZES) {
    const r = await evalRun(n, server);
    console.error(`eval ${n}: ${fmt.s(r.wallMs)} s wall, ${fmt.s(r.cpuMs)} s CPU, ${fmt.mib(r.maxRssKb)} MiB${r.ok ? '' : ' FAILED CHECK'}`);
    evals.push({ n, r });
  }
} finally {
  await server.stop();
}
const estimates = [];
for (const n of ESTIMATE_SIZES) {
  const r = await estimateRun(n);
  console.error(`estimate ${n}: ${fmt.s(r.wallMs)} s wall, ${fmt.s(r.cpuMs)} s CPU, ${fmt.mib(r.maxRssKb)} MiB${r.ok ? '' : ' FAILED CHECK'}`);
  estimates.push({ n, r });
}
console.log(`Measured with ${MEASURED_WITH}; peak RSS of the CLI process; ratio to the smallest size.`);
console.log(table([['command', 'cases', 'wall s', 'CPU s', 'peak RSS MiB', 'RSS ×', 'check'], ...rows('eval', evals), ...rows('estimate', estimates)]));
