// The core (parser, tokenizers, providers, runner) loads on first use, not at activation: it pulls
// in zod, ajv, yaml and the OpenAI SDK, and activation must stay cheap. It is its own bundle,
// dist/core.cjs beside the extension's (scripts/build.mjs), so activation does not even parse it.
export type Core = typeof import('../core/index.js');

let loading: Promise<Core> | undefined;

export function loadCore(): Promise<Core> {
  // require(), not import(): the bundle is CommonJS, and import() of CommonJS first scans all of
  // its 1.4 MB for export names – ~130 ms more, in the task that opens the first prompt file.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the one CommonJS load, on purpose (above)
  loading ??= Promise.resolve().then(() => require('./core.cjs') as Core);
  return loading;
}
