/**
 * Runs the OpenAI-compatible test server as its own process (e2e suite, benchmarks):
 *
 *   node out/test/support/openaiServerMain.js [--port N] [--latency-ms N] [--rules file.json]
 *     [--fault-rate R --faults 429,500,...] [--retry-after N] [--seed N]
 *     [--require-api-key KEY] [--no-record]
 *
 * stdout carries exactly one line, `{"url":"http://127.0.0.1:<port>/v1","port":<port>,"pid":<pid>}`,
 * once the server listens, so a parent can read one line and go; diagnostics go to stderr.
 * SIGTERM/SIGINT close the server (open sockets included) and exit 0.
 * The rules file is `{"replies":[{"model"?,"match"?,"reply", "toolCalls"?, "afterTool"?, "refusal"?, "finishReason"?}...]}` (see ReplyRule).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { FAULT_KINDS, startTestServer, type FaultKind, type ServerOptions } from './openaiServer.js';

const USAGE = 'usage: openaiServerMain [--port N] [--latency-ms N] [--rules file.json] [--fault-rate R --faults 429,500,...] [--retry-after N] [--seed N] [--require-api-key KEY] [--no-record]';

function parseNumber(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new Error(`${flag} expects a number, got ${JSON.stringify(text)}`);
  return value;
}

function parseKinds(text: string | undefined): FaultKind[] {
  const kinds = (text ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  for (const kind of kinds) {
    if (!FAULT_KINDS.includes(kind as FaultKind)) throw new Error(`unknown fault kind ${JSON.stringify(kind)} (known: ${FAULT_KINDS.join(',')})`);
  }
  return kinds as FaultKind[];
}

async function readRules(file: string | undefined): Promise<Pick<ServerOptions, 'replies'>> {
  if (file === undefined) return {};
  const parsed = JSON.parse(await readFile(file, 'utf8')) as { replies?: unknown };
  if (!Array.isArray(parsed.replies)) throw new Error(`${file}: expected {"replies":[...]}`);
  return { replies: parsed.replies as ServerOptions['replies'] };
}

async function optionsFromArgs(argv: string[]): Promise<ServerOptions & { port?: number }> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      'latency-ms': { type: 'string' },
      rules: { type: 'string' },
      'fault-rate': { type: 'string' },
      faults: { type: 'string' },
      'retry-after': { type: 'string' },
      seed: { type: 'string' },
      'require-api-key': { type: 'string' },
      'no-record': { type: 'boolean' },
    },
  });
  const rate = parseNumber(values['fault-rate'], '--fault-rate');
  const kinds = parseKinds(values.faults);
  if ((rate !== undefined) !== kinds.length > 0) throw new Error('--fault-rate and --faults go together');
  const retryAfterSeconds = parseNumber(values['retry-after'], '--retry-after');
  const seed = parseNumber(values.seed, '--seed');
  return {
    port: parseNumber(values.port, '--port') ?? 0,
    latencyMs: parseNumber(values['latency-ms'], '--latency-ms') ?? 0,
    ...(await readRules(values.rules)),
    ...(rate !== undefined ? { faults: { rate, kinds, retryAfterSeconds, seed } } : {}),
    ...(values['require-api-key'] !== undefined ? { requireApiKey: values['require-api-key'] } : {}),
    recordRequests: values['no-record'] !== true,
  };
}

async function main(): Promise<void> {
  let options: ServerOptions & { port?: number };
  try {
    options = await optionsFromArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  const server = await startTestServer(options);
  const stop = (): void => {
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`close failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.stdout.write(`${JSON.stringify({ url: server.url, port: server.port, pid: process.pid })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`openaiServerMain: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
