import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';

// A `fetch` for the openai SDK built on node:http with keep-alive agents. Node's global fetch
// (undici + WHATWG streams) costs about twice the CPU of this per request on a fast endpoint
// (bench/RESULTS.md). A JSON answer is read into one Buffer and handed over as a small
// Response-compatible object – the SDK reads only status, ok, headers and text() from it;
// server-sent events get a real Response with a stream. Going through node:http also picks up
// the proxy support VS Code's extension host patches into it.

const agents = {
  'http:': new http.Agent({ keepAlive: true, scheduling: 'lifo' }),
  'https:': new https.Agent({ keepAlive: true, scheduling: 'lifo' }),
};

function abortError(signal: AbortSignal): Error {
  const reason = signal.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  return new DOMException('This operation was aborted', 'AbortError');
}

function headerRecord(headers: RequestInit['headers']): Record<string, string> {
  if (!headers) return {};
  if (headers instanceof Headers) return Object.fromEntries(headers.entries());
  if (Array.isArray(headers)) return Object.fromEntries(headers);
  return { ...(headers as Record<string, string>) };
}

function responseHeaders(res: http.IncomingMessage): Headers {
  const headers = new Headers();
  for (let i = 0; i < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
  return headers;
}

/** The read-only part of `Headers` over node's already-parsed, lower-cased header object. */
function liteHeaders(res: http.IncomingMessage): Headers {
  const map = new Map<string, string>();
  for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) map.set(name, Array.isArray(value) ? value.join(', ') : value);
  const headers = {
    get: (name: string) => map.get(name.toLowerCase()) ?? null,
    has: (name: string) => map.has(name.toLowerCase()),
    forEach: (fn: (value: string, key: string, parent: Headers) => void) => map.forEach((v, k) => fn(v, k, headers as unknown as Headers)),
    entries: () => map.entries(),
    keys: () => map.keys(),
    values: () => map.values(),
    [Symbol.iterator]: () => map.entries(),
  };
  return headers as unknown as Headers;
}

/** What the SDK uses of a buffered JSON response; everything else a Response has throws loudly. */
function bufferedResponse(res: http.IncomingMessage, body: Buffer, url: string): Response {
  const status = res.statusCode ?? 0;
  const text = async () => body.toString('utf8');
  return {
    status,
    ok: status >= 200 && status < 300,
    statusText: res.statusMessage ?? '',
    headers: liteHeaders(res),
    url,
    redirected: false,
    body: null,
    bodyUsed: false,
    text,
    json: async () => JSON.parse(await text()),
    arrayBuffer: async () => body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength),
    clone: () => bufferedResponse(res, body, url),
  } as unknown as Response;
}

export const nodeFetch: typeof fetch = (input, init = {}) =>
  new Promise<Response>((resolve, reject) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return reject(abortError(signal));
    const transport = url.protocol === 'https:' ? https : http;
    const agent = agents[url.protocol as keyof typeof agents];
    if (!agent) return reject(new TypeError(`fetch failed: unsupported protocol ${url.protocol}`));
    // Uploads (a batch file) come as a stream: piped, never read into memory.
    const body = init.body as string | Uint8Array | ReadableStream<Uint8Array> | null | undefined;
    const req = transport.request(url, { method: init.method ?? 'GET', headers: headerRecord(init.headers), agent });
    const onAbort = () => {
      const error = abortError(signal!);
      req.destroy(error);
      reject(error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);
    req.on('error', (error) => {
      done();
      reject(signal?.aborted ? abortError(signal) : new TypeError('fetch failed', { cause: error }));
    });
    req.on('response', (res) => {
      // Server-sent events and file contents (a batch's output file) are streamed; JSON is buffered.
      const type = res.headers['content-type'] ?? '';
      if (type.includes('text/event-stream') || (type !== '' && !/json/i.test(type))) {
        res.on('close', done);
        resolve(new Response(Readable.toWeb(res) as ReadableStream<Uint8Array>, { status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: responseHeaders(res) }));
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => {
        done();
        reject(signal?.aborted ? abortError(signal) : new TypeError('fetch failed', { cause: error }));
      });
      res.on('end', () => {
        done();
        if (!res.complete) return reject(new TypeError('fetch failed', { cause: new Error('the response ended before it was complete') }));
        resolve(bufferedResponse(res, Buffer.concat(chunks), url.href));
      });
    });
    if (body instanceof ReadableStream) {
      Readable.fromWeb(body)
        .on('error', (error) => req.destroy(error))
        .pipe(req);
      return;
    }
    req.end(body ?? undefined);
  });
