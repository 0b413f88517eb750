// Shared helpers for the benchmarks: paths, the test server as a child process, process-tree
// measurement (wall, CPU user+sys, peak RSS), medians and table printing.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WORK = process.env.BENCH_WORK ? path.resolve(process.env.BENCH_WORK) : path.join(ROOT, 'bench', '.work');
export const SERVER_MAIN = path.join(ROOT, 'out', 'test', 'support', 'openaiServerMain.js');
export const CLI = process.env.BENCH_CLI ? path.resolve(process.env.BENCH_CLI) : path.join(ROOT, 'dist', 'cli.mjs');
export const PROMPTFOO = path.join(ROOT, '.cache', 'promptfoo', 'node_modules', 'promptfoo', 'dist', 'src', 'entrypoint.js');

/** Starts the OpenAI-compatible test server as its own process; resolves once it listens. */
export async function startServer({ latencyMs = 0, extraArgs = [] } = {}) {
  const child = spawn(process.execPath, [SERVER_MAIN, '--port', '0', '--latency-ms', String(latencyMs), '--no-record', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once('line', (l) => {
      rl.close();
      resolve(l);
    });
    child.once('exit', (code) => reject(new Error(`test server exited with ${code} before listening`)));
  });
  const info = JSON.parse(line);
  const base = info.url.replace(/\/v1$/, '');
  return {
    url: info.url,
    pid: info.pid,
    async reset() {
      await control('POST', `${base}/__reset`);
    },
    async stats() {
      return JSON.parse(await control('GET', `${base}/__stats`));
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function control(method, url) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`${method} ${url}: ${res.statusCode} ${body}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

const PAGE_KB = 4; // x86-64 / arm64 Linux page size

function readProcStat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After "pid (comm) ": state is field 3, rss (pages) field 24.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { rssPages: Number(fields[21]) };
  } catch {
    return null;
  }
}

function childrenOf(pid) {
  try {
    const out = [];
    for (const tid of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)) if (tid) out.push(Number(tid));
    return out;
  } catch {
    return [];
  }
}

const TIME_BIN = process.env.BENCH_NO_GNU_TIME === '1' ? undefined : ['/usr/bin/time', '/bin/time'].find((p) => existsSync(p));
export const MEASURED_WITH = TIME_BIN ? `GNU time (${TIME_BIN}): wait4 rusage` : 'bash `times` (CPU) and /proc sampling (RSS)';

/**
 * Runs a command and measures it:
 *   wallMs     from spawn to exit;
 *   cpuMs      user + sys of the process and every descendant it waited for (wait4 rusage, via
 *              GNU time; without it, bash's `times`);
 *   maxRssKb   the largest resident set of any single process in the tree (wait4 ru_maxrss via GNU
 *              time; without it, the sampled maximum);
 *   peakTreeKb the largest sum of RSS over the process tree, sampled every `sampleMs`;
 *   rssSeries  [ms since start, tree RSS KiB] samples, for memory-over-time.
 */
export async function measure(cmd, args, { cwd = ROOT, env = process.env, sampleMs = 20, seriesEveryMs = 250 } = {}) {
  const stamp = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const timeOut = path.join(WORK, `time-${stamp}.txt`);
  const argv = TIME_BIN ? [TIME_BIN, '-f', '%e %U %S %M', '-o', timeOut, cmd, ...args] : ['bash', '-c', '"$@"; rc=$?; times > "$PW_TIMES_OUT"; exit $rc', 'measure', cmd, ...args];
  const started = performance.now();
  const child = spawn(argv[0], argv.slice(1), { cwd, env: TIME_BIN ? env : { ...env, PW_TIMES_OUT: timeOut }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c) => (stderr.length < 1e6 ? (stderr += c) : undefined));
  let peakTreeKb = 0;
  let peakSingleKb = 0;
  const rssSeries = [];
  let lastSeries = -Infinity;
  const sample = () => {
    let total = 0;
    const stack = [child.pid];
    while (stack.length) {
      const p = stack.pop();
      const st = readProcStat(p);
      if (!st) continue;
      const kb = st.rssPages * PAGE_KB;
      total += kb;
      // The wrapper (time / bash) is tiny; count it in the tree, not as "the largest process".
      if (p !== child.pid && kb > peakSingleKb) peakSingleKb = kb;
      stack.push(...childrenOf(p));
    }
    if (total > peakTreeKb) peakTreeKb = total;
    const t = performance.now() - started;
    if (t - lastSeries >= seriesEveryMs) {
      rssSeries.push([Math.round(t), total]);
      lastSeries = t;
    }
  };
  const timer = setInterval(sample, sampleMs);
  const code = await new Promise((resolve) => child.once('exit', (c, s) => resolve(c ?? (s ? 128 : 1))));
  clearInterval(timer);
  const wallMs = performance.now() - started;
  let cpuMs = NaN;
  let maxRssKb = peakSingleKb || NaN;
  try {
    const text = (await readFile(timeOut, 'utf8')).trim();
    if (TIME_BIN) {
      const [, user, sys, rss] = text.split('\n').pop().split(' ').map(Number);
      cpuMs = (user + sys) * 1000;
      maxRssKb = rss;
    } else {
      // `times`: the shell's own user/sys, then its children's, as "0m1.234s 0m0.056s".
      const secs = (m) => Number(m[1]) * 60 + Number(m[2]);
      const fields = [
        ...text
          .split('\n')
          .pop()
          .matchAll(/(\d+)m([\d.]+)s/g),
      ];
      cpuMs = (secs(fields[0]) + secs(fields[1])) * 1000;
    }
  } catch {
    // the command did not start; cpuMs stays NaN
  }
  await rm(timeOut, { force: true });
  return { code, wallMs, cpuMs, maxRssKb, peakTreeKb, rssSeries, stdout, stderr };
}

export function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

export function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows
    .map((r, i) => {
      const line = r.map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join('  ');
      return i === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
    })
    .join('\n');
}

export const fmt = {
  s: (ms) => (Number.isFinite(ms) ? (ms / 1000).toFixed(2) : 'n/a'),
  mib: (kb) => (Number.isFinite(kb) ? (kb / 1024).toFixed(0) : 'n/a'),
  x: (r) => (Number.isFinite(r) ? `${r.toFixed(1)}×` : 'n/a'),
};

/** The node flags the CLI's shebang passes (`#!/usr/bin/env -S node --flag…`), so the bench runs it as its bin does. */
export function shebangFlags(file) {
  const first = readFileSync(file, 'utf8').slice(0, 200).split('\n', 1)[0];
  const m = /^#!\/usr\/bin\/env\s+-S\s+node\s+(.*)$/.exec(first);
  return m ? m[1].trim().split(/\s+/) : [];
}
