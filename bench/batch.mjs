// Batch runs at size: `eval --batch --no-wait` (cases streamed into batch JSONL files, split under
// the provider's per-batch byte limit, uploaded as streams) and `eval --resume` (output files
// downloaded and turned into results), against the test server's batch endpoints on 127.0.0.1.
// Figures are printed, never asserted: wall time, CPU and the CLI's peak RSS per phase, with a
// live run of the same cases for reference.
//
//   [BENCH_NO_LIVE=1] node bench/batch.mjs [cases=20000,100000]     (after `npx tsc -p tsconfig.json` and `node scripts/build.mjs`)
import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeWorkspace } from './dataset.mjs';
import { CLI, MEASURED_WITH, WORK, fmt, measure, startServer, table } from './lib.mjs';

const SIZES = (process.argv[2] ?? '20000,100000').split(',').map(Number);
// BENCH_NO_LIVE=1 leaves out the live reference run (minutes at 100,000 cases).
const NO_LIVE = process.env.BENCH_NO_LIVE === '1';
// The test server takes bodies up to 16 MB; OpenAI takes 200 MB. 8 MB files make a large run several batches.
const BATCH_BYTES = 8 * 1024 * 1024;

const rows = [['cases', 'phase', 'wall s', 'cpu s', 'peak RSS MiB', 'batches']];
for (const cases of SIZES) {
  const dir = path.join(WORK, `batch-${cases}`);
  await rm(dir, { recursive: true, force: true });
  await writeWorkspace(dir, cases);
  await writeFile(path.join(dir, 'prompt-workbench.yml'), `concurrency: 32\nproviders:\n  openai:\n    batchLimits:\n      bytes: ${BATCH_BYTES}\n`);
  const server = await startServer();
  try {
    await fetch(`${server.url.replace(/\/v1$/, '')}/__control`, { method: 'POST', body: JSON.stringify({ batch: { pollsBeforeDone: 1 } }) });
    const env = { ...process.env, OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'bench' };
    if (!NO_LIVE) {
      const live = await measure(process.execPath, [CLI, 'eval', 'bench.prompt.yml', '--no-cache'], { cwd: dir, env });
      rows.push([cases, 'live eval (reference)', fmt.s(live.wallMs), fmt.s(live.cpuMs), fmt.mib(live.maxRssKb), '']);
    }
    const submit = await measure(process.execPath, [CLI, 'eval', 'bench.prompt.yml', '--batch', '--no-wait'], { cwd: dir, env });
    const record = /--resume (\S+)/.exec(submit.stdout)?.[1];
    if (submit.code !== 0 || !record) throw new Error(`submit failed (${submit.code}): ${submit.stderr.slice(-2000)}`);
    const batches = /submitted (\d+) batch/.exec(submit.stderr)?.[1] ?? '?';
    rows.push([cases, 'eval --batch --no-wait', fmt.s(submit.wallMs), fmt.s(submit.cpuMs), fmt.mib(submit.maxRssKb), batches]);
    const resume = await measure(process.execPath, [CLI, 'eval', '--resume', record, '--poll', '10', '--json'], { cwd: dir, env });
    const report = JSON.parse(resume.stdout);
    if (report.status !== 'completed' || report.summary.passed !== cases) throw new Error(`resume: ${resume.stdout.slice(0, 500)} ${resume.stderr.slice(-2000)}`);
    rows.push([cases, 'eval --resume', fmt.s(resume.wallMs), fmt.s(resume.cpuMs), fmt.mib(resume.maxRssKb), batches]);
    const runs = (await readdir(path.join(dir, '.prompt-workbench', 'runs'))).length;
    if (runs !== (NO_LIVE ? 1 : 2)) throw new Error(`expected ${NO_LIVE ? 1 : 2} records, found ${runs}`);
  } finally {
    await server.stop();
  }
}
console.log(table(rows));
console.log(`\nMeasured with ${MEASURED_WITH}; one run each; ${BATCH_BYTES / 1024 / 1024} MB batch files; test server at 0 ms latency.`);
