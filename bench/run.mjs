// Prompt Workbench performance benchmark (`npm run bench` → scripts/bench.sh → this file).
// Figures are printed, never asserted. Everything runs against the OpenAI-compatible test server
// (test/support/openaiServer.ts) on 127.0.0.1, as a separate process with --no-record.
//
//   node bench/run.mjs [--quick] [--rounds N] [--only overhead,latency,tokenizer,load]
//                      [--results-md FILE | --no-results-md]
//
// 1. overhead   the same dataset (1,000 and 10,000 cases), prompt and `contains` check in promptfoo
//               and in `prompt-workbench eval`, 0 ms server latency, concurrency 8 and 32, caching
//               off; plus a bare node:http keep-alive client as the floor. Interleaved per round
//               (promptfoo, ours, ours --no-record, bare), medians of wall, CPU (user+sys of the
//               process tree) and peak RSS. Every run is checked: the server saw exactly the expected
//               requests, all answered 200, and the tool reports every case passed.
// 2. latency    200 ms server latency, 1,000 cases at concurrency 32: wall time against the ideal
//               ceil(cases / concurrency) × 200 ms.
// 3. tokenizer  bench/tokenizer.mjs: tokens/s on a 100k-token prompt, re-estimate after an edit.
// 4. load       10,000 cases × 3 models in one run: peak RSS and RSS over time.
//
// --quick (BENCH_QUICK=1) shrinks everything for a smoke test (and never writes RESULTS.md).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeWorkspace } from './dataset.mjs';
import { CLI, MEASURED_WITH, PROMPTFOO, ROOT, WORK, fmt, measure, median, shebangFlags, startServer, table } from './lib.mjs';

const { values: argv } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    rounds: { type: 'string' },
    only: { type: 'string' },
    'results-md': { type: 'string' },
    'no-results-md': { type: 'boolean' },
  },
});
const QUICK = !!argv.quick || process.env.BENCH_QUICK === '1';
const ROUNDS = Number(argv.rounds ?? process.env.BENCH_ROUNDS ?? (QUICK ? 1 : 3));
const ONLY = new Set((argv.only ?? process.env.BENCH_ONLY ?? 'overhead,latency,tokenizer,load').split(',').map((s) => s.trim()));
const RESULTS_MD = argv['no-results-md'] || QUICK || process.env.BENCH_NO_RESULTS_MD === '1' ? null : path.resolve(argv['results-md'] ?? path.join(ROOT, 'bench', 'RESULTS.md'));

const SIZES = QUICK ? [200, 1000] : [1000, 10000];
const CONCURRENCY = [8, 32];
const LATENCY = { ms: 200, cases: QUICK ? 320 : 1000, concurrency: 32 };
const LOAD = { cases: QUICK ? 2000 : 10000, models: 3, rounds: QUICK ? 1 : 2 };

const log = (line = '') => process.stdout.write(`${line}\n`);
const warn = (line) => process.stderr.write(`${line}\n`);

// ---------------------------------------------------------------------------------------------
// Environment shared by every run

const PROMPTFOO_HOME = path.join(WORK, 'promptfoo-home');
/** What promptfoo runs with: nothing leaves the machine, nothing is written beyond its config dir. */
function promptfooEnv(baseURL) {
  return {
    ...cleanEnv(),
    BENCH_BASE_URL: baseURL,
    PROMPTFOO_DISABLE_TELEMETRY: '1',
    PROMPTFOO_DISABLE_UPDATE: '1',
    PROMPTFOO_DISABLE_SHARING: '1',
    PROMPTFOO_DISABLE_REMOTE_GENERATION: '1',
    PROMPTFOO_DISABLE_DEBUG_LOG: '1',
    PROMPTFOO_CONFIG_DIR: PROMPTFOO_HOME,
    // 0.123.1 still posts one "telemetry disabled" event to r.promptfoo.app through its proxy-aware
    // fetch: send everything that is not loopback to a closed local port.
    HTTP_PROXY: 'http://127.0.0.1:9',
    HTTPS_PROXY: 'http://127.0.0.1:9',
    NO_PROXY: '127.0.0.1,localhost',
  };
}
function oursEnv(baseURL) {
  return { ...cleanEnv(), OPENAI_BASE_URL: baseURL };
}
/** The caller's environment without keys, proxies or Node options that would skew a run. */
function cleanEnv() {
  const env = { ...process.env, CI: 'true', NO_COLOR: '1' };
  for (const key of Object.keys(env)) {
    if (/^(OPENAI_|PROMPTFOO_|NODE_OPTIONS$|HTTPS?_PROXY$|NO_PROXY$)/i.test(key)) delete env[key];
  }
  return env;
}

const PROMPTFOO_FLAGS = ['--no-cache', '--no-write', '--no-share', '--no-table', '--no-progress-bar'];
const RUNS_DIR = path.join(WORK, 'runs');
// The CLI is copied out of dist/ before the first run, so a rebuild of dist/ meanwhile (a shared
// checkout, a watch build) cannot change or remove what is being measured.
const SNAPSHOT = path.join(WORK, 'cli-under-test');
let cliUnderTest = CLI;
async function snapshotCli() {
  const from = path.dirname(CLI);
  await rm(SNAPSHOT, { recursive: true, force: true });
  await mkdir(SNAPSHOT, { recursive: true });
  await cp(CLI, path.join(SNAPSHOT, path.basename(CLI)));
  // The bin is a launcher; the bundle it imports sits beside it.
  for (const name of readdirSync(from).filter((n) => n.endsWith('.mjs') && n !== path.basename(CLI))) await cp(path.join(from, name), path.join(SNAPSHOT, name));
  // Lazily loaded parts of the bundle (tokenizer encodings, split chunks), when there are any.
  for (const dir of ['encodings', 'chunks']) if (existsSync(path.join(from, dir))) await cp(path.join(from, dir), path.join(SNAPSHOT, dir), { recursive: true });
  cliUnderTest = path.join(SNAPSHOT, path.basename(CLI));
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(readFileSync(cliUnderTest)).digest('hex').slice(0, 12);
}

/** The tools under test; each returns how many cases it says passed (null when it cannot tell). */
const TOOLS = {
  promptfoo: {
    label: 'promptfoo',
    args: (ws, j) => [PROMPTFOO, 'eval', '-c', path.join(ws, 'promptfooconfig.yaml'), '-j', String(j), ...PROMPTFOO_FLAGS],
    env: promptfooEnv,
    passed: (r) => {
      const m = r.stdout.replace(/\x1b\[[0-9;]*m/g, '').match(/([\d,]+) passed/);
      return m ? Number(m[1].replace(/,/g, '')) : null;
    },
  },
  ours: {
    label: 'prompt-workbench',
    args: (ws, j) => [...shebangFlags(cliUnderTest), cliUnderTest, 'eval', path.join(ws, 'bench.prompt.yml'), '--concurrency', String(j), '--no-cache', '--json', '--results-dir', RUNS_DIR],
    env: oursEnv,
    passed: (r) => jsonPassed(r.stdout),
  },
  oursNoRecord: {
    label: 'prompt-workbench --no-record',
    args: (ws, j) => [...shebangFlags(cliUnderTest), cliUnderTest, 'eval', path.join(ws, 'bench.prompt.yml'), '--concurrency', String(j), '--no-cache', '--no-record', '--json'],
    env: oursEnv,
    passed: (r) => jsonPassed(r.stdout),
  },
  bare: {
    label: 'bare node:http client',
    args: (ws, j, baseURL, models) => [path.join(ROOT, 'bench', 'bareClient.mjs'), path.join(ws, 'cases.csv'), baseURL, String(j), String(models)],
    env: () => cleanEnv(),
    passed: (r) => {
      try {
        return JSON.parse(r.stdout).passed;
      } catch {
        return null;
      }
    },
  },
};

function jsonPassed(stdout) {
  try {
    return JSON.parse(stdout).runs.reduce((sum, run) => sum + run.summary.passed, 0);
  } catch {
    return null;
  }
}

const ALL_RUNS = [];

/** One measured run, checked against the server's count and the tool's own pass count. */
async function runTool(tool, server, ws, { cases, concurrency, models = 1 }) {
  await server.reset();
  await rm(RUNS_DIR, { recursive: true, force: true });
  const t = TOOLS[tool];
  const r = await measure(process.execPath, t.args(ws, concurrency, server.url, models), { cwd: ws, env: t.env(server.url) });
  const stats = await server.stats();
  const expected = cases * models;
  const passed = t.passed(r);
  const problems = [];
  if (r.code !== 0) problems.push(`exit code ${r.code}`);
  if (stats.total !== expected) problems.push(`server saw ${stats.total} requests, expected ${expected}`);
  if ((stats.byStatus['200'] ?? 0) !== expected) problems.push(`server answered ${JSON.stringify(stats.byStatus)}`);
  if (passed !== expected) problems.push(`tool reports ${passed} passed, expected ${expected}`);
  if (problems.length) warn(`  ! ${t.label} (${cases} cases, -j ${concurrency}): ${problems.join('; ')}\n${r.stderr.slice(-2000)}`);
  await rm(RUNS_DIR, { recursive: true, force: true });
  ALL_RUNS.push({ ok: problems.length === 0 });
  return {
    tool,
    cases,
    concurrency,
    models,
    ok: problems.length === 0,
    problems,
    wallMs: r.wallMs,
    cpuMs: r.cpuMs,
    maxRssKb: r.maxRssKb,
    peakTreeKb: r.peakTreeKb,
    rssSeries: r.rssSeries,
    maxInFlight: stats.maxInFlight,
    runDurationMs: durationOf(r.stdout),
  };
}

function durationOf(stdout) {
  try {
    return JSON.parse(stdout).runs[0].summary.durationMs;
  } catch {
    return undefined;
  }
}

function summarize(runs) {
  const ok = runs.filter((r) => r.ok);
  return {
    n: ok.length,
    failed: runs.length - ok.length,
    wallMs: median(ok.map((r) => r.wallMs)),
    cpuMs: median(ok.map((r) => r.cpuMs)),
    maxRssKb: median(ok.map((r) => r.maxRssKb)),
    peakTreeKb: median(ok.map((r) => r.peakTreeKb)),
    runDurationMs: median(ok.map((r) => r.runDurationMs ?? NaN)),
    maxInFlight: Math.max(0, ...ok.map((r) => r.maxInFlight)),
  };
}

// ---------------------------------------------------------------------------------------------
// Machine and versions

function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = cpuinfo.match(/^model name\s*:\s*(.*)$/m)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const git = (args) => {
    try {
      return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '';
    }
  };
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const pf = path.join(ROOT, '.cache', 'promptfoo', 'node_modules', 'promptfoo', 'package.json');
  return {
    date: new Date().toISOString(),
    cpu: model,
    cores: os.availableParallelism?.() ?? os.cpus().length,
    ramGiB: os.totalmem() / 2 ** 30,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    promptfoo: existsSync(pf) ? JSON.parse(readFileSync(pf, 'utf8')).version : null,
    ours: `${pkg.version}${git(['rev-parse', '--short', 'HEAD']) ? ` (${git(['rev-parse', '--short', 'HEAD'])}${git(['status', '--porcelain', '--untracked-files=no', '--', 'src']) ? ', src modified' : ''})` : ''}`,
    loadStart: os.loadavg(),
    measuredWith: MEASURED_WITH,
  };
}

// ---------------------------------------------------------------------------------------------
// The benchmarks

async function overhead(results) {
  log('\n## 1. Engine overhead vs promptfoo (0 ms server latency, caching off)\n');
  const server = await startServer({ latencyMs: 0 });
  try {
    for (const cases of SIZES) {
      const ws = await writeWorkspace(path.join(WORK, `ws-${cases}`), cases);
      for (const concurrency of CONCURRENCY) {
        const runs = [];
        for (let round = 1; round <= ROUNDS; round++) {
          for (const tool of ['promptfoo', 'ours', 'oursNoRecord', 'bare']) {
            const r = await runTool(tool, server, ws, { cases, concurrency });
            runs.push(r);
            log(
              `  ${String(cases).padStart(6)} cases  -j ${String(concurrency).padEnd(2)}  round ${round}/${ROUNDS}  ${TOOLS[tool].label.padEnd(28)} wall ${fmt.s(r.wallMs).padStart(6)} s  cpu ${fmt.s(r.cpuMs).padStart(6)} s  rss ${fmt.mib(r.maxRssKb).padStart(4)} MiB${r.ok ? '' : '  FAILED CHECK'}`,
            );
          }
        }
        const by = Object.fromEntries(Object.keys(TOOLS).map((tool) => [tool, summarize(runs.filter((r) => r.tool === tool))]));
        results.overhead.push({ cases, concurrency, rounds: ROUNDS, ...by, runs: runs.map(({ rssSeries: _s, ...r }) => r) });
      }
    }
  } finally {
    await server.stop();
  }
  printOverhead(results.overhead);
}

function printOverhead(rows) {
  const header = ['cases', '-j', 'tool', 'wall s', 'CPU s', 'CPU ms/case', 'peak RSS MiB', 'CPU ×', 'RSS ×'];
  const body = [];
  for (const row of rows) {
    const pf = row.promptfoo;
    for (const tool of Object.keys(TOOLS)) {
      const s = row[tool];
      body.push([
        row.cases,
        row.concurrency,
        TOOLS[tool].label,
        fmt.s(s.wallMs),
        fmt.s(s.cpuMs),
        (s.cpuMs / row.cases).toFixed(3),
        fmt.mib(s.maxRssKb),
        tool === 'promptfoo' ? '' : fmt.x(pf.cpuMs / s.cpuMs),
        tool === 'promptfoo' ? '' : fmt.x(pf.maxRssKb / s.maxRssKb),
      ]);
    }
  }
  log(`\nMedians of ${rows[0]?.rounds ?? 0} interleaved rounds; "×" = promptfoo ÷ tool (higher is better for the tool).\n`);
  log(table([header, ...body]));
}

async function latency(results) {
  log(`\n## 2. Latency-bound efficiency (${LATENCY.ms} ms server latency, ${LATENCY.cases} cases, -j ${LATENCY.concurrency})\n`);
  const server = await startServer({ latencyMs: LATENCY.ms });
  const ws = await writeWorkspace(path.join(WORK, `ws-${LATENCY.cases}`), LATENCY.cases);
  const ideal = Math.ceil(LATENCY.cases / LATENCY.concurrency) * LATENCY.ms;
  const runs = [];
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const tool of ['ours', 'promptfoo']) {
        const r = await runTool(tool, server, ws, { cases: LATENCY.cases, concurrency: LATENCY.concurrency });
        runs.push(r);
        log(`  round ${round}/${ROUNDS}  ${TOOLS[tool].label.padEnd(18)} wall ${fmt.s(r.wallMs)} s  (ideal ${fmt.s(ideal)} s)  max in flight ${r.maxInFlight}${r.ok ? '' : '  FAILED CHECK'}`);
      }
    }
  } finally {
    await server.stop();
  }
  const ours = summarize(runs.filter((r) => r.tool === 'ours'));
  const pf = summarize(runs.filter((r) => r.tool === 'promptfoo'));
  results.latency = { ...LATENCY, idealMs: ideal, rounds: ROUNDS, ours, promptfoo: pf };
  log('');
  log(
    table([
      ['tool', 'wall s', 'efficiency (ideal ÷ wall)', 'run only s', 'efficiency (run only)', 'max in flight'],
      ['prompt-workbench', fmt.s(ours.wallMs), pct(ideal / ours.wallMs), fmt.s(ours.runDurationMs), pct(ideal / ours.runDurationMs), ours.maxInFlight],
      ['promptfoo', fmt.s(pf.wallMs), pct(ideal / pf.wallMs), '', '', pf.maxInFlight],
    ]),
  );
  log('"wall" is the whole process (start-up and exit included); "run only" is the run\'s own durationMs from the JSON report.');
}

const pct = (x) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : 'n/a');

async function tokenizer(results) {
  log('\n## 3. Tokenizer (o200k_base, core from out/src/core)\n');
  const out = execFileSync(process.execPath, [path.join(ROOT, 'bench', 'tokenizer.mjs')], { cwd: ROOT, encoding: 'utf8', env: { ...cleanEnv(), ...(QUICK ? { BENCH_TOKENIZER_EDITS: '60' } : {}) } });
  const t = JSON.parse(out);
  results.tokenizer = t;
  log(
    table([
      ['measure', 'value'],
      ['encoder load (first estimate after start)', `${t.encoderLoadMs.toFixed(0)} ms`],
      [`count ${t.big.tokens.toLocaleString('en')} tokens (${(t.big.chars / 1000).toFixed(0)}k chars)`, `${t.big.medianMs.toFixed(1)} ms = ${(t.big.tokensPerSec / 1e6).toFixed(2)} M tokens/s`],
      [
        `re-estimate after an edit: ${t.typing.inputTokensPerCase.toLocaleString('en')}-token prompt, ${t.typing.cases} inline rows (median / p95 of ${t.typing.edits})`,
        `${t.typing.reestimateMedianMs.toFixed(2)} ms / ${t.typing.reestimateP95Ms.toFixed(2)} ms`,
      ],
      ['  of which parse + prepare (median)', `${t.typing.prepareMedianMs.toFixed(2)} ms`],
      ['countChat of the same edited conversation again (memoised per text; median / p95)', `${t.typing.countChatMedianMs.toFixed(2)} ms / ${t.typing.countChatP95Ms.toFixed(2)} ms`],
      [`re-estimate after an edit, same prompt with a ${t.typing1000Rows.cases.toLocaleString('en')}-row dataset (median)`, `${t.typing1000Rows.reestimateMedianMs.toFixed(0)} ms`],
    ]),
  );
}

async function load(results) {
  log(`\n## 4. Load: ${LOAD.cases.toLocaleString('en')} cases × ${LOAD.models} models (0 ms latency, -j 32, run record written)\n`);
  const server = await startServer({ latencyMs: 0 });
  const ws = await writeWorkspace(path.join(WORK, `ws-${LOAD.cases}-m${LOAD.models}`), LOAD.cases, { models: LOAD.models });
  const runs = [];
  try {
    for (let round = 1; round <= LOAD.rounds; round++) {
      const r = await runTool('ours', server, ws, { cases: LOAD.cases, concurrency: 32, models: LOAD.models });
      runs.push(r);
      log(`  round ${round}/${LOAD.rounds}  wall ${fmt.s(r.wallMs)} s  cpu ${fmt.s(r.cpuMs)} s  peak RSS ${fmt.mib(r.maxRssKb)} MiB${r.ok ? '' : '  FAILED CHECK'}`);
    }
  } finally {
    await server.stop();
  }
  const s = summarize(runs);
  const last = runs.at(-1);
  // Highest RSS in each quarter of the run, to show whether memory keeps growing.
  const quarters = [0.25, 0.5, 0.75, 1].map((q) => {
    const inQuarter = last.rssSeries.filter(([t]) => t > (q - 0.25) * last.wallMs && t <= q * last.wallMs).map(([, kb]) => kb);
    return inQuarter.length ? Math.max(...inQuarter) : NaN;
  });
  results.load = { ...LOAD, requests: LOAD.cases * LOAD.models, ...s, rssQuartersKb: quarters };
  log('');
  log(
    table([
      ['requests', 'wall s', 'CPU s', 'peak RSS MiB', 'highest RSS in each quarter of the run (MiB)'],
      [(LOAD.cases * LOAD.models).toLocaleString('en'), fmt.s(s.wallMs), fmt.s(s.cpuMs), fmt.mib(s.maxRssKb), quarters.map(fmt.mib).join(' / ')],
    ]),
  );
}

// ---------------------------------------------------------------------------------------------
// RESULTS.md: the block between the markers is regenerated, the rest is left as written.

const BEGIN = '<!-- bench:begin (generated by `npm run bench`; edit outside these markers) -->';
const END = '<!-- bench:end -->';

function markdown(results) {
  const m = results.machine;
  const lines = [];
  lines.push(`Run ${m.date.slice(0, 16).replace('T', ' ')} UTC on ${m.cpu}, ${m.cores} cores, ${m.ramGiB.toFixed(0)} GiB RAM (${m.os}).`);
  lines.push(`Node ${m.node}, promptfoo ${m.promptfoo}, prompt-workbench ${m.ours}. CPU and peak RSS measured with ${m.measuredWith}.`);
  lines.push(
    `Load average (1/5/15 min) at start ${m.loadStart.map((x) => x.toFixed(2)).join(' / ')}, at end ${results.loadEnd.map((x) => x.toFixed(2)).join(' / ')}${Math.max(...m.loadStart, ...results.loadEnd) > m.cores * 0.75 ? ' – **the machine was busy: treat wall times as noisy**' : ''}.`,
  );
  lines.push(`Wall-clock total ${(results.totalMs / 60000).toFixed(1)} min.`);
  if (results.overhead.length) {
    lines.push('', '### Engine overhead vs promptfoo', '');
    lines.push(`Medians of ${results.overhead[0].rounds} interleaved rounds (promptfoo, ours, ours --no-record, bare client). "×" = promptfoo ÷ tool.`, '');
    lines.push('| cases | -j | tool | wall s | CPU s | CPU ms/case | peak RSS MiB | CPU × | RSS × |', '|---:|---:|---|---:|---:|---:|---:|---:|---:|');
    for (const row of results.overhead) {
      for (const tool of Object.keys(TOOLS)) {
        const s = row[tool];
        const pf = row.promptfoo;
        lines.push(
          `| ${row.cases.toLocaleString('en')} | ${row.concurrency} | ${TOOLS[tool].label} | ${fmt.s(s.wallMs)} | ${fmt.s(s.cpuMs)} | ${(s.cpuMs / row.cases).toFixed(3)} | ${fmt.mib(s.maxRssKb)} | ${tool === 'promptfoo' ? '' : fmt.x(pf.cpuMs / s.cpuMs)} | ${tool === 'promptfoo' ? '' : fmt.x(pf.maxRssKb / s.maxRssKb)} |${s.failed ? ` (${s.failed} run(s) failed the checks)` : ''}`,
        );
      }
    }
  }
  if (results.latency) {
    const l = results.latency;
    lines.push('', `### Latency-bound efficiency (${l.ms} ms latency, ${l.cases.toLocaleString('en')} cases, -j ${l.concurrency}; ideal ${fmt.s(l.idealMs)} s)`, '');
    lines.push('| tool | wall s | efficiency | run-only s | efficiency (run only) | max in flight |', '|---|---:|---:|---:|---:|---:|');
    lines.push(
      `| prompt-workbench | ${fmt.s(l.ours.wallMs)} | ${pct(l.idealMs / l.ours.wallMs)} | ${fmt.s(l.ours.runDurationMs)} | ${pct(l.idealMs / l.ours.runDurationMs)} | ${l.ours.maxInFlight} |`,
    );
    lines.push(`| promptfoo | ${fmt.s(l.promptfoo.wallMs)} | ${pct(l.idealMs / l.promptfoo.wallMs)} | | | ${l.promptfoo.maxInFlight} |`);
  }
  if (results.tokenizer) {
    const t = results.tokenizer;
    lines.push('', '### Tokenizer (o200k_base)', '');
    lines.push('| measure | value |', '|---|---:|');
    lines.push(`| encoder load (first estimate after start) | ${t.encoderLoadMs.toFixed(0)} ms |`);
    lines.push(`| count a ${t.big.tokens.toLocaleString('en')}-token prompt | ${t.big.medianMs.toFixed(1)} ms (${(t.big.tokensPerSec / 1e6).toFixed(2)} M tokens/s) |`);
    lines.push(
      `| re-estimate after an edit, ${t.typing.inputTokensPerCase.toLocaleString('en')}-token prompt with ${t.typing.cases} inline rows (median / p95 of ${t.typing.edits}) | ${t.typing.reestimateMedianMs.toFixed(2)} ms / ${t.typing.reestimateP95Ms.toFixed(2)} ms |`,
    );
    lines.push(`| … of which parse + prepare (median) | ${t.typing.prepareMedianMs.toFixed(2)} ms |`);
    lines.push(`| countChat of the same edited conversation again (memoised per text; median / p95) | ${t.typing.countChatMedianMs.toFixed(2)} ms / ${t.typing.countChatP95Ms.toFixed(2)} ms |`);
    lines.push(`| re-estimate after an edit, same prompt with a ${t.typing1000Rows.cases.toLocaleString('en')}-row dataset (median) | ${t.typing1000Rows.reestimateMedianMs.toFixed(0)} ms |`);
  }
  if (results.load) {
    const l = results.load;
    lines.push('', `### Load: ${l.cases.toLocaleString('en')} cases × ${l.models} models (${l.requests.toLocaleString('en')} requests, -j 32, run record written)`, '');
    lines.push('| wall s | CPU s | peak RSS MiB | highest RSS in each quarter of the run (MiB) |', '|---:|---:|---:|---|');
    lines.push(`| ${fmt.s(l.wallMs)} | ${fmt.s(l.cpuMs)} | ${fmt.mib(l.maxRssKb)} | ${l.rssQuartersKb.map(fmt.mib).join(' / ')} |`);
  }
  return lines.join('\n');
}

async function writeResultsMd(file, block) {
  let text = existsSync(file) ? await readFile(file, 'utf8') : `# Benchmark results\n\n${BEGIN}\n${END}\n`;
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  if (a < 0 || b < a) text = `${text.trimEnd()}\n\n${BEGIN}\n${END}\n`;
  const start = text.indexOf(BEGIN) + BEGIN.length;
  const end = text.indexOf(END);
  await writeFile(file, `${text.slice(0, start)}\n${block}\n${text.slice(end)}`);
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const started = performance.now();
  await mkdir(WORK, { recursive: true });
  for (const [what, file] of [
    ['the CLI bundle', CLI],
    ['promptfoo', PROMPTFOO],
    ['the test server', path.join(ROOT, 'out', 'test', 'support', 'openaiServerMain.js')],
  ]) {
    if (!existsSync(file)) throw new Error(`${what} is missing (${file}); run scripts/bench.sh, which builds and installs it`);
  }
  const cliHash = await snapshotCli();
  const results = { machine: machine(), overhead: [] };
  results.machine.ours += `, ${path.relative(ROOT, CLI)} sha256 ${cliHash}`;
  const m = results.machine;
  log(`# Prompt Workbench benchmark${QUICK ? ' (quick)' : ''}`);
  log(`${m.date}  ${m.cpu}, ${m.cores} cores, ${m.ramGiB.toFixed(0)} GiB  Node ${m.node}  promptfoo ${m.promptfoo}  prompt-workbench ${m.ours}`);
  log(`load average ${m.loadStart.map((x) => x.toFixed(2)).join(' ')}  rounds ${ROUNDS}  measured with ${m.measuredWith}`);
  if (ONLY.has('overhead')) await overhead(results);
  if (ONLY.has('latency')) await latency(results);
  if (ONLY.has('tokenizer')) await tokenizer(results);
  if (ONLY.has('load')) await load(results);
  results.loadEnd = os.loadavg();
  results.totalMs = performance.now() - started;
  const jsonFile = path.join(WORK, 'results.json');
  await writeFile(jsonFile, `${JSON.stringify(results, null, 1)}\n`);
  log(`\nload average at the end ${results.loadEnd.map((x) => x.toFixed(2)).join(' ')}; total ${(results.totalMs / 60000).toFixed(1)} min; raw figures in ${path.relative(ROOT, jsonFile)}`);
  if (RESULTS_MD) {
    await writeResultsMd(RESULTS_MD, markdown(results));
    log(`updated ${path.relative(ROOT, RESULTS_MD)}`);
  }
  const failed = ALL_RUNS.filter((r) => !r.ok).length;
  if (failed) warn(`${failed} run(s) failed their checks (see above); their figures are left out of the medians.`);
}

main().catch((error) => {
  warn(`bench: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
