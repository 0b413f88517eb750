import { chatMessages, messageText, type LogEvent, type LoggedMessage } from './loggedCall.js';
import { isObject, responseText } from './chatLog.js';

// OpenTelemetry GenAI telemetry in OTLP JSON (the collector's file exporter writes one
// ExportTraceServiceRequest / ExportLogsServiceRequest per line). The GenAI semantic conventions
// have recorded prompts and completions in several ways over their versions; each is read:
//
// - span attributes `gen_ai.input.messages`, `gen_ai.system_instructions`, `gen_ai.output.messages`
//   (messages with `parts`, semconv 1.37 and later; also on `gen_ai.client.inference.operation.details` events);
// - span attributes `gen_ai.prompt` / `gen_ai.completion` (JSON text) and their flattened form
//   `gen_ai.prompt.<i>.role` / `.content`, `gen_ai.completion.<i>.content`;
// - span events `gen_ai.content.prompt` / `gen_ai.content.completion` carrying those attributes;
// - events `gen_ai.system.message`, `gen_ai.user.message`, `gen_ai.assistant.message`,
//   `gen_ai.tool.message` and `gen_ai.choice` (semconv 1.28–1.36), as span events (their body as
//   the attribute `gen_ai.event.content`, or `content` / `role` attributes) or as log records with a
//   body, tied to their span by `spanId`.
//
// Spans that are not GenAI inference calls (HTTP, databases, embeddings, tools) are ignored.

type Attributes = Record<string, unknown>;

interface GenAiEvent {
  name: string;
  attributes: Attributes;
  body?: unknown;
}

const MESSAGE_EVENTS: Record<string, string> = {
  'gen_ai.system.message': 'system',
  'gen_ai.user.message': 'user',
  'gen_ai.assistant.message': 'assistant',
  'gen_ai.tool.message': 'tool',
};
const CHOICE_EVENT = 'gen_ai.choice';
const DETAILS_EVENT = 'gen_ai.client.inference.operation.details';
const INFERENCE_OPERATIONS = new Set(['chat', 'text_completion', 'generate_content']);

/** An OTLP AnyValue as plain data. */
export function anyValue(value: unknown): unknown {
  if (!isObject(value)) return undefined;
  if ('stringValue' in value) return value.stringValue;
  if ('boolValue' in value) return value.boolValue;
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return Number(value.doubleValue);
  if ('bytesValue' in value) return value.bytesValue;
  if (isObject(value.arrayValue)) return ((value.arrayValue.values as unknown[] | undefined) ?? []).map(anyValue);
  if (isObject(value.kvlistValue)) return attributeMap(value.kvlistValue.values);
  return undefined;
}

export function attributeMap(list: unknown): Attributes {
  const out: Attributes = {};
  if (!Array.isArray(list)) return out;
  for (const entry of list) {
    if (isObject(entry) && typeof entry.key === 'string') Object.defineProperty(out, entry.key, { value: anyValue(entry.value), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export function isOtlpTraces(value: Record<string, unknown>): boolean {
  return Array.isArray(value.resourceSpans);
}

export function isOtlpLogs(value: Record<string, unknown>): boolean {
  return Array.isArray(value.resourceLogs);
}

function* listAt(value: unknown, key: string): Generator<Record<string, unknown>> {
  const list = isObject(value) ? value[key] : undefined;
  if (Array.isArray(list)) for (const item of list) if (isObject(item)) yield item;
}

/** The calls of one ExportTraceServiceRequest; `ignored` counts spans that are not GenAI calls. */
export function otlpTraceEvents(doc: Record<string, unknown>, line: number, onIgnored: () => void): LogEvent[] {
  const events: LogEvent[] = [];
  for (const resource of listAt(doc, 'resourceSpans'))
    for (const scope of listAt(resource, 'scopeSpans'))
      for (const span of listAt(scope, 'spans')) {
        const attributes = attributeMap(span.attributes);
        const spanEvents: GenAiEvent[] = [...listAt(span, 'events')].map((e) => ({ name: typeof e.name === 'string' ? e.name : '', attributes: attributeMap(e.attributes) }));
        const where = `span ${typeof span.spanId === 'string' ? span.spanId : '?'}${typeof span.name === 'string' ? ` (${span.name})` : ''}`;
        const event = genAiCall(attributes, spanEvents, line, where);
        if (event) events.push(event);
        else onIgnored();
      }
  return events;
}

/** The call a span (or a details event) records, a problem, or undefined when it is no GenAI inference call. */
function genAiCall(attributes: Attributes, events: readonly GenAiEvent[], line: number, where: string): LogEvent | undefined {
  const operation = attributes['gen_ai.operation.name'];
  const genAi = Object.keys(attributes).some((k) => k.startsWith('gen_ai.')) || events.some((e) => e.name.startsWith('gen_ai.'));
  if (!genAi || (typeof operation === 'string' && !INFERENCE_OPERATIONS.has(operation))) return undefined;
  const found = fromAttributes(attributes) ?? fromContentEvents(events) ?? fromMessageEvents(events);
  if (!found) return { problem: { line, where, reason: 'a GenAI span without its prompt (is capturing message content turned on in the instrumentation?)' } };
  if ('reason' in found) return { problem: { line, where, reason: found.reason } };
  return { call: { line, where, messages: found.messages, ...(found.response === undefined ? {} : { response: found.response }) } };
}

type Found = { messages: LoggedMessage[]; response?: string } | { reason: string };

function parsedJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function fromAttributes(attributes: Attributes): Found | undefined {
  if (attributes['gen_ai.input.messages'] !== undefined) return partsMessages(attributes);
  if (attributes['gen_ai.prompt'] !== undefined) return promptCompletion(attributes['gen_ai.prompt'], attributes['gen_ai.completion']);
  if (attributes['gen_ai.prompt.0.role'] !== undefined || attributes['gen_ai.prompt.0.content'] !== undefined) return flattened(attributes);
  return undefined;
}

/** semconv ≥ 1.37: `{role, parts: [{type: "text", content}]}` messages; system instructions apart. */
function partsMessages(attributes: Attributes): Found {
  const messages: LoggedMessage[] = [];
  const instructions = parsedJson(attributes['gen_ai.system_instructions']);
  if (instructions !== undefined) {
    const text = partsText(Array.isArray(instructions) ? instructions : [instructions]);
    if ('reason' in text) return { reason: `gen_ai.system_instructions ${text.reason}` };
    messages.push({ role: 'system', content: text.text });
  }
  const input = parsedJson(attributes['gen_ai.input.messages']);
  if (!Array.isArray(input)) return { reason: 'gen_ai.input.messages is not a list of messages' };
  for (const [i, entry] of input.entries()) {
    const m = isObject(entry) ? entry : {};
    if (typeof m.role !== 'string') return { reason: `gen_ai.input.messages[${i}] has no role` };
    const text = Array.isArray(m.parts) ? partsText(m.parts) : messageText(m.content);
    if ('reason' in text) return { reason: `gen_ai.input.messages[${i}] (${m.role}) ${text.reason}` };
    messages.push({ role: m.role, content: text.text });
  }
  const output = parsedJson(attributes['gen_ai.output.messages']);
  const first = Array.isArray(output) && isObject(output[0]) ? output[0] : undefined;
  const answer = first && Array.isArray(first.parts) ? partsText(first.parts) : undefined;
  return { messages, ...(answer && 'text' in answer ? { response: answer.text } : {}) };
}

function partsText(parts: readonly unknown[]): { text: string } | { reason: string } {
  let text = '';
  for (const part of parts) {
    const p = isObject(part) ? part : {};
    if (p.type !== 'text' || typeof p.content !== 'string') return { reason: `has a ${typeof p.type === 'string' ? p.type : 'non-text'} part, which a dataset row cannot hold` };
    text += p.content;
  }
  return { text };
}

/** `gen_ai.prompt` / `gen_ai.completion` as JSON text: a list of `{role, content}`, or plain text. */
function promptCompletion(prompt: unknown, completion: unknown): Found {
  const parsed = parsedJson(prompt);
  const found = typeof parsed === 'string' ? { messages: [{ role: 'user', content: parsed }] } : chatMessages(parsed);
  if ('reason' in found) return { reason: `gen_ai.prompt: ${found.reason}` };
  const response = completionText(parsedJson(completion));
  return { messages: found.messages, ...(response === undefined ? {} : { response }) };
}

function completionText(completion: unknown): string | undefined {
  if (typeof completion === 'string') return completion;
  const first = Array.isArray(completion) ? completion[0] : completion;
  if (!isObject(first)) return undefined;
  if (isObject(first.message)) return completionText(first.message);
  const text = messageText(first.content);
  return 'text' in text ? text.text : undefined;
}

/** OpenLLMetry's flattened attributes: `gen_ai.prompt.0.role`, `gen_ai.prompt.0.content`, … */
function flattened(attributes: Attributes): Found {
  const messages: LoggedMessage[] = [];
  for (let i = 0; attributes[`gen_ai.prompt.${i}.role`] !== undefined || attributes[`gen_ai.prompt.${i}.content`] !== undefined; i++) {
    const role = attributes[`gen_ai.prompt.${i}.role`];
    const content = attributes[`gen_ai.prompt.${i}.content`];
    if (typeof content !== 'string') return { reason: `gen_ai.prompt.${i}.content is missing` };
    messages.push({ role: typeof role === 'string' ? role : 'user', content });
  }
  const response = attributes['gen_ai.completion.0.content'];
  return { messages, ...(typeof response === 'string' ? { response } : {}) };
}

/** semconv 1.26–1.27: span events `gen_ai.content.prompt` / `gen_ai.content.completion`. */
function fromContentEvents(events: readonly GenAiEvent[]): Found | undefined {
  const prompt = events.find((e) => e.name === 'gen_ai.content.prompt');
  if (!prompt) return undefined;
  const completion = events.find((e) => e.name === 'gen_ai.content.completion');
  return promptCompletion(prompt.attributes['gen_ai.prompt'], completion?.attributes['gen_ai.completion']);
}

/** semconv 1.28–1.36: one event per message, then `gen_ai.choice`. */
function fromMessageEvents(events: readonly GenAiEvent[]): Found | undefined {
  const details = events.find((e) => e.name === DETAILS_EVENT);
  if (details) return fromAttributes(details.attributes);
  const messages: LoggedMessage[] = [];
  let response: string | undefined;
  for (const event of events) {
    const body = eventBody(event);
    const role = MESSAGE_EVENTS[event.name];
    if (role) {
      const text = messageText(body.content);
      if ('reason' in text) return { reason: `${event.name} event ${text.reason}` };
      messages.push({ role: typeof body.role === 'string' ? body.role : role, content: text.text });
    } else if (event.name === CHOICE_EVENT && response === undefined) {
      response = responseText({ choices: [body] }) ?? completionText(body);
    }
  }
  if (!messages.length) return undefined;
  return { messages, ...(response === undefined ? {} : { response }) };
}

/** An event's body: a log record's body, the `gen_ai.event.content` attribute (JSON), or its attributes. */
function eventBody(event: GenAiEvent): Record<string, unknown> {
  if (isObject(event.body)) return event.body;
  const content = parsedJson(event.attributes['gen_ai.event.content']);
  if (isObject(content)) return content;
  return event.attributes;
}

/**
 * Log records of GenAI events, grouped into calls by their span: a group ends at its `gen_ai.choice`
 * (the answer comes last), and groups still open at the end of the log are read without one. Records
 * with no span id are grouped in the order they come, within their line.
 */
export function createOtlpLogReader(onIgnored: () => void) {
  const open = new Map<string, { line: number; events: GenAiEvent[] }>();
  const close = (key: string): LogEvent[] => {
    const group = open.get(key);
    open.delete(key);
    if (!group) return [];
    const event = genAiCall({}, group.events, group.line, key.startsWith('line:') ? `events before line ${group.line}` : `span ${key}`);
    if (!event) onIgnored();
    return event ? [event] : [];
  };
  return {
    accept(doc: Record<string, unknown>, line: number): LogEvent[] {
      const out: LogEvent[] = [];
      for (const resource of listAt(doc, 'resourceLogs'))
        for (const scope of listAt(resource, 'scopeLogs'))
          for (const record of listAt(scope, 'logRecords')) {
            const attributes = attributeMap(record.attributes);
            const name = typeof record.eventName === 'string' && record.eventName ? record.eventName : attributes['event.name'];
            if (typeof name !== 'string' || !name.startsWith('gen_ai.')) continue;
            const event: GenAiEvent = { name, attributes, body: anyValue(record.body) };
            if (name === DETAILS_EVENT) {
              const call = genAiCall(attributes, [], line, `event ${name}`);
              if (call) out.push(call);
              continue;
            }
            const key = typeof record.spanId === 'string' && record.spanId ? record.spanId : `line:${line}`;
            const group = open.get(key) ?? { line, events: [] };
            group.events.push(event);
            open.set(key, group);
            if (name === CHOICE_EVENT) out.push(...close(key));
          }
      for (const key of [...open.keys()]) if (key === `line:${line}`) out.push(...close(key));
      return out;
    },
    finish(): LogEvent[] {
      return [...open.keys()].flatMap(close);
    },
  };
}
