// Time to first render and scrolling of the results webview on large runs, in a real browser
// (Debian's Chromium through playwright-core). Prints figures; asserts nothing.
//
//   npx tsc -p tsconfig.json && node scripts/build.mjs && node out/bench/webview.bench.js [--cases 5000] [--models 3]
//
// The page is the webview's own HTML (same CSP, same bundle and stylesheet), served from
// 127.0.0.1 with a stand-in for acquireVsCodeApi whose messages go to the host's own view code
// (src/shared/pagedView.ts) in this process, as the panel would answer them. Measured:
//   build        host: the view model of the records (what a panel does when it opens a view)
//   ready        navigation start → the script has loaded and said "ready"
//   parse        JSON.parse of the frame message (what VS Code does with a message it forwards)
//   first render frame posted → first rows painted (asking for them and the reply included)
// The host ↔ webview hop is playwright's instead of VS Code's IPC; message sizes are printed.
// First, the step before all that when a view opens a record file: reading it (recordLoad).

import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { createNonce, webviewHtml } from '../src/extension/views/html.js';
import { parseRunRecord, readRecord } from '../src/core/record/read.js';
import { writeRecordFile } from '../src/core/record/writer.js';
import { pagedView, type PagedView } from '../src/shared/pagedView.js';
import { isWebviewMessage, type HostMessage, type ViewData } from '../src/shared/protocol.js';
import { fixtureRecord } from './webviewFixture.js';

declare const document: any;
declare const window: any;
declare function requestAnimationFrame(callback: (time: number) => void): number;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

const { values } = parseArgs({ options: { cases: { type: 'string', default: '5000' }, models: { type: 'string', default: '3' }, runs: { type: 'string', default: '3' } } });
const CASES = Number(values.cases);
const MODELS = ['openai/gpt-4o-mini', 'openai/gpt-4.1-mini', 'openai/gpt-4.1', 'openai/o4-mini', 'openai/gpt-4o', 'openai/gpt-4.1-nano'].slice(0, Number(values.models));
const RUNS = Number(values.runs);

// A few of the --vscode-* variables VS Code sets on a webview (Dark Modern), so the page renders
// (and paints) as it would in the editor.
const THEME: Record<string, string> = {
  '--vscode-font-family': 'system-ui, sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-font-weight': 'normal',
  '--vscode-editor-font-family': 'monospace',
  '--vscode-editor-font-size': '13px',
  '--vscode-foreground': '#cccccc',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-editor-background': '#1f1f1f',
  '--vscode-sideBar-background': '#181818',
  '--vscode-panel-border': '#2b2b2b',
  '--vscode-focusBorder': '#0078d4',
  '--vscode-list-hoverBackground': '#2a2d2e',
  '--vscode-list-activeSelectionBackground': '#04395e',
  '--vscode-list-inactiveSelectionBackground': '#37373d',
  '--vscode-testing-iconPassed': '#73c991',
  '--vscode-testing-iconFailed': '#f14c4c',
  '--vscode-errorForeground': '#f85149',
  '--vscode-editorWarning-foreground': '#cca700',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-purple': '#b180d7',
  '--vscode-charts-yellow': '#cca700',
  '--vscode-charts-red': '#f14c4c',
  '--vscode-charts-foreground': '#cccccc',
  '--vscode-charts-lines': '#cccccc80',
  '--vscode-badge-background': '#616161',
  '--vscode-badge-foreground': '#f8f8f8',
  '--vscode-input-background': '#313131',
  '--vscode-textCodeBlock-background': '#2b2b2b',
  '--vscode-textBlockQuote-background': '#2b2b2b',
  '--vscode-button-background': '#0078d4',
  '--vscode-button-foreground': '#ffffff',
  '--vscode-button-secondaryBackground': '#313131',
  '--vscode-button-secondaryForeground': '#cccccc',
};

const STUB = `
for (const [name, value] of Object.entries(${JSON.stringify(THEME)})) document.documentElement.style.setProperty(name, value);
window.__pw = { out: [], violations: [], ready: null, asked: 0, answered: 0, firstAsked: null, firstAnswered: null };
window.addEventListener('message', (e) => {
  if (e.data.type !== 'rows' && e.data.type !== 'details') return;
  window.__pw.answered++;
  window.__pw.firstAnswered ??= performance.now();
});
document.addEventListener('securitypolicyviolation', (e) => window.__pw.violations.push(e.violatedDirective + ' ' + (e.blockedURI || e.sample || '')));
window.acquireVsCodeApi = () => ({
  postMessage(message) {
    window.__pw.out.push(message);
    if (message.type === 'ready') window.__pw.ready = performance.now();
    else if (message.type === 'rows' || message.type === 'details') {
      window.__pw.asked++;
      window.__pw.firstAsked ??= performance.now();
      window.__pwHost(JSON.stringify(message)).then((reply) => window.postMessage(JSON.parse(reply), '*'));
    }
  },
  getState() { return undefined; },
  setState() {},
});
`;

function serve(files: Record<string, { type: string; body: string | Buffer }>): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const file = files[(req.url ?? '/').split('?')[0]];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function stats(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return `p50 ${at(50).toFixed(1)} ms, p95 ${at(95).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

interface Scenario {
  name: string;
  data: ViewData;
}

function scenarios(): Scenario[] {
  const record = fixtureRecord({ cases: CASES, models: MODELS, seed: 7 });
  const before = fixtureRecord({ cases: CASES, models: MODELS, seed: 11, id: '20261121T100000Z-big-00bb', passRate: 0.75 });
  return [
    { name: `results (${CASES} cases × ${MODELS.length} models = ${record.results.length} rows)`, data: { kind: 'results', record } },
    { name: `compare models (${CASES} rows × ${MODELS.length} model columns)`, data: { kind: 'models', record } },
    { name: `compare versions (${CASES * MODELS.length} paired rows)`, data: { kind: 'versions', before: { label: 'HEAD', record: before }, after: { label: 'working copy', record } } },
  ];
}

/**
 * The panel's answers (src/extension/views/panel.ts) to what the page asks, from `view`. Messages
 * cross as JSON text, as through VS Code's IPC (playwright's own object serialisation is slower).
 */
function answer(view: PagedView, text: string, sizes: number[]): string {
  const message: unknown = JSON.parse(text);
  if (!isWebviewMessage(message)) return 'null';
  const reply: HostMessage | null = message.type === 'rows' ? view.page(message) : message.type === 'details' ? { type: 'details', key: message.key, details: view.details(message.key) } : null;
  const json = JSON.stringify(reply);
  if (reply) sizes.push(json.length);
  return json;
}

/**
 * Opening a record from disk: what the panel does before it builds (readRecordFile). Timed with
 * the longest stall of the event loop, i.e. how long every other extension would have waited.
 */
async function recordLoad(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pw-webview-bench-'));
  try {
    const file = path.join(dir, 'run.jsonl');
    await writeRecordFile(file, fixtureRecord({ cases: CASES, models: MODELS, seed: 7 }));
    const size = (await stat(file)).size;
    for (const [name, read] of [
      ['readRecord (in slices)', () => readRecord(file)],
      ['parse at once', async () => parseRunRecord(await readFile(file, 'utf8'), file)],
    ] as const) {
      let last = performance.now();
      let stall = 0;
      const timer = setInterval(() => {
        stall = Math.max(stall, performance.now() - last);
        last = performance.now();
      }, 5);
      const started = performance.now();
      const record = await read();
      const took = performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 10));
      clearInterval(timer);
      console.log(`record file (${(size / 1e6).toFixed(0)} MB, ${record.results.length} results) ${name}: ${took.toFixed(0)} ms, longest event-loop stall ${stall.toFixed(0)} ms`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  await recordLoad();
  const script = await readFile(path.join(ROOT, 'dist', 'webview.js')).catch(() => {
    throw new Error('dist/webview.js is missing: run `node scripts/build.mjs` first');
  });
  const style = await readFile(path.join(ROOT, 'media', 'webview.css'));
  const files: Record<string, { type: string; body: string | Buffer }> = {
    '/webview.js': { type: 'text/javascript', body: script },
    '/webview.css': { type: 'text/css', body: style },
    '/stub.js': { type: 'text/javascript', body: STUB },
  };
  const server = await serve(files);
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: process.env.PW_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  console.log(`webview bench: Chromium ${browser.version()}, viewport 1400×900, ${RUNS} runs per scenario (median shown)`);
  try {
    for (const scenario of scenarios()) {
      const builds: number[] = [];
      const replySizes: number[] = [];
      let view: PagedView | undefined;
      const timings: Array<Record<string, number>> = [];
      let text = '';
      let scroll = { frames: [] as number[], blank: 0 };
      let interactions: Record<string, number> = {};
      let violations: string[] = [];
      let domRows = 0;
      for (let run = 0; run < RUNS; run++) {
        const nonce = createNonce();
        const html = webviewHtml({ cspSource: origin, nonce, scriptUri: `${origin}/webview.js`, styleUri: `${origin}/webview.css`, title: 'bench' }).replace(
          `<script nonce="${nonce}"`,
          `<script nonce="${nonce}" src="${origin}/stub.js"></script>\n<script nonce="${nonce}"`,
        );
        files['/'] = { type: 'text/html', body: html };
        const started = performance.now();
        const current = pagedView(scenario.data);
        builds.push(performance.now() - started);
        view = current;
        text = JSON.stringify({ type: 'show', frame: current.frame, source: null, ui: null } satisfies HostMessage);
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        await page.exposeFunction('__pwHost', (text: string) => answer(current, text, replySizes));
        await page.goto(`${origin}/`);
        await page.waitForFunction(() => window.__pw.ready !== null);
        const measured = await page.evaluate(async (messageText: string) => {
          const t0 = performance.now();
          const message = JSON.parse(messageText);
          const t1 = performance.now();
          window.postMessage(message, '*');
          await new Promise<void>((resolve) => {
            const poll = () => (performance.getEntriesByName('pw-first-render').length ? resolve() : requestAnimationFrame(poll));
            poll();
          });
          const rendered = performance.getEntriesByName('pw-first-render')[0].startTime;
          return {
            ready: window.__pw.ready,
            parse: t1 - t0,
            firstRender: rendered - t1,
            asked: window.__pw.firstAsked - t1,
            answered: window.__pw.firstAnswered - t1,
            rows: document.querySelectorAll('.grid-row:not([hidden])').length,
          };
        }, text);
        timings.push(measured);
        domRows = measured.rows;
        if (run === RUNS - 1) {
          scroll = await page.evaluate(async () => {
            const grid = document.querySelector('.grid');
            const frames: number[] = [];
            let blank = 0;
            let last = await new Promise<number>((r) => requestAnimationFrame(r));
            for (let i = 0; i < 240; i++) {
              grid.scrollTop += i < 120 ? 420 : -180;
              const now = await new Promise<number>((r) => requestAnimationFrame(r));
              frames.push(now - last);
              if (document.querySelector('.grid-row.pending:not([hidden])')) blank++;
              last = now;
            }
            return { frames, blank };
          });
          interactions = await page.evaluate(async () => {
            const frame = () => new Promise<number>((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
            // Until the rows the action asked the host for have arrived and been painted.
            const time = async (action: () => void) => {
              const t = performance.now();
              action();
              await frame();
              while (window.__pw.answered < window.__pw.asked || document.querySelector('.grid-row.pending:not([hidden])')) await frame();
              return performance.now() - t;
            };
            const grid = document.querySelector('.grid');
            return {
              'jump to end': await time(() => (grid.scrollTop = grid.scrollHeight)),
              'sort by last column': await time(() => [...document.querySelectorAll('.sort-button')].at(-1).click()),
              'sort by first column': await time(() => document.querySelector('.sort-button').click()),
              'failed only': await time(() => document.querySelector('#filter-failed').click()),
              'failed only off': await time(() => document.querySelector('#filter-failed').click()),
            };
          });
          violations = await page.evaluate(() => window.__pw.violations);
        }
        await page.close();
      }
      console.log(`\n${scenario.name}`);
      console.log(`  build              ${median(builds).toFixed(0)} ms on the host (view model of the records; runs: ${builds.map((b) => b.toFixed(0)).join(', ')})`);
      console.log(`  frame message      ${(text.length / 1e3).toFixed(1)} kB of JSON (${view?.frame.rowCount} rows not included)`);
      console.log(`  row pages          ${replySizes.length} replies, largest ${(Math.max(...replySizes) / 1e3).toFixed(1)} kB`);
      console.log(`  ready              ${median(timings.map((t) => t.ready)).toFixed(0)} ms after navigation start (script loaded, components defined)`);
      console.log(`  parse              ${median(timings.map((t) => t.parse)).toFixed(0)} ms (JSON.parse of the message)`);
      console.log(`  first render       ${median(timings.map((t) => t.firstRender)).toFixed(0)} ms after postMessage (runs: ${timings.map((t) => t.firstRender.toFixed(0)).join(', ')})`);
      console.log(
        `    of which         frame drawn, rows asked at ${median(timings.map((t) => t.asked)).toFixed(0)} ms; first page arrived at ${median(timings.map((t) => t.answered)).toFixed(0)} ms`,
      );
      console.log(`  time to first rows ${median(timings.map((t, i) => builds[i] + t.ready + t.parse + t.firstRender)).toFixed(0)} ms (build + ready + parse + first render, one after the other)`);
      console.log(`  rows in the DOM    ${domRows} (virtualised)`);
      console.log(`  scrolling          240 frames: ${stats(scroll.frames)}; ${scroll.frames.filter((f) => f > 50).length} frames over 50 ms; ${scroll.blank} painted with rows still on their way`);
      for (const [name, ms] of Object.entries(interactions)) console.log(`  ${name.padEnd(18)} ${ms.toFixed(0)} ms until its rows are painted`);
      console.log(`  CSP violations     ${violations.length}${violations.length ? `: ${violations.slice(0, 5).join('; ')}` : ''}`);
    }
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
