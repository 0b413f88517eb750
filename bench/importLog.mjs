// `import` figures, in a fresh process, on the core's compiled output (out/src/core): a JSON Lines
// log of Chat Completions requests ({request, response} pairs, multi-line values, one line in ten
// from another prompt) turned into rows for a two-message, three-variable prompt.
//   - lines per second and MB per second of log read, matched and deduplicated (importRows);
//   - peak RSS while reading (the log is streamed; only the rows are kept);
//   - a value holding the separator text many times over (the split is found in one pass each way).
// Prints one JSON object on stdout. Figures only, nothing is asserted.
//   BENCH_IMPORT_LINES=200000     log size (default 100,000 lines)
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './lib.mjs';

const core = await import(pathToFileURL(path.join(ROOT, 'out', 'src', 'core', 'index.js')).href);
const LINES = Number(process.env.BENCH_IMPORT_LINES ?? 100_000);
const MESSAGES = [
  { role: 'system', content: 'You answer support tickets for {{product}}. Be brief.' },
  { role: 'user', content: 'Ticket:\n{{ticket}}\n\nCustomer tier: {{tier}}' },
];

function logLine(i) {
  if (i % 10 === 9) return JSON.stringify({ messages: [{ role: 'user', content: `unrelated ${i}` }] });
  const ticket = `Order #${i} arrived damaged.\nThe box was open.\n\nPlease help (${i % 997}).`;
  const request = {
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: `You answer support tickets for Widget ${i % 50}. Be brief.` },
      { role: 'user', content: `Ticket:\n${ticket}\n\nCustomer tier: ${i % 3 ? 'gold' : 'free'}` },
    ],
  };
  return JSON.stringify({ request, response: { choices: [{ message: { role: 'assistant', content: `Sorry about order #${i}.` } }] } });
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'pw-bench-import-'));
try {
  const file = path.join(dir, 'traffic.jsonl');
  const chunks = [];
  for (let i = 0; i < LINES; i++) chunks.push(logLine(i));
  await writeFile(file, `${chunks.join('\n')}\n`);
  chunks.length = 0;
  const bytes = (await stat(file)).size;
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const started = performance.now();
  const imported = await core.importRows(file, MESSAGES, { withExpected: true });
  const ms = performance.now() - started;
  clearInterval(sampler);
  if (!imported.ok) throw new Error(imported.error);

  // One message whose value holds the separator ("\n\nCustomer tier: ") 20,000 times: ambiguous, reported.
  const nasty = 'x\n\nCustomer tier: '.repeat(20_000);
  const adversarial = path.join(dir, 'adversarial.jsonl');
  await writeFile(
    adversarial,
    `${JSON.stringify({
      messages: [
        { role: 'system', content: 'You answer support tickets for W. Be brief.' },
        { role: 'user', content: `Ticket:\n${nasty}\n\nCustomer tier: gold` },
      ],
    })}\n`,
  );
  const t0 = performance.now();
  const hard = await core.importRows(adversarial, MESSAGES);
  const adversarialMs = performance.now() - t0;

  const { report } = imported;
  process.stdout.write(
    `${JSON.stringify(
      {
        lines: LINES,
        logMB: +(bytes / 1e6).toFixed(1),
        ms: Math.round(ms),
        linesPerSecond: Math.round(LINES / (ms / 1000)),
        mbPerSecond: +(bytes / 1e6 / (ms / 1000)).toFixed(1),
        rows: report.rows.length,
        matched: report.matched,
        skipped: report.skipped.length,
        duplicates: report.duplicates,
        peakRssGrowthMB: Math.round((peak - rssBefore) / 1e6),
        adversarial: { valueKB: Math.round(nasty.length / 1024), ms: +adversarialMs.toFixed(1), skipped: hard.ok ? hard.report.skipped.map((s) => s.reason.slice(0, 60)) : hard.error },
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
