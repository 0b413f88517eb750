// The core (parser, tokenizers, providers, runner) loads on first use, not at activation: it pulls
// in zod, ajv, yaml and the OpenAI SDK, and activation must stay cheap. esbuild turns this dynamic
// import into a lazily evaluated module inside the one bundle.
export type Core = typeof import('../core/index.js');

let loading: Promise<Core> | undefined;

export function loadCore(): Promise<Core> {
  loading ??= import('../core/index.js');
  return loading;
}
