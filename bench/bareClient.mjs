// The floor: the same chat-completions requests as the benchmark prompt, sent with nothing but
// node:http and a keep-alive Agent, N in flight, each reply parsed and checked with `includes`.
//
//   node bench/bareClient.mjs <cases.csv> <baseURL> <concurrency> [models=1]
// Prints {"requests":N,"passed":P,"failed":F}. The CSV is the generator's (no embedded newlines
// or quotes inside quoted cells), so a few lines of parsing do.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { EXTRA_MODELS, MAX_TOKENS, MODEL, SYSTEM, USER } from './dataset.mjs';

const [file, baseURL, concurrencyText, modelsText] = process.argv.slice(2);
const concurrency = Number(concurrencyText);
const models = [MODEL, ...EXTRA_MODELS].slice(0, Number(modelsText ?? 1));
const [headerLine, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
const header = headerLine.split(',');
const cases = lines.map((line) => {
  const cells = line
    .match(/("([^"]|"")*"|[^,]*)(,|$)/g)
    .map((c) => c.replace(/,$/, ''))
    .map((c) => (c.startsWith('"') ? c.slice(1, -1).replace(/""/g, '"') : c));
  return Object.fromEntries(header.map((h, i) => [h, cells[i]]));
});
const render = (template, vars) => template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name) => vars[name] ?? '');

const url = new URL(`${baseURL.replace(/\/$/, '')}/chat/completions`);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

function post(body) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))) : reject(new Error(`HTTP ${res.statusCode}`))));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const tasks = cases.flatMap((vars) => models.map((model) => ({ vars, model })));
let next = 0;
let passed = 0;
let failed = 0;
async function worker() {
  while (next < tasks.length) {
    const { vars, model } = tasks[next++];
    const body = JSON.stringify({
      model,
      messages: [
        { role: 'system', content: SYSTEM },
        { role: 'user', content: render(USER, vars) },
      ],
      temperature: 0,
      max_tokens: MAX_TOKENS,
    });
    const reply = await post(body);
    const output = reply.choices?.[0]?.message?.content ?? '';
    if (output.includes(vars.ref)) passed++;
    else failed++;
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
agent.destroy();
process.stdout.write(`${JSON.stringify({ requests: tasks.length, passed, failed })}\n`);
