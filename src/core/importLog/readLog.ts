import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { chatLineEvents, isChatLine, isObject } from './chatLog.js';
import type { LogEvent } from './loggedCall.js';
import { createOtlpLogReader, isOtlpLogs, isOtlpTraces, otlpTraceEvents } from './otlp.js';

// A log read line by line – JSON Lines of chat requests, `{request, response}` pairs, or OTLP JSON
// export lines – yielding each call found and each line that could not be read, with its line
// number; nothing but the current line (and, for OTLP log records, the events of spans whose answer
// has not come yet) is held. A log that is one multi-line JSON document (an OTLP export written
// pretty-printed, a JSON array of requests) cannot be split into lines: it is read whole.

export interface LogStats {
  /** Entries that are not GenAI calls (other spans): left out without a word. */
  ignored: number;
}

export async function* readLogEvents(file: string, stats: LogStats, asLines = false): AsyncGenerator<LogEvent> {
  const otlpLogs = createOtlpLogReader(() => stats.ignored++);
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let number = 0;
  let seenJson = false;
  for await (const raw of lines) {
    number++;
    const text = (number === 1 ? raw.replace(/^\uFEFF/, '') : raw).trim();
    if (!text) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      if (!asLines && !seenJson && /^[[{]$|^[[{]\s*["{[]/.test(text)) {
        lines.close();
        const whole = await readDocument(file);
        // Not one document either: a JSON Lines log whose first line is broken.
        yield* whole === undefined ? readLogEvents(file, stats, true) : documentEvents(whole, stats);
        return;
      }
      yield { problem: { line: number, reason: `not valid JSON: ${(error as Error).message}` } };
      continue;
    }
    seenJson = true;
    yield* entryEvents(value, number, stats, otlpLogs);
  }
  yield* otlpLogs.finish();
}

function entryEvents(value: unknown, line: number, stats: LogStats, otlpLogs: ReturnType<typeof createOtlpLogReader>): LogEvent[] {
  if (!isObject(value)) return [{ problem: { line, reason: 'not a JSON object' } }];
  if (isOtlpTraces(value)) return otlpTraceEvents(value, line, () => stats.ignored++);
  if (isOtlpLogs(value)) return otlpLogs.accept(value, line);
  if (isChatLine(value)) return chatLineEvents(value, line);
  return [{ problem: { line, reason: 'neither a chat request ("messages"), a {request, response} pair nor an OTLP export (resourceSpans / resourceLogs)' } }];
}

async function readDocument(file: string): Promise<unknown> {
  try {
    return JSON.parse((await readFile(file, 'utf8')).replace(/^\uFEFF/, '')) as unknown;
  } catch {
    return undefined;
  }
}

/** The whole file as one JSON document: an OTLP export, or an array of requests (each named by its position). */
function* documentEvents(value: unknown, stats: LogStats): Generator<LogEvent> {
  const otlpLogs = createOtlpLogReader(() => stats.ignored++);
  const items = Array.isArray(value) ? value : [value];
  const named = (event: LogEvent, i: number): LogEvent => {
    const where = items.length > 1 ? `item ${i + 1}` : undefined;
    if ('call' in event) return { call: { ...event.call, where: event.call.where ?? where } };
    return { problem: { ...event.problem, where: event.problem.where ?? where } };
  };
  for (const [i, item] of items.entries()) yield* entryEvents(item, 1, stats, otlpLogs).map((event) => named(event, i));
  yield* otlpLogs.finish();
}
